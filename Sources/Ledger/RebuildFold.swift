import Dispatch
import LMDB
import Synchronization

/// The fold behind rebuild and check: the engine's indexes from the raw records on the calling
/// thread, and every projection from decoded events on a second thread with its own read
/// transaction over the very same snapshot.
enum RebuildFold {
    struct Result {
        let tables: [RebuiltTable]
        let eventCount: UInt64
    }

    static func run(
        _ transaction: LedgerReadTransaction, projections: [any Projection], includeIndexes: Bool
    ) throws -> Result {
        let ledger = transaction.ledger
        let projectionFold = Mutex<Swift.Result<[RebuiltTable], any Error>?>(nil)
        let helperDone = DispatchSemaphore(value: 0)
        var foldedElsewhere = false
        if includeIndexes && !projections.isEmpty {
            // The helper's snapshot must be the caller's: the same read snapshot, or for a write
            // transaction that has not written yet, the commit just before it.
            let expectedSnapshot = transaction.transaction is WriteTransaction
                ? transaction.transaction.snapshotID - 1 : transaction.transaction.snapshotID
            foldedElsewhere = true
            DispatchQueue.global().async {
                let result = Swift.Result {
                    try ledger.read { helper -> [RebuiltTable]? in
                        guard helper.transaction.snapshotID == expectedSnapshot else { return nil }
                        return try foldProjections(helper, projections: projections)
                    }
                }
                projectionFold.withLock { $0 = result.flatMap { $0.map { .success($0) } ?? .failure(SnapshotMoved()) } }
                helperDone.signal()
            }
        }
        var tables: [RebuiltTable] = []
        var eventCount: UInt64 = 0
        if includeIndexes {
            (tables, eventCount) = try foldIndexes(transaction)
        }
        if foldedElsewhere {
            helperDone.wait()
            switch projectionFold.withLock({ $0! }) {
            case .success(let folded): tables += folded
            case .failure(is SnapshotMoved): tables += try foldProjections(transaction, projections: projections)
            case .failure(let error): throw error
            }
        } else if !projections.isEmpty {
            tables += try foldProjections(transaction, projections: projections)
        }
        if !includeIndexes { eventCount = try transaction.lastSequence() }
        return Result(tables: tables, eventCount: eventCount)
    }

    private struct SnapshotMoved: Error {}

    /// The stream index and the idempotency index, from records parsed in place.
    static func foldIndexes(_ transaction: LedgerReadTransaction) throws -> ([RebuiltTable], UInt64) {
        var streams = StreamIndexBuilder()
        var idempotency: [ByteString: (first: UInt64, count: UInt32)] = [:]
        var eventCount: UInt64 = 0
        try forEachRecord(transaction) { view in
            streams.add(stream: view.stream, version: view.streamVersion, sequence: view.sequence)
            if !view.idempotencyKey.isEmpty {
                let key = ByteString(view.idempotencyKey)
                let prior = idempotency[key]
                idempotency[key] = (prior?.first ?? view.sequence, (prior?.count ?? 0) + 1)
            }
            eventCount += 1
        }
        let sortedKeys = idempotency.keys.sorted()
        let outcomes = idempotency
        let idempotencyTable = RebuiltTable(database: transaction.tables.idempotency) { body in
            for key in sortedKeys {
                let outcome = outcomes[key]!
                var value = ByteWriter(capacity: 12)
                value.append(outcome.first)
                value.append(outcome.count)
                try key.withUnsafeBytes { key in try value.bytes.withUnsafeBytes { try body(key, $0) } }
            }
        }
        return ([streams.table(transaction.tables.streamIndex), idempotencyTable], eventCount)
    }

    /// Every projection's tables, from the decoded events.
    static func foldProjections(_ transaction: LedgerReadTransaction, projections: [any Projection]) throws -> [RebuiltTable] {
        let stores = projections.map { MemoryProjectionStore(projection: $0) }
        try forEachRecord(transaction) { view in
            let event = view.decode()
            for (projection, store) in zip(projections, stores) {
                try projection.apply(event, to: store)
            }
        }
        var tables: [RebuiltTable] = []
        for (projection, store) in zip(projections, stores) {
            let databases = transaction.ledger.projectionDatabases[projection.name]!
            for table in projection.tableNames {
                tables.append(store.rebuiltTable(table, database: databases[table]!))
            }
        }
        return tables
    }

    private static func forEachRecord(_ transaction: LedgerReadTransaction, _ body: (EventRecordView) throws -> Void) throws {
        try transaction.transaction.forEach(in: transaction.tables.events) { entry in
            let view: EventRecordView
            do { view = try EventRecordView(entry.value) } catch {
                throw LedgerError.corrupted(sequence: BigEndianKey.uint64(entry.key) ?? 0, reason: "\(error)")
            }
            try body(view)
            return true
        }
    }
}
