/// Where proof construction reads the hashes of complete subtrees.
public protocol MerkleHashSource {
    /// The leaf hash of leaf `index` (0-based).
    func leafHash(at index: UInt64) throws -> Digest32
    /// The root of the complete subtree at `level` ≥ 1 covering leaves `[index << level, (index + 1) << level)`.
    func nodeHash(level: Int, index: UInt64) throws -> Digest32
}

/// Merkle tree heads and proofs as RFC 9162 (section 2.1) defines them, computed from a source
/// of complete-subtree hashes so that no proof needs more than O(log n) reads.
public enum MerkleTree {
    /// The largest power of two smaller than `count` (`count` > 1).
    static func split(_ count: UInt64) -> UInt64 {
        precondition(count > 1)
        return 1 << UInt64(63 - (count - 1).leadingZeroBitCount)
    }

    /// MTH(D[start:end]).
    public static func hash(from start: UInt64, to end: UInt64, source: some MerkleHashSource) throws -> Digest32 {
        precondition(start <= end)
        let count = end - start
        if count == 0 { return MerkleHashing.emptyTreeRoot }
        if count.nonzeroBitCount == 1 && start % count == 0 {
            let level = count.trailingZeroBitCount
            return level == 0
                ? try source.leafHash(at: start)
                : try source.nodeHash(level: level, index: start >> UInt64(level))
        }
        let middle = start + split(count)
        return MerkleHashing.nodeHash(
            try hash(from: start, to: middle, source: source), try hash(from: middle, to: end, source: source))
    }

    public static func root(size: UInt64, source: some MerkleHashSource) throws -> Digest32 {
        try hash(from: 0, to: size, source: source)
    }

    /// PATH(index, D[0:size]): the audit path of one leaf, from the leaf upwards.
    public static func inclusionPath(
        leafIndex: UInt64, treeSize: UInt64, source: some MerkleHashSource
    ) throws -> [Digest32] {
        precondition(leafIndex < treeSize, "leaf \(leafIndex) outside a tree of \(treeSize)")
        var path: [Digest32] = []
        try appendPath(index: leafIndex, start: 0, end: treeSize, source: source, into: &path)
        return path
    }

    private static func appendPath(
        index: UInt64, start: UInt64, end: UInt64, source: some MerkleHashSource, into path: inout [Digest32]
    ) throws {
        let count = end - start
        if count <= 1 { return }
        let middle = start + split(count)
        if index < middle {
            try appendPath(index: index, start: start, end: middle, source: source, into: &path)
            path.append(try hash(from: middle, to: end, source: source))
        } else {
            try appendPath(index: index, start: middle, end: end, source: source, into: &path)
            path.append(try hash(from: start, to: middle, source: source))
        }
    }

    /// PROOF(oldSize, D[0:newSize]): proves the tree of `oldSize` is a prefix of the tree of `newSize`.
    public static func consistencyPath(
        oldSize: UInt64, newSize: UInt64, source: some MerkleHashSource
    ) throws -> [Digest32] {
        precondition(oldSize <= newSize, "old size \(oldSize) beyond new size \(newSize)")
        if oldSize == 0 || oldSize == newSize { return [] }
        var path: [Digest32] = []
        try appendSubproof(
            oldEnd: oldSize, start: 0, end: newSize, startsWholeOldTree: true, source: source, into: &path)
        return path
    }

    private static func appendSubproof(
        oldEnd: UInt64, start: UInt64, end: UInt64, startsWholeOldTree: Bool,
        source: some MerkleHashSource, into path: inout [Digest32]
    ) throws {
        if oldEnd == end {
            if !startsWholeOldTree {
                path.append(try hash(from: start, to: end, source: source))
            }
            return
        }
        let middle = start + split(end - start)
        if oldEnd <= middle {
            try appendSubproof(
                oldEnd: oldEnd, start: start, end: middle, startsWholeOldTree: startsWholeOldTree,
                source: source, into: &path)
            path.append(try hash(from: middle, to: end, source: source))
        } else {
            try appendSubproof(
                oldEnd: oldEnd, start: middle, end: end, startsWholeOldTree: false, source: source, into: &path)
            path.append(try hash(from: start, to: middle, source: source))
        }
    }
}
