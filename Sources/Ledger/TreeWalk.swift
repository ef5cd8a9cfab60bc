import LMDB

/// One pass over the event hashes recomputing the Merkle tree: every stored interior node must
/// equal the recomputed one, and every checkpoint's root, head hash and signature must hold at
/// its tree size. Trusts stored event hashes; `ChainWalk` checks those.
struct TreeWalk {
    struct Outcome {
        var nodesChecked: UInt64 = 0
        var treeSize: UInt64 = 0
        var rootHash = MerkleHashing.emptyTreeRoot
        var checkpointsChecked = 0
        var latestCheckpoint: Checkpoint?
        var failures: [VerificationFailure] = []
    }

    let transaction: LedgerReadTransaction
    /// The last sequence to walk: where the chain walk's snapshot ends.
    let limit: UInt64
    var outcome = Outcome()
    var frontier = MerkleFrontier()
    /// The log's end in this walk's own snapshot (at or after `limit`).
    let snapshotSize: UInt64
    /// The checkpoints up to `limit`, in order.
    var checkpoints: [Checkpoint]
    /// A checkpoint signed for more events than the log holds: the log lost its tail.
    var checkpointBeyondLog: Checkpoint?
    /// A checkpoint stored under a key other than its own tree size, or signed for no events.
    var misplacedCheckpoint: VerificationFailure?
    /// A checkpoint of the empty log (older versions signed one on request): checked before the walk.
    var emptyTreeCheckpoint: Checkpoint?
    var nextCheckpoint = 0

    init(transaction: LedgerReadTransaction, limit: UInt64) throws {
        self.transaction = transaction
        self.limit = limit
        let stored = try transaction.storedCheckpoints()
        let all = stored.map(\.checkpoint)
        snapshotSize = try transaction.lastSequence()
        checkpoints = all.filter { $0.treeSize > 0 && $0.treeSize <= limit }
        checkpointBeyondLog = all.first { $0.treeSize > snapshotSize }
        if let misplaced = stored.first(where: { $0.keyTreeSize != $0.checkpoint.treeSize }) {
            let key = misplaced.keyTreeSize.map(String.init) ?? "a malformed key"
            misplacedCheckpoint = VerificationFailure(
                component: .checkpoint, sequence: misplaced.checkpoint.treeSize == 0 ? nil : misplaced.checkpoint.treeSize,
                message: "the checkpoint stored under tree size \(key) is signed for tree size \(misplaced.checkpoint.treeSize)")
        }
        emptyTreeCheckpoint = all.first { $0.treeSize == 0 }
    }

    mutating func run() throws -> Outcome {
        let tables = transaction.tables
        if let misplacedCheckpoint { outcome.failures.append(misplacedCheckpoint) }
        if let checkpoint = emptyTreeCheckpoint {
            if let message = check(checkpoint, rootHash: MerkleHashing.emptyTreeRoot, headHash: transaction.ledger.identity.genesisHash) {
                outcome.failures.append(VerificationFailure(component: .checkpoint, sequence: nil, message: message))
            } else {
                outcome.checkpointsChecked += 1
            }
        }
        try transaction.transaction.withCursor(on: tables.merkleNodes) { nodeCursor in
            var nodes = MerkleNodeWalk(cursor: nodeCursor)
            try transaction.transaction.withCursor(on: tables.events) { cursor in
                var entry = try cursor.first()
                var expected: UInt64 = 1
                while let current = entry, expected <= limit {
                    if let failure = check(current, expected: expected, nodes: &nodes) {
                        outcome.failures.append(failure)
                        return
                    }
                    expected += 1
                    entry = try cursor.next()
                }
                finish(nodes: &nodes)
            }
            outcome.nodesChecked = nodes.checked
        }
        outcome.treeSize = frontier.size
        outcome.rootHash = frontier.root
        outcome.latestCheckpoint = checkpoints.last
        return outcome
    }

    private mutating func check(_ entry: CursorEntry, expected: UInt64, nodes: inout MerkleNodeWalk) -> VerificationFailure? {
        // Records that do not parse or sit out of place are the chain walk's to report.
        guard BigEndianKey.uint64(entry.key) == expected, let view = try? EventRecordView(entry.value) else {
            return VerificationFailure(component: .merkleTree, sequence: expected, message: "the event cannot be read")
        }
        var nodeFailure: String?
        frontier.append(leafHash: MerkleHashing.leafHash(eventHash: view.hash)) { node in
            if nodeFailure == nil { nodeFailure = nodes.check(node) }
        }
        if let nodeFailure {
            return VerificationFailure(component: .merkleTree, sequence: expected, message: nodeFailure)
        }
        if let message = checkCheckpoints(headHash: view.hash) {
            return VerificationFailure(component: .checkpoint, sequence: expected, message: message)
        }
        return nil
    }

    private mutating func checkCheckpoints(headHash: Digest32) -> String? {
        while nextCheckpoint < checkpoints.count && checkpoints[nextCheckpoint].treeSize <= frontier.size {
            let checkpoint = checkpoints[nextCheckpoint]
            nextCheckpoint += 1
            guard checkpoint.treeSize == frontier.size else {
                return "checkpoint of tree size \(checkpoint.treeSize) was skipped"
            }
            if let message = check(checkpoint, rootHash: frontier.root, headHash: headHash) { return message }
            outcome.checkpointsChecked += 1
        }
        return nil
    }

    /// What is wrong with a checkpoint of the log whose tree has this root and head, if anything.
    private func check(_ checkpoint: Checkpoint, rootHash: Digest32, headHash: Digest32) -> String? {
        let identity = transaction.ledger.identity
        guard checkpoint.ledgerID == identity.id, checkpoint.publicKey == identity.publicKey else {
            return "checkpoint at tree size \(checkpoint.treeSize) belongs to another ledger"
        }
        guard checkpoint.hasValidSignature else {
            return "checkpoint at tree size \(checkpoint.treeSize) has an invalid signature"
        }
        guard checkpoint.rootHash == rootHash, checkpoint.headHash == headHash else {
            return "the log no longer matches the checkpoint signed at tree size \(checkpoint.treeSize)"
        }
        return nil
    }

    private mutating func finish(nodes: inout MerkleNodeWalk) {
        if let checkpoint = checkpointBeyondLog {
            outcome.failures.append(VerificationFailure(
                component: .checkpoint, sequence: snapshotSize + 1,
                message: "checkpoint signed at tree size \(checkpoint.treeSize) but the log ends at \(snapshotSize): events are missing"))
        }
        if let extra = nodes.extraNode(walkedSize: frontier.size, snapshotSize: snapshotSize) {
            outcome.failures.append(VerificationFailure(component: .merkleTree, sequence: nil, message: extra))
        }
    }
}

/// Compares each recomputed interior node with the stored one. Nodes are stored in the order
/// appends complete them, which is the order the walk recomputes them, so every comparison is
/// one sequential step of a single cursor.
private struct MerkleNodeWalk {
    let cursor: Cursor
    var started = false
    var checked: UInt64 = 0

    init(cursor: Cursor) {
        self.cursor = cursor
    }

    mutating func check(_ node: MerkleFrontier.CompletedNode) -> String? {
        let entry = started ? try? cursor.next() : try? cursor.first()
        started = true
        checked += 1
        let position = LedgerTables.merkleNodePosition(level: node.level, index: node.index)
        guard let entry, BigEndianKey.uint64(entry.key) == position else {
            return "Merkle node (level \(node.level), index \(node.index)) is missing"
        }
        guard entry.value.count == Digest32.byteCount, Digest32(entry.value) == node.hash else {
            return "Merkle node (level \(node.level), index \(node.index)) differs from the recomputed one"
        }
        return nil
    }

    /// A stored node that no event of the snapshot accounts for. (Nodes completed by events
    /// after `walkedSize`, appended since the chain walk began, are left to the next verify.)
    mutating func extraNode(walkedSize: UInt64, snapshotSize: UInt64) -> String? {
        let accounted = snapshotSize - UInt64(snapshotSize.nonzeroBitCount)
        let walked = walkedSize - UInt64(walkedSize.nonzeroBitCount)
        guard let last = try? cursor.last(), let position = BigEndianKey.uint64(last.key) else {
            return walked == 0 ? nil : "the Merkle node table is unreadable"
        }
        guard position >= accounted else { return nil }
        return "stored Merkle node at position \(position) beyond the \(accounted) the log accounts for"
    }
}
