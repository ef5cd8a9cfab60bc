import Foundation

/// Proof that one event is in the log at a given tree size: everything a court needs to check
/// it offline with SHA-256 alone (RFC 9162 section 2.1.3).
public struct InclusionProof: Sendable, Equatable, Codable {
    public let ledgerID: UUID
    public let sequence: UInt64
    public let treeSize: UInt64
    public let eventHash: Digest32
    /// The audit path, from the leaf upwards.
    public let path: [Digest32]
    public let rootHash: Digest32

    /// The event is leaf `sequence - 1`.
    public var leafIndex: UInt64 { sequence - 1 }

    public func verify() -> Bool {
        MerkleProofVerifier.verifyInclusion(
            leafHash: MerkleHashing.leafHash(eventHash: eventHash), leafIndex: leafIndex,
            treeSize: treeSize, path: path, root: rootHash)
    }
}

/// Proof that the log at `oldSize` is a prefix of the log at `newSize` (RFC 9162 section 2.1.4):
/// nothing recorded before was changed or removed.
public struct ConsistencyProof: Sendable, Equatable, Codable {
    public let ledgerID: UUID
    public let oldSize: UInt64
    public let newSize: UInt64
    public let oldRoot: Digest32
    public let newRoot: Digest32
    public let path: [Digest32]

    public func verify() -> Bool {
        MerkleProofVerifier.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path)
    }
}
