import Dispatch
import LMDB
import Synchronization

/// Replays the whole log into fresh tables: every projection plus the stream and idempotency
/// indexes. Folds in memory and bulk-loads sorted keys, so it runs at memory speed; `check`
/// compares the result with the live tables byte for byte instead of replacing them.
public enum LedgerRebuilder {
    /// Where a live table differs from the replayed one, and the event behind the entry (the
    /// last event of the stream it derives from), when that can be told.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public let table: String
        public let keyHex: String
        public let problem: String
        public internal(set) var sequence: UInt64?
        /// The differing entry's key and value (the replayed one, or the live one when extra).
        let key: [UInt8]
        let value: [UInt8]

        init(table: String, keyHex: String, problem: String, key: [UInt8], value: [UInt8]) {
            self.table = table
            self.keyHex = keyHex
            self.problem = problem
            self.key = key
            self.value = value
        }

        public static func == (left: Difference, right: Difference) -> Bool {
            (left.table, left.keyHex, left.problem, left.sequence) == (right.table, right.keyHex, right.problem, right.sequence)
        }
        public var description: String {
            "\(table): key \(keyHex): \(problem)" + (sequence.map { " (event \($0))" } ?? "")
        }
    }

    public struct Report: Sendable {
        public let eventsReplayed: UInt64
        public let tablesCompared: Int
        public let entriesCompared: Int
        /// The first difference found in each table that differs.
        public let differences: [Difference]
        public var isIdentical: Bool { differences.isEmpty }
    }

    /// Folds the log and compares the result with the live tables, changing nothing.
    public static func check(_ ledger: Ledger) throws -> Report {
        try ledger.read { transaction in
            let fold = try RebuildFold.run(transaction, projections: ledger.projections, includeIndexes: true, checking: true)
            let report = try compare(fold, in: transaction)
            BackgroundRelease.release(consume fold)
            return report
        }
    }

    /// Folds the log and replaces every derived table with the result, in one transaction.
    /// The report lists what the live tables had wrong before.
    @discardableResult
    public static func rebuild(_ ledger: Ledger) throws -> Report {
        try ledger.write { transaction in
            try rebuild(transaction, projections: ledger.projections, includeIndexes: true)
        }
    }

    static func rebuild(
        _ transaction: LedgerWriteTransaction, projections: [any Projection], includeIndexes: Bool
    ) throws -> Report {
        precondition(transaction.changeCount == 0, "rebuild must fold before this transaction writes anything")
        let fold = try RebuildFold.run(transaction, projections: projections, includeIndexes: includeIndexes)
        let report = try compare(fold, in: transaction)
        try replaceTables(with: fold, projections: projections, in: transaction)
        BackgroundRelease.release(consume fold)
        return report
    }

    /// After a redaction in `transaction`: folds the projections again from the log as this
    /// transaction sees it (the payloads just removed are gone) and replaces their tables, so
    /// the live tables are what any later replay derives. Folds in the transaction itself,
    /// since helpers' read transactions cannot see its writes.
    static func refold(_ transaction: LedgerWriteTransaction, projections: [any Projection]) throws {
        let tables = try RebuildFold.foldProjections(transaction, projections: projections)
        try replaceTables(with: RebuildFold.Result(tables: tables, eventCount: try transaction.lastSequence()), projections: projections, in: transaction)
    }

    private static func replaceTables(with fold: RebuildFold.Result, projections: [any Projection], in transaction: LedgerWriteTransaction) throws {
        guard let writer = transaction.transaction as? WriteTransaction else { preconditionFailure() }
        for table in fold.tables {
            try writer.removeAll(in: table.database)
            try table.forEachEntry { key, value in
                try writer.put(value, forKey: key, in: table.database, flags: .append)
            }
        }
        for projection in projections {
            try ProjectionVersions.record(projection, in: writer, meta: transaction.tables.meta)
        }
    }

    /// At open: rebuild the projections that are new to this ledger or changed their version.
    static func rebuildOutdatedProjections(of ledger: Ledger) throws {
        let outdated = try ledger.read { transaction in
            try ledger.projections.filter {
                try !ProjectionVersions.isCurrent($0, in: transaction.transaction, meta: ledger.tables.meta)
            }
        }
        guard !outdated.isEmpty else { return }
        try ledger.write { transaction in
            _ = try rebuild(transaction, projections: outdated, includeIndexes: false)
        }
    }

    /// Compares every replayed table with the live one, the tables shared among the cores, each
    /// helper in its own read transaction over the same snapshot (or all of them in
    /// `transaction`, when a commit came in between).
    static func compare(_ fold: RebuildFold.Result, in transaction: LedgerReadTransaction) throws -> Report {
        let ledger = transaction.ledger
        let expectedSnapshot = transaction.expectedHelperSnapshot
        let outcomes = Mutex<[Int: Result<(Int, Difference?), any Error>]>([:])
        let tables = fold.tables
        ParallelWork.forEach(tables.count) { index in
            let outcome = Result {
                try ledger.read { helper -> (Int, Difference?)? in
                    guard helper.transaction.snapshotID == expectedSnapshot else { return nil }
                    return try tables[index].compare(with: helper.transaction)
                }
            }
            if case .success(nil) = outcome { return }
            outcomes.withLock { $0[index] = outcome.map { $0! } }
        }
        var differences: [Difference] = []
        var entriesCompared = 0
        for (index, table) in tables.enumerated() {
            let (compared, difference) = try outcomes.withLock({ $0[index] })?.get() ?? table.compare(with: transaction.transaction)
            entriesCompared += compared
            if var difference {
                difference.sequence = try table.sourceSequence(of: difference, in: transaction)
                differences.append(difference)
            }
        }
        return Report(
            eventsReplayed: fold.eventCount, tablesCompared: tables.count, entriesCompared: entriesCompared,
            differences: differences)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// The version and configuration of each projection that its stored tables were folded with:
/// `u32` version, then the projection's configuration bytes.
enum ProjectionVersions {
    static func key(_ projection: any Projection) -> [UInt8] {
        Array("projection-version:\(projection.name)".utf8)
    }

    static func value(_ projection: any Projection) -> [UInt8] {
        var value = ByteWriter(capacity: 4 + projection.configuration.count)
        value.append(projection.version)
        value.append(bytes: projection.configuration)
        return value.bytes
    }

    static func isCurrent(_ projection: any Projection, in transaction: ReadTransaction, meta: Database) throws -> Bool {
        guard let stored = try transaction.get(key(projection), in: meta) else { return false }
        return stored.elementsEqual(value(projection))
    }

    static func record(_ projection: any Projection, in transaction: WriteTransaction, meta: Database) throws {
        try transaction.put(value(projection), forKey: key(projection), in: meta)
    }
}
