import Foundation
@testable import Ledger
import Testing
import TestSupport

/// A Merkle hash source over in-memory leaves, computing every subtree by the RFC's recursion.
struct ReferenceTree: MerkleHashSource {
    let leaves: [[UInt8]]

    /// RFC 9162 MTH written directly from its definition, independent of `MerkleTree`.
    func referenceHash(_ range: Range<Int>) -> Digest32 {
        if range.isEmpty { return MerkleHashing.emptyTreeRoot }
        if range.count == 1 { return MerkleHashing.leafHash(leaves[range.lowerBound]) }
        var split = 1
        while split * 2 < range.count { split *= 2 }
        return MerkleHashing.nodeHash(
            referenceHash(range.lowerBound..<range.lowerBound + split),
            referenceHash(range.lowerBound + split..<range.upperBound))
    }

    func leafHash(at index: UInt64) throws -> Digest32 {
        MerkleHashing.leafHash(leaves[Int(index)])
    }

    func nodeHash(level: Int, index: UInt64) throws -> Digest32 {
        let start = Int(index) << level
        return referenceHash(start..<start + (1 << level))
    }
}

func hexBytes(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    // The Certificate Transparency reference leaves and roots (RFC 6962 test data).
    static let leaves = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hexBytes)
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map { Digest32(hex: $0)! }

    let tree = ReferenceTree(leaves: MerkleTreeTests.leaves)

    @Test func emptyTreeIsTheHashOfNothing() {
        #expect(MerkleHashing.emptyTreeRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleFrontier().root == MerkleHashing.emptyTreeRoot)
    }

    @Test func rootsMatchTheReferenceVectors() throws {
        var frontier = MerkleFrontier()
        for (index, leaf) in Self.leaves.enumerated() {
            frontier.append(leafHash: MerkleHashing.leafHash(leaf))
            #expect(frontier.root == Self.roots[index], "frontier root at size \(index + 1)")
            #expect(try MerkleTree.root(size: UInt64(index + 1), source: tree) == Self.roots[index])
        }
    }

    @Test func inclusionProofMatchesTheReferenceVector() throws {
        let path = try MerkleTree.inclusionPath(leafIndex: 5, treeSize: 8, source: tree)
        #expect(path.map(\.hex) == [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ])
        #expect(MerkleProofVerifier.verifyInclusion(
            leafHash: MerkleHashing.leafHash(Self.leaves[5]), leafIndex: 5, treeSize: 8, path: path, root: Self.roots[7]))
    }

    @Test func consistencyProofsMatchTheReferenceVectors() throws {
        let threeToEight = try MerkleTree.consistencyPath(oldSize: 3, newSize: 8, source: tree)
        #expect(threeToEight.map(\.hex) == [
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ])
        let twoToFive = try MerkleTree.consistencyPath(oldSize: 2, newSize: 5, source: tree)
        #expect(twoToFive.map(\.hex) == [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ])
        #expect(MerkleProofVerifier.verifyConsistency(
            oldSize: 3, newSize: 8, oldRoot: Self.roots[2], newRoot: Self.roots[7], path: threeToEight))
    }

    /// Every leaf of every tree size up to 70 (all the non-power-of-two shapes), against the
    /// reference recursion; and every proof rejected once any part of it is changed.
    @Test func everyInclusionProofUpToSeventyLeaves() throws {
        let leaves = (0..<70).map { Array("leaf \($0)".utf8) }
        let reference = ReferenceTree(leaves: leaves)
        for size in 1...UInt64(leaves.count) {
            let root = reference.referenceHash(0..<Int(size))
            #expect(try MerkleTree.root(size: size, source: reference) == root)
            for index in 0..<size {
                let leafHash = MerkleHashing.leafHash(leaves[Int(index)])
                let path = try MerkleTree.inclusionPath(leafIndex: index, treeSize: size, source: reference)
                #expect(MerkleProofVerifier.verifyInclusion(
                    leafHash: leafHash, leafIndex: index, treeSize: size, path: path, root: root),
                    "leaf \(index) of \(size)")
                #expect(!MerkleProofVerifier.verifyInclusion(
                    leafHash: leafHash, leafIndex: index, treeSize: size, path: path, root: MerkleHashing.emptyTreeRoot))
                if size > 1 {
                    #expect(!MerkleProofVerifier.verifyInclusion(
                        leafHash: leafHash, leafIndex: (index + 1) % size, treeSize: size, path: path, root: root))
                    var damaged = path
                    damaged[Int(index) % path.count] = MerkleHashing.leafHash([0xff])
                    #expect(!MerkleProofVerifier.verifyInclusion(
                        leafHash: leafHash, leafIndex: index, treeSize: size, path: damaged, root: root))
                    #expect(!MerkleProofVerifier.verifyInclusion(
                        leafHash: leafHash, leafIndex: index, treeSize: size, path: path + [root], root: root))
                }
            }
        }
    }

    @Test func everyConsistencyProofUpToFortyLeaves() throws {
        let leaves = (0..<40).map { Array("entry \($0)".utf8) }
        let reference = ReferenceTree(leaves: leaves)
        for newSize in 1...UInt64(leaves.count) {
            let newRoot = reference.referenceHash(0..<Int(newSize))
            for oldSize in 0...newSize {
                let oldRoot = reference.referenceHash(0..<Int(oldSize))
                let path = try MerkleTree.consistencyPath(oldSize: oldSize, newSize: newSize, source: reference)
                #expect(MerkleProofVerifier.verifyConsistency(
                    oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path),
                    "\(oldSize) → \(newSize)")
                guard oldSize > 0 && oldSize < newSize else { continue }
                #expect(!MerkleProofVerifier.verifyConsistency(
                    oldSize: oldSize, newSize: newSize, oldRoot: newRoot, newRoot: newRoot, path: path))
                var damaged = path
                damaged[damaged.count - 1] = MerkleHashing.leafHash([0xee])
                #expect(!MerkleProofVerifier.verifyConsistency(
                    oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: damaged))
                #expect(!MerkleProofVerifier.verifyConsistency(
                    oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: []))
            }
        }
    }

    @Test func frontierReportsEveryCompletedSubtree() {
        let leaves = (0..<37).map { Array("x\($0)".utf8) }
        let reference = ReferenceTree(leaves: leaves)
        var frontier = MerkleFrontier()
        var completed: [MerkleFrontier.CompletedNode] = []
        for leaf in leaves {
            frontier.append(leafHash: MerkleHashing.leafHash(leaf)) { completed.append($0) }
        }
        #expect(completed.count == 37 - 37.nonzeroBitCount)
        for node in completed {
            let start = Int(node.index) << node.level
            #expect(node.hash == reference.referenceHash(start..<start + (1 << node.level)))
        }
    }
}
