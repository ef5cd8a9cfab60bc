import LMDB
#if canImport(Glibc)
import Glibc
#endif

/// A consistent snapshot of the ledger: the log, its indexes, proofs and projections as of one
/// moment. Lives only inside `Ledger.read` (or `Ledger.write`, which sees its own appends).
public class LedgerReadTransaction {
    public let ledger: Ledger
    let transaction: ReadTransaction

    init(ledger: Ledger, transaction: ReadTransaction) {
        self.ledger = ledger
        self.transaction = transaction
    }

    var tables: LedgerTables { ledger.tables }

    // MARK: The log

    /// The sequence of the last event; 0 when the log is empty.
    public func lastSequence() throws -> UInt64 {
        try transaction.withCursor(on: tables.events) { cursor in
            guard let last = try cursor.last() else { return 0 }
            guard let sequence = BigEndianKey.uint64(last.key) else {
                throw LedgerError.corrupted(sequence: 0, reason: "the last log key is not 8 bytes")
            }
            return sequence
        }
    }

    /// How many events a replay of the whole log should make room for: the log's entry count
    /// as LMDB keeps it, at most 2^24 (it sizes reservations; a damaged count must not ask for
    /// more memory than a replay of that many events would use, and a larger log grows as it goes).
    public func expectedEventCount() -> Int {
        let entries = (try? transaction.entryCount(of: tables.events)) ?? 0
        return min(max(entries, 0), 1 << 24)
    }

    /// The first sequence recorded at or after `time` (one past the last when none is): a
    /// binary search, since recorded times never go back along the log (verify checks it).
    public func firstSequence(recordedAtOrAfter time: LedgerTime) throws -> UInt64 {
        var low: UInt64 = 1
        var high = try lastSequence() + 1
        while low < high {
            let middle = low + (high - low) / 2
            guard let recorded = try withEventView(at: middle, { LedgerTime(microsecondsSinceEpoch: $0.recordedAt) }) else {
                throw LedgerError.corrupted(sequence: middle, reason: "the log has no event at this sequence")
            }
            if recorded < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Calls `body` with the stored record at `sequence`, parsed in place; nil when absent.
    func withEventView<Result>(at sequence: UInt64, _ body: (EventRecordView) throws -> Result) throws -> Result? {
        let found = try withUnsafeBytes(of: sequence.bigEndian) { try transaction.get($0, in: tables.events) }
        guard let bytes = found else { return nil }
        let view: EventRecordView
        do {
            view = try EventRecordView(bytes)
        } catch {
            throw LedgerError.corrupted(sequence: sequence, reason: "\(error)")
        }
        guard view.sequence == sequence else {
            throw LedgerError.corrupted(sequence: sequence, reason: "the record says sequence \(view.sequence)")
        }
        return try body(view)
    }

    public func event(at sequence: UInt64) throws -> RecordedEvent? {
        try withEventView(at: sequence) { $0.decode() }
    }

    /// The event at `sequence` parsed in place, its buffers valid only during `body`: for reads
    /// of many events that keep little of each. Nil when absent.
    public func withStoredEvent<Result>(at sequence: UInt64, _ body: (StoredEvent) throws -> Result) throws -> Result? {
        try withEventView(at: sequence) { try body(StoredEvent($0)) }
    }

    /// The events from `first` through `last` (inclusive), in order, until `body` returns false.
    public func forEachEvent(
        from first: UInt64 = 1, through last: UInt64 = .max, _ body: (RecordedEvent) throws -> Bool
    ) throws {
        try forEachStoredEvent(from: first, through: last) { try body($0.decode()) }
    }

    /// The events from `first` through `last`, in order, parsed in place (buffers valid only
    /// during `body`), until `body` returns false: for scans that keep little of each event.
    public func forEachStoredEvent(
        from first: UInt64 = 1, through last: UInt64 = .max, _ body: (StoredEvent) throws -> Bool
    ) throws {
        try transaction.withCursor(on: tables.events) { cursor in
            var entry = try cursor.seek(atLeast: BigEndianKey.bytes(first))
            while let current = entry {
                let sequence = BigEndianKey.uint64(current.key) ?? 0
                guard sequence <= last else { return }
                let view: EventRecordView
                do {
                    view = try EventRecordView(current.value)
                } catch {
                    throw LedgerError.corrupted(sequence: sequence, reason: "\(error)")
                }
                guard try body(StoredEvent(view)) else { return }
                entry = try cursor.next()
            }
        }
    }

    /// The head: the last event and the Merkle frontier, read from the stored tree.
    public func head() throws -> LedgerHead {
        let sequence = try lastSequence()
        guard sequence > 0 else {
            return LedgerHead(
                sequence: 0, hash: ledger.identity.genesisHash,
                recordedAt: LedgerTime(microsecondsSinceEpoch: 0), frontier: MerkleFrontier())
        }
        let (hash, time) = try withEventView(at: sequence) { ($0.hash, $0.recordedAt) }!
        let frontier = try loadFrontier(size: sequence)
        return LedgerHead(
            sequence: sequence, hash: hash, recordedAt: LedgerTime(microsecondsSinceEpoch: time), frontier: frontier)
    }

    func loadFrontier(size: UInt64) throws -> MerkleFrontier {
        let source = merkleSource
        let hashes = try MerkleFrontier.subtrees(ofSize: size).map { subtree in
            subtree.level == 0
                ? try source.leafHash(at: subtree.start)
                : try source.nodeHash(level: subtree.level, index: subtree.start >> UInt64(subtree.level))
        }
        return MerkleFrontier(size: size, hashes: hashes)
    }

    // MARK: Streams

    /// The version of the last event of `stream`; 0 when it has none.
    public func streamVersion(_ stream: String) throws -> UInt32 {
        let pastEnd = LedgerTables.streamIndexKey(stream: stream, version: .max)
        let prefixCount = pastEnd.count - 4
        // Versions stay below UInt32.max (appends refuse it), so the last key below
        // (stream, 0x00, UInt32.max) is the stream's last version if it has one.
        guard let entry = try transaction.lastEntry(below: pastEnd, in: tables.streamIndex),
              entry.key.count == pastEnd.count,
              pastEnd.withUnsafeBytes({ memcmp($0.baseAddress!, entry.key.baseAddress!, prefixCount) == 0 })
        else { return 0 }
        return UInt32(bigEndian: entry.key.loadUnaligned(fromByteOffset: prefixCount, as: UInt32.self))
    }

    /// The sequences of `stream`'s events, in stream order.
    public func streamSequences(_ stream: String, fromVersion: UInt32 = 1) throws -> [UInt64] {
        let prefix = LedgerTables.streamIndexPrefix(stream: stream)
        var sequences: [UInt64] = []
        try transaction.withCursor(on: tables.streamIndex) { cursor in
            var entry = try cursor.seek(atLeast: LedgerTables.streamIndexKey(stream: stream, version: fromVersion))
            while let current = entry, current.key.starts(with: prefix), current.key.count == prefix.count + 4 {
                guard let sequence = BigEndianKey.uint64(current.value) else {
                    throw LedgerError.corrupted(sequence: 0, reason: "stream index entry of \(stream) is not 8 bytes")
                }
                sequences.append(sequence)
                entry = try cursor.next()
            }
        }
        return sequences
    }

    /// `stream`'s events up to and including `throughSequence`, in order: its history.
    public func streamEvents(_ stream: String, throughSequence: UInt64 = .max) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for sequence in try streamSequences(stream) where sequence <= throughSequence {
            guard let event = try event(at: sequence) else {
                throw LedgerError.corrupted(sequence: sequence, reason: "indexed for stream \(stream) but missing from the log")
            }
            events.append(event)
        }
        return events
    }

    // MARK: Idempotency

    /// What `key` says about a command: unused, the same request's earlier events, or a
    /// conflict with another request that used it (a different digest, or none recorded).
    public func idempotentOutcome(for key: IdempotencyKey) throws -> IdempotentOutcome {
        if let prior = try idempotentEvents(stored: key.stored) { return .replay(prior) }
        var others: [String] = []
        if key.requestDigest != nil { others.append(key.key) }
        for other in others {
            if let prior = try idempotentEvents(stored: other) { return .conflict(firstSequence: prior[0].sequence) }
        }
        let prefix = Array((key.key + String(IdempotencyKey.separator)).utf8)
        let bound = try transaction.withCursor(on: tables.idempotency) { cursor -> UInt64? in
            guard let entry = try cursor.seek(atLeast: prefix), entry.key.starts(with: prefix), entry.value.count == 12 else { return nil }
            return UInt64(bigEndian: entry.value.loadUnaligned(as: UInt64.self))
        }
        return bound.map { .conflict(firstSequence: $0) } ?? .unused
    }

    /// The events appended under the stored idempotency field `stored`, or nil.
    private func idempotentEvents(stored key: String) throws -> [AppendedEvent]? {
        guard let value = try transaction.get(Array(key.utf8), in: tables.idempotency) else { return nil }
        guard value.count == 12 else {
            throw LedgerError.corrupted(sequence: 0, reason: "idempotency entry for \(key) is \(value.count) bytes")
        }
        let first = UInt64(bigEndian: value.loadUnaligned(as: UInt64.self))
        let count = UInt32(bigEndian: value.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        return try (first..<first + UInt64(count)).map { sequence in
            guard let event = try event(at: sequence) else { throw LedgerError.eventNotFound(sequence: sequence) }
            return AppendedEvent(
                sequence: event.sequence, stream: event.stream, streamVersion: event.streamVersion,
                type: event.type, recordedAt: event.recordedAt, hash: event.hash)
        }
    }

    // MARK: Projections

    /// The tables of the registered projection of type `P`, at this snapshot.
    public func tables<P: Projection>(of type: P.Type) -> any ProjectionReader {
        let name = ledger.projection(type).name
        return LiveProjectionStore(projectionName: name, databases: ledger.projectionDatabases[name]!, transaction: transaction)
    }

    /// `projection`'s tables after the log's events through `position`, replayed in memory.
    public func replay(_ projection: some Projection, through position: UInt64) throws -> ReplayedTables {
        let tables = try RebuildFold.replay(self, projections: [projection], through: position)
        return ReplayedTables(projectionName: projection.name, tables: tables[0])
    }

    /// What `projection` held for `stream` as of `throughSequence`: a fold of that stream's
    /// events up to that point, computed now from the log.
    public func state(
        of projection: some Projection, stream: String, throughSequence: UInt64
    ) throws -> MemoryProjectionStore {
        let store = MemoryProjectionStore(projection: projection)
        for event in try streamEvents(stream, throughSequence: throughSequence) {
            try projection.apply(event, to: store)
        }
        return store
    }

    // MARK: Merkle tree and checkpoints

    var merkleSource: LedgerMerkleSource { LedgerMerkleSource(transaction: self) }

    public func rootHash(treeSize: UInt64) throws -> Digest32 {
        try checkTreeSize(treeSize)
        return try MerkleTree.root(size: treeSize, source: merkleSource)
    }

    private func checkTreeSize(_ treeSize: UInt64) throws {
        let available = try lastSequence()
        if treeSize > available { throw LedgerError.invalidTreeSize(requested: treeSize, available: available) }
    }

    /// Proof that event `sequence` is in the tree of `treeSize` events (default: the whole log).
    public func inclusionProof(sequence: UInt64, treeSize: UInt64? = nil) throws -> InclusionProof {
        let size = try treeSize ?? lastSequence()
        try checkTreeSize(size)
        guard sequence >= 1 && sequence <= size else {
            throw LedgerError.invalidEvent(field: "sequence", reason: "\(sequence) is not among the tree's \(size) events")
        }
        guard let eventHash = try withEventView(at: sequence, { $0.hash }) else {
            throw LedgerError.eventNotFound(sequence: sequence)
        }
        return InclusionProof(
            ledgerID: ledger.identity.id, sequence: sequence, treeSize: size, eventHash: eventHash,
            path: try MerkleTree.inclusionPath(leafIndex: sequence - 1, treeSize: size, source: merkleSource),
            rootHash: try MerkleTree.root(size: size, source: merkleSource))
    }

    /// Proof that the log at `oldSize` is a prefix of the log at `newSize`.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) throws -> ConsistencyProof {
        try checkTreeSize(newSize)
        guard oldSize <= newSize else {
            throw LedgerError.invalidEvent(field: "tree size", reason: "old size \(oldSize) is beyond new size \(newSize)")
        }
        return ConsistencyProof(
            ledgerID: ledger.identity.id, oldSize: oldSize, newSize: newSize,
            oldRoot: try MerkleTree.root(size: oldSize, source: merkleSource),
            newRoot: try MerkleTree.root(size: newSize, source: merkleSource),
            path: try MerkleTree.consistencyPath(oldSize: oldSize, newSize: newSize, source: merkleSource))
    }

    /// Every stored checkpoint, oldest first.
    public func checkpoints() throws -> [Checkpoint] {
        try storedCheckpoints().map(\.checkpoint)
    }

    /// Each stored checkpoint with the tree size its key names (which must be its own).
    func storedCheckpoints() throws -> [(keyTreeSize: UInt64?, checkpoint: Checkpoint)] {
        var result: [(UInt64?, Checkpoint)] = []
        try transaction.forEach(in: tables.checkpoints) { entry in
            result.append((BigEndianKey.uint64(entry.key), try Checkpoint(storedBytes: entry.value)))
            return true
        }
        return result
    }

    public func latestCheckpoint() throws -> Checkpoint? {
        try transaction.withCursor(on: tables.checkpoints) { cursor in
            try cursor.last().map { try Checkpoint(storedBytes: $0.value) }
        }
    }

    // MARK: Statistics

    public func statistics() throws -> LedgerStatistics {
        let environment = ledger.environment.statistics()
        let storage = StorageStatistics(
            mapSizeBytes: environment.mapSizeBytes, usedBytes: environment.usedBytes, pageSizeBytes: environment.pageSizeBytes,
            readersInUse: environment.readersInUse, maximumReaders: environment.maximumReaders)
        var tableEntries: [String: Int] = [:]
        var tableBytes: [String: Int] = [:]
        var all = [tables.events, tables.streamIndex, tables.merkleNodes, tables.idempotency, tables.checkpoints]
        all += ledger.projectionDatabases.values.flatMap(\.values)
        for database in all {
            let statistics = try transaction.statistics(of: database)
            tableEntries[database.name] = statistics.entries
            tableBytes[database.name] = statistics.sizeBytes
        }
        return LedgerStatistics(
            identity: ledger.identity, head: try head(), latestCheckpoint: try latestCheckpoint(),
            tableEntries: tableEntries, tableBytes: tableBytes, storage: storage)
    }
}

/// Reads complete-subtree hashes from the stored tree: leaves from event hashes, interior
/// nodes from the Merkle node table.
struct LedgerMerkleSource: MerkleHashSource {
    let transaction: LedgerReadTransaction

    func leafHash(at index: UInt64) throws -> Digest32 {
        guard let hash = try transaction.withEventView(at: index + 1, { $0.hash }) else {
            throw LedgerError.eventNotFound(sequence: index + 1)
        }
        return MerkleHashing.leafHash(eventHash: hash)
    }

    func nodeHash(level: Int, index: UInt64) throws -> Digest32 {
        let key = LedgerTables.merkleNodeKey(level: level, index: index)
        guard let value = try transaction.transaction.get(key, in: transaction.tables.merkleNodes),
              value.count == Digest32.byteCount
        else {
            throw LedgerError.corrupted(
                sequence: (index + 1) << UInt64(level),
                reason: "Merkle node (level \(level), index \(index)) is missing or malformed")
        }
        return Digest32(value)
    }
}

/// Counts and sizes for `blotter stats`.
public struct LedgerStatistics: Sendable {
    public let identity: LedgerIdentity
    public let head: LedgerHead
    public let latestCheckpoint: Checkpoint?
    public let tableEntries: [String: Int]
    public let tableBytes: [String: Int]
    public let storage: StorageStatistics
}

/// The data file's memory map and its use.
public struct StorageStatistics: Sendable, Equatable {
    public let mapSizeBytes: Int
    public let usedBytes: Int
    public let pageSizeBytes: Int
    public let readersInUse: Int
    public let maximumReaders: Int
}
