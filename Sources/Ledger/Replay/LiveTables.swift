import LMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A projection's live tables, for a replay that compares a table with them as it produces it
/// (check and verify) instead of handing the entries over to be compared later: the records
/// table's states, a gigabyte and a half at a million records, are then never held at all.
/// Each comparison runs in a read transaction of its own over the replay's snapshot, so the
/// threads of a replay compare their key ranges at once.
public final class LiveTables: Sendable {
    let ledger: Ledger
    let snapshot: Int
    let projectionName: String

    init(ledger: Ledger, snapshot: Int, projectionName: String) {
        self.ledger = ledger
        self.snapshot = snapshot
        self.projectionName = projectionName
    }

    /// Feeds `produce`'s entries, in key order and all within `lower..<upper` (nil: unbounded),
    /// to a walk of the live table over that range, and returns what the walk found. Throws
    /// `RebuildFold.SnapshotMoved` when a commit came since the replay's snapshot (the caller
    /// replays again and keeps the entries instead).
    public func compare(
        _ table: String, from lower: [UInt8]?, upTo upper: [UInt8]?,
        _ produce: (_ entry: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> RangeComparison {
        guard let database = ledger.projectionDatabases[projectionName]?[table] else {
            throw UnknownTableError(projection: projectionName, table: table)
        }
        return try ledger.read { transaction in
            guard transaction.transaction.snapshotID == snapshot else { throw RebuildFold.SnapshotMoved() }
            return try transaction.transaction.withCursor(on: database) { cursor in
                var walk = RangeWalk(table: database.name, cursor: cursor, upper: upper)
                try walk.start(at: lower)
                try produce { key, value in try walk.expect(key, value) }
                return try walk.finish()
            }
        }
    }

    /// One range's walk: the live entries in it beside the expected ones, to the first difference.
    private struct RangeWalk {
        let table: String
        let cursor: Cursor
        let upper: [UInt8]?
        var live: CursorEntry?
        var compared = 0
        var difference: LedgerRebuilder.Difference?

        init(table: String, cursor: Cursor, upper: [UInt8]?) {
            self.table = table
            self.cursor = cursor
            self.upper = upper
        }

        mutating func start(at lower: [UInt8]?) throws {
            live = try within(lower.map { try cursor.seek(atLeast: $0) } ?? cursor.first())
        }

        /// The entry, unless it lies at or past the range's end.
        func within(_ entry: CursorEntry?) throws -> CursorEntry? {
            guard let entry, let upper else { return entry }
            return upper.withUnsafeBytes { EntryRun.compare(entry.key, $0) < 0 } ? entry : nil
        }

        mutating func expect(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws {
            guard difference == nil else { return }
            guard let current = live else {
                difference = found(key, value, "missing from the live table")
                return
            }
            let order = EntryRun.compare(current.key, key)
            if order != 0 {
                difference = order < 0 ? found(current.key, current.value, "present live but not derivable from the log")
                    : found(key, value, "missing from the live table")
                return
            }
            guard current.value.count == value.count,
                  value.count == 0 || memcmp(current.value.baseAddress!, value.baseAddress!, value.count) == 0
            else {
                difference = found(key, value, "value differs from the replayed one")
                return
            }
            compared += 1
            live = try within(try cursor.next())
        }

        func finish() throws -> RangeComparison {
            if difference == nil, let current = live {
                return RangeComparison(compared: compared, difference: found(current.key, current.value, "present live but not derivable from the log"))
            }
            return RangeComparison(compared: compared, difference: difference)
        }

        func found(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, _ problem: String) -> LedgerRebuilder.Difference {
            LedgerRebuilder.Difference(table: table, keyHex: LedgerRebuilder.hex(key), problem: problem, key: [UInt8](key), value: [UInt8](value))
        }
    }
}

/// What comparing one key range of a live table found: the entries that matched, and the first
/// difference, if any.
public struct RangeComparison: Sendable {
    public let compared: Int
    public let difference: LedgerRebuilder.Difference?

    /// The ranges of one table, in key order, as one comparison: the first difference in key order.
    public static func merged(_ ranges: [RangeComparison]) -> RangeComparison {
        RangeComparison(compared: ranges.reduce(0) { $0 + $1.compared }, difference: ranges.lazy.compactMap(\.difference).first)
    }
}
