/// The verification algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2. They need nothing but
/// the proof, the sizes and the hashes, so a court can run them offline.
public enum MerkleProofVerifier {
    /// Whether `path` proves that `leafHash` is leaf `leafIndex` of the tree of `treeSize` with `root`.
    public static func verifyInclusion(
        leafHash: Digest32, leafIndex: UInt64, treeSize: UInt64, path: [Digest32], root: Digest32
    ) -> Bool {
        guard leafIndex < treeSize else { return false }
        var index = leafIndex
        var lastIndex = treeSize - 1
        var computed = leafHash
        for sibling in path {
            if lastIndex == 0 { return false }
            if index & 1 == 1 || index == lastIndex {
                computed = MerkleHashing.nodeHash(sibling, computed)
                while index & 1 == 0 && index != 0 {
                    index >>= 1
                    lastIndex >>= 1
                }
            } else {
                computed = MerkleHashing.nodeHash(computed, sibling)
            }
            index >>= 1
            lastIndex >>= 1
        }
        return lastIndex == 0 && computed == root
    }

    /// Whether `path` proves the tree of `oldSize` with `oldRoot` is a prefix of the tree of
    /// `newSize` with `newRoot`.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: Digest32, newRoot: Digest32, path: [Digest32]
    ) -> Bool {
        guard oldSize <= newSize else { return false }
        if oldSize == newSize { return path.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return path.isEmpty && oldRoot == MerkleHashing.emptyTreeRoot }
        guard !path.isEmpty else { return false }
        var nodes = path
        if oldSize.nonzeroBitCount == 1 {
            nodes.insert(oldRoot, at: 0)
        }
        var oldIndex = oldSize - 1
        var newIndex = newSize - 1
        while oldIndex & 1 == 1 {
            oldIndex >>= 1
            newIndex >>= 1
        }
        var oldComputed = nodes[0]
        var newComputed = nodes[0]
        for node in nodes.dropFirst() {
            if newIndex == 0 { return false }
            if oldIndex & 1 == 1 || oldIndex == newIndex {
                oldComputed = MerkleHashing.nodeHash(node, oldComputed)
                newComputed = MerkleHashing.nodeHash(node, newComputed)
                while oldIndex & 1 == 0 && oldIndex != 0 {
                    oldIndex >>= 1
                    newIndex >>= 1
                }
            } else {
                newComputed = MerkleHashing.nodeHash(newComputed, node)
            }
            oldIndex >>= 1
            newIndex >>= 1
        }
        return oldComputed == oldRoot && newComputed == newRoot && newIndex == 0
    }
}
