/// The roots of the complete subtrees along the right edge of a Merkle tree (one for each set
/// bit of its size, largest first): all an append needs to extend the tree and compute its root.
public struct MerkleFrontier: Sendable, Equatable {
    public private(set) var size: UInt64
    /// Subtree roots, leftmost (largest) first.
    public private(set) var hashes: [Digest32]

    public init() {
        size = 0
        hashes = []
    }

    init(size: UInt64, hashes: [Digest32]) {
        precondition(hashes.count == size.nonzeroBitCount, "a frontier holds one hash per set bit of its size")
        self.size = size
        self.hashes = hashes
    }

    /// A complete subtree this append finished: `level` ≥ 1, covering leaves
    /// `[index << level, (index + 1) << level)`.
    public struct CompletedNode: Equatable {
        public let level: Int
        public let index: UInt64
        public let hash: Digest32
    }

    /// Appends one leaf hash and reports every interior node it completed, lowest first.
    public mutating func append(leafHash: Digest32) {
        append(leafHash: leafHash) { _ in }
    }

    @discardableResult
    public mutating func append(leafHash: Digest32, completed: (CompletedNode) throws -> Void) rethrows -> Int {
        var hash = leafHash
        let newSize = size + 1
        let levels = newSize.trailingZeroBitCount
        var level = 1
        while level <= levels {
            let left = hashes.removeLast()
            hash = MerkleHashing.nodeHash(left, hash)
            try completed(CompletedNode(level: level, index: (newSize >> UInt64(level)) - 1, hash: hash))
            level += 1
        }
        hashes.append(hash)
        size = newSize
        assert(hashes.count == size.nonzeroBitCount)
        return levels
    }

    /// The tree's root hash (RFC 9162 MTH).
    public var root: Digest32 {
        guard var accumulator = hashes.last else { return MerkleHashing.emptyTreeRoot }
        for hash in hashes.dropLast().reversed() {
            accumulator = MerkleHashing.nodeHash(hash, accumulator)
        }
        return accumulator
    }

    /// The subtrees a frontier of `size` consists of: (level, first leaf), largest first.
    static func subtrees(ofSize size: UInt64) -> [(level: Int, start: UInt64)] {
        var result: [(level: Int, start: UInt64)] = []
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (1 << UInt64(level)) != 0 {
            result.append((level, start))
            start += 1 << UInt64(level)
        }
        return result
    }
}
