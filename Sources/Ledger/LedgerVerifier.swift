import LMDB

/// Checks, from the stored bytes alone, that the log is whole and untampered: every record
/// parses and sits under its own sequence, every hash recomputes, the chain links, times never
/// go backwards, every payload matches its salted digest, redactions are all accounted for,
/// the stored Merkle tree equals the one recomputed from event hashes, and every checkpoint's
/// root and signature hold. Optionally replays projections and indexes too.
public enum LedgerVerifier {
    public static func verify(_ ledger: Ledger, includingDerivedTables: Bool = true) throws -> VerificationReport {
        var report = try ledger.read { transaction in
            var walk = try ChainWalk(transaction: transaction)
            return try walk.run()
        }
        if includingDerivedTables {
            do {
                report.derivedTables = try LedgerRebuilder.check(ledger)
            } catch let error as LedgerError {
                if case .corrupted(let sequence, let reason) = error {
                    report.failures.append(VerificationFailure(component: .indexes, sequence: sequence, message: reason))
                } else {
                    throw error
                }
            }
        }
        return report
    }
}

/// One pass over the log in sequence order, stopping at the first broken link.
private struct ChainWalk {
    let transaction: LedgerReadTransaction
    var report = VerificationReport()
    var frontier = MerkleFrontier()
    var previousHash: Digest32
    var previousTime = Int64.min
    /// Redaction event sequence → the events that say it redacted them.
    var pendingRedactions: [UInt64: [UInt64]] = [:]
    var checkpoints: [Checkpoint]
    var nextCheckpoint = 0

    init(transaction: LedgerReadTransaction) throws {
        self.transaction = transaction
        self.previousHash = transaction.ledger.identity.genesisHash
        self.checkpoints = try transaction.checkpoints()
    }

    mutating func run() throws -> VerificationReport {
        let tables = transaction.tables
        try transaction.transaction.withCursors(on: tables.merkleNodes, count: 64) { nodeCursors in
            var nodes = MerkleNodeWalk(cursors: nodeCursors)
            try transaction.transaction.withCursor(on: tables.events) { cursor in
                var entry = try cursor.first()
                var expected: UInt64 = 1
                while let current = entry {
                    if let failure = try check(current, expected: expected, nodes: &nodes) {
                        report.failures.append(failure)
                        return
                    }
                    expected += 1
                    entry = try cursor.next()
                }
            }
            if report.failures.isEmpty {
                finish(nodes: &nodes)
            }
        }
        report.treeSize = frontier.size
        report.rootHash = frontier.root
        report.latestCheckpoint = checkpoints.last
        return report
    }

    private mutating func check(_ entry: CursorEntry, expected: UInt64, nodes: inout MerkleNodeWalk) throws -> VerificationFailure? {
        func failure(_ message: String, _ component: VerificationFailure.Component = .chain) -> VerificationFailure {
            VerificationFailure(component: component, sequence: expected, message: message)
        }
        guard let key = BigEndianKey.uint64(entry.key) else { return failure("a log key is not 8 bytes") }
        if key != expected {
            return failure("event missing: the log goes from \(expected - 1) to \(key)")
        }
        let view: EventRecordView
        do { view = try EventRecordView(entry.value) } catch { return failure("\(error)") }
        if view.sequence != key { return failure("record says sequence \(view.sequence) but is stored under \(key)") }
        if view.computedHash() != view.hash { return failure("stored hash does not match the header") }
        if view.previousHash != previousHash { return failure("previous hash does not match event \(key - 1)") }
        if view.recordedAt < previousTime { return failure("recorded time goes backwards") }
        if let message = checkPayload(view) { return failure(message, .redaction) }
        if view.typeEquals("LedgerPayloadsRedacted"), let mismatch = checkRedactionEvent(view) {
            return mismatch
        }
        var nodeFailure: String?
        frontier.append(leafHash: MerkleHashing.leafHash(eventHash: view.hash)) { node in
            if nodeFailure == nil { nodeFailure = nodes.check(node) }
        }
        report.merkleNodesChecked = nodes.checked
        if let nodeFailure { return failure(nodeFailure, .merkleTree) }
        if let message = checkCheckpoints(headHash: view.hash) { return failure(message, .checkpoint) }
        previousHash = view.hash
        previousTime = view.recordedAt
        report.eventsChecked += 1
        return nil
    }

    private mutating func checkPayload(_ view: EventRecordView) -> String? {
        if let salt = view.salt, let payload = view.payload {
            return EventRecord.payloadDigest(salt: salt, payload: payload) == view.payloadDigest
                ? nil : "payload does not match its digest"
        }
        guard let redaction = view.redactedBySequence, redaction > view.sequence else {
            return "payload redacted by an event that does not follow it"
        }
        pendingRedactions[redaction, default: []].append(view.sequence)
        return nil
    }

    /// A redaction event must name exactly the events that say it redacted them; a mismatch is
    /// reported at the lowest event on one side only (the one whose record was changed).
    private mutating func checkRedactionEvent(_ view: EventRecordView) -> VerificationFailure? {
        guard let payload = view.payload, let named = try? LedgerRedaction.decode(payload) else {
            return VerificationFailure(
                component: .redaction, sequence: view.sequence, message: "redaction event has no readable list of redacted events")
        }
        let redacted = Set(pendingRedactions.removeValue(forKey: view.sequence) ?? [])
        let mismatched = Set(named.sequences).symmetricDifference(redacted)
        guard let first = mismatched.min() else { return nil }
        return VerificationFailure(
            component: .redaction, sequence: first,
            message: "redaction event \(view.sequence) names \(named.sequences.sorted()) but events \(redacted.sorted()) point to it")
    }

    private mutating func checkCheckpoints(headHash: Digest32) -> String? {
        let identity = transaction.ledger.identity
        while nextCheckpoint < checkpoints.count && checkpoints[nextCheckpoint].treeSize <= frontier.size {
            let checkpoint = checkpoints[nextCheckpoint]
            nextCheckpoint += 1
            guard checkpoint.treeSize == frontier.size else {
                return "checkpoint of tree size \(checkpoint.treeSize) was skipped"
            }
            guard checkpoint.ledgerID == identity.id, checkpoint.publicKey == identity.publicKey else {
                return "checkpoint at tree size \(checkpoint.treeSize) belongs to another ledger"
            }
            guard checkpoint.hasValidSignature else {
                return "checkpoint at tree size \(checkpoint.treeSize) has an invalid signature"
            }
            guard checkpoint.rootHash == frontier.root, checkpoint.headHash == headHash else {
                return "the log no longer matches the checkpoint signed at tree size \(checkpoint.treeSize)"
            }
            report.checkpointsChecked += 1
        }
        return nil
    }

    private mutating func finish(nodes: inout MerkleNodeWalk) {
        if let (redaction, targets) = pendingRedactions.min(by: { $0.key < $1.key }) {
            report.failures.append(VerificationFailure(
                component: .redaction, sequence: targets.min(),
                message: "payload redacted by event \(redaction), which is not a redaction event of this log"))
        }
        if nextCheckpoint < checkpoints.count {
            let checkpoint = checkpoints[nextCheckpoint]
            report.failures.append(VerificationFailure(
                component: .checkpoint, sequence: frontier.size + 1,
                message: "checkpoint signed at tree size \(checkpoint.treeSize) but the log ends at \(frontier.size): events are missing"))
        }
        if let extra = nodes.extraNode(treeSize: frontier.size) {
            report.failures.append(VerificationFailure(component: .merkleTree, sequence: nil, message: extra))
        }
    }
}

/// Compares each recomputed interior node with the stored one, walking one cursor per level so
/// every comparison is a sequential step rather than a search.
private struct MerkleNodeWalk {
    let cursors: [Cursor]
    var positioned: [Bool]
    var checked: UInt64 = 0

    init(cursors: [Cursor]) {
        self.cursors = cursors
        self.positioned = Array(repeating: false, count: cursors.count)
    }

    mutating func check(_ node: MerkleFrontier.CompletedNode) -> String? {
        let cursor = cursors[node.level]
        let key = LedgerTables.merkleNodeKey(level: node.level, index: node.index)
        let entry: CursorEntry?
        if positioned[node.level] {
            entry = try? cursor.next()
        } else {
            entry = try? cursor.seek(atLeast: key)
            positioned[node.level] = true
        }
        checked += 1
        guard let entry, entry.key.elementsEqual(key) else {
            return "Merkle node (level \(node.level), index \(node.index)) is missing"
        }
        guard entry.value.count == Digest32.byteCount, Digest32(entry.value) == node.hash else {
            return "Merkle node (level \(node.level), index \(node.index)) differs from the recomputed one"
        }
        return nil
    }

    /// A stored node the log does not account for.
    func extraNode(treeSize: UInt64) -> String? {
        for level in 1..<cursors.count {
            let expectedCount = treeSize >> UInt64(level)
            let cursor = cursors[level]
            let next = positioned[level]
                ? try? cursor.next()
                : try? cursor.seek(atLeast: LedgerTables.merkleNodeKey(level: level, index: 0))
            if let next, next.key.first == UInt8(level) {
                return "stored Merkle node at level \(level) beyond the \(expectedCount) the log accounts for"
            }
        }
        return nil
    }
}
