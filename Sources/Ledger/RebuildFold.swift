import Dispatch
import LMDB
import Synchronization

/// The fold behind rebuild, check and verify: the engine's indexes from the raw records on the
/// calling thread, and every projection's replay on a second thread with its own read
/// transaction over the very same snapshot.
enum RebuildFold {
    struct Result: Sendable {
        let tables: [RebuiltTable]
        let eventCount: UInt64
    }

    /// `checking`: the tables are only compared (check, verify), so a replay may compare a table
    /// as it produces it (`LiveTables`) rather than hand its entries over.
    static func run(
        _ transaction: LedgerReadTransaction, projections: [any Projection], includeIndexes: Bool, checking: Bool = false
    ) throws -> Result {
        let ledger = transaction.ledger
        let projectionFold = Mutex<Swift.Result<[RebuiltTable], any Error>?>(nil)
        var helper: ParallelWork.Joinable?
        if includeIndexes && !projections.isEmpty {
            let expectedSnapshot = transaction.expectedHelperSnapshot
            helper = ParallelWork.start {
                let result = Swift.Result {
                    try ledger.read { helper -> [RebuiltTable]? in
                        guard helper.transaction.snapshotID == expectedSnapshot else { return nil }
                        return try foldProjections(helper, projections: projections, checking: checking)
                    }
                }
                projectionFold.withLock { $0 = result.flatMap { $0.map { .success($0) } ?? .failure(SnapshotMoved()) } }
            }
        }
        var tables: [RebuiltTable] = []
        var eventCount: UInt64 = 0
        var indexError: (any Error)?
        if includeIndexes {
            do { (tables, eventCount) = try foldIndexes(transaction) } catch { indexError = error }
        }
        if let helper {
            helper.join()
            if let indexError { throw indexError }
            switch projectionFold.withLock({ $0.take()! }) {
            case .success(let folded): tables += folded
            // A commit came between the snapshots: replayed again here, the entries kept (other
            // read transactions would see the newer snapshot).
            case .failure(is SnapshotMoved): tables += try foldProjections(transaction, projections: projections)
            case .failure(let error): throw error
            }
        } else if !projections.isEmpty {
            tables += try foldProjections(transaction, projections: projections)
        }
        if let indexError { throw indexError }
        if !includeIndexes { eventCount = try transaction.lastSequence() }
        return Result(tables: tables, eventCount: eventCount)
    }

    struct SnapshotMoved: Error {}

    /// The stream index and the idempotency index, from records parsed in place.
    static func foldIndexes(_ transaction: LedgerReadTransaction) throws -> ([RebuiltTable], UInt64) {
        var indexes = EngineIndexBuilder(expectedEvents: transaction.expectedEventCount())
        try forEachRecord(transaction, through: .max) { view in indexes.add(view) }
        return (indexes.tables(transaction.tables), indexes.eventCount)
    }

    /// Every projection's tables, replayed.
    static func foldProjections(
        _ transaction: LedgerReadTransaction, projections: [any Projection], through last: UInt64 = .max, checking: Bool = false
    ) throws -> [RebuiltTable] {
        let live: [LiveTables]? = checking ? projections.map {
            LiveTables(ledger: transaction.ledger, snapshot: transaction.transaction.snapshotID, projectionName: $0.name)
        } : nil
        let replayed = try replay(transaction, projections: projections, through: last, live: live)
        var tables: [RebuiltTable] = []
        for (projection, projectionTables) in zip(projections, replayed) {
            let databases = transaction.ledger.projectionDatabases[projection.name]!
            for table in projection.tableNames {
                tables.append(RebuiltTable(
                    database: databases[table]!, table: projectionTables[table] ?? ReplayedTable(runs: []),
                    source: { key, _ in projection.source(ofKey: key, in: table) }))
            }
        }
        return tables
    }

    /// Each projection's tables after the events through `last`, in the order of `projections`.
    static func replay(
        _ transaction: LedgerReadTransaction, projections: [any Projection], through last: UInt64, live: [LiveTables]? = nil
    ) throws -> [[String: ReplayedTable]] {
        let replays = projections.map { $0.makeReplay() }
        let expected = min(transaction.expectedEventCount(), Int(clamping: last))
        for replay in replays { replay.expect(events: expected) }
        try forEachRecord(transaction, through: last) { view in
            let event = StoredEvent(view)
            for (projection, replay) in zip(projections, replays) {
                do {
                    try replay.add(event)
                } catch let failure as ReplayFailure {
                    throw failure
                } catch {
                    throw ReplayFailure(projection: projection.name, sequence: view.sequence, reason: "\(error)")
                }
            }
        }
        return try projections.indices.map { index in
            do {
                return try live.map { try replays[index].finish(checkingAgainst: $0[index]) } ?? replays[index].finish()
            } catch let failure as ReplayFailure {
                throw failure
            } catch let moved as SnapshotMoved {
                throw moved
            } catch {
                throw ReplayFailure(projection: projections[index].name, sequence: nil, reason: "\(error)")
            }
        }
    }

    static func forEachRecord(
        _ transaction: LedgerReadTransaction, through last: UInt64, _ body: (EventRecordView) throws -> Void
    ) throws {
        try transaction.transaction.forEach(in: transaction.tables.events) { entry in
            let sequence = BigEndianKey.uint64(entry.key) ?? 0
            guard sequence <= last else { return false }
            let view: EventRecordView
            do { view = try EventRecordView(entry.value) } catch {
                throw LedgerError.corrupted(sequence: sequence, reason: "\(error)")
            }
            try body(view)
            return true
        }
    }
}

/// A projection's replay could not fold an event (a payload that does not decode): named by
/// the event, so verify can report it as a finding.
public struct ReplayFailure: Error, CustomStringConvertible, Sendable {
    public let projection: String
    public let sequence: UInt64?
    public let reason: String

    public init(projection: String, sequence: UInt64?, reason: String) {
        self.projection = projection
        self.sequence = sequence
        self.reason = reason
    }

    public var description: String {
        "projection \(projection) cannot fold " + (sequence.map { "event \($0)" } ?? "the log") + ": \(reason)"
    }
}

extension LedgerReadTransaction {
    /// The snapshot a helper's read transaction must see to fold what this one sees: the same
    /// read snapshot, or for a write transaction that has not written yet, the commit before it.
    var expectedHelperSnapshot: Int {
        transaction is WriteTransaction ? transaction.snapshotID - 1 : transaction.snapshotID
    }
}
