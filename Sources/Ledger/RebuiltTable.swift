import LMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One derived table as the log says it must be: its entries in key order, produced on demand
/// (a million stream-index keys are never held as a million arrays).
struct RebuiltTable: Sendable {
    let database: Database
    let forEachEntry: @Sendable ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Void

    init(database: Database, forEachEntry: @escaping @Sendable ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Void) {
        self.database = database
        self.forEachEntry = forEachEntry
    }

    /// A replayed table's entries, merged in key order as they are read.
    init(database: Database, table: ReplayedTable) {
        self.database = database
        forEachEntry = { body in
            try table.forEachInKeyOrder { entry in
                try entry.key.withUnsafeBytes { key in try entry.value.withUnsafeBytes { try body(key, $0) } }
            }
        }
    }

    private struct Stop: Error {}

    /// Walks the live table and the expected entries side by side; returns how many entries
    /// were compared and the first difference.
    func compare(with transaction: ReadTransaction) throws -> (Int, LedgerRebuilder.Difference?) {
        let name = database.name
        func difference(_ key: UnsafeRawBufferPointer, _ problem: String) -> LedgerRebuilder.Difference {
            LedgerRebuilder.Difference(table: name, keyHex: LedgerRebuilder.hex(key), problem: problem)
        }
        let extra = "present live but not derivable from the log"
        let missing = "missing from the live table"
        return try transaction.withCursor(on: database) { cursor in
            var live = try cursor.first()
            var compared = 0
            var found: LedgerRebuilder.Difference?
            do {
                try forEachEntry { key, value in
                    guard let current = live else {
                        found = difference(key, missing)
                        throw Stop()
                    }
                    let order = ByteString.compare(current.key, key)
                    if order != 0 {
                        found = order < 0 ? difference(current.key, extra) : difference(key, missing)
                        throw Stop()
                    }
                    guard current.value.count == value.count,
                          value.count == 0 || memcmp(current.value.baseAddress!, value.baseAddress!, value.count) == 0
                    else {
                        found = difference(key, "value differs from the replayed one")
                        throw Stop()
                    }
                    compared += 1
                    live = try cursor.next()
                }
            } catch is Stop {
                return (compared, found)
            }
            if let current = live { return (compared, difference(current.key, extra)) }
            return (compared, nil)
        }
    }
}

/// The engine's derived indexes as the log says they must be: the stream index and the
/// idempotency index, collected from records in sequence order.
struct EngineIndexBuilder {
    private(set) var streams = StreamIndexBuilder()
    private var idempotency: [ByteString: (first: UInt64, count: UInt32)] = [:]
    private(set) var eventCount: UInt64 = 0

    mutating func add(_ view: EventRecordView) {
        streams.add(stream: view.stream, version: view.streamVersion, sequence: view.sequence)
        if !view.idempotencyKey.isEmpty {
            let key = ByteString(view.idempotencyKey)
            let prior = idempotency[key]
            idempotency[key] = (prior?.first ?? view.sequence, (prior?.count ?? 0) + 1)
        }
        eventCount += 1
    }

    func tables(_ ledgerTables: LedgerTables) -> [RebuiltTable] {
        let sortedKeys = idempotency.keys.sorted()
        let outcomes = idempotency
        let idempotencyTable = RebuiltTable(database: ledgerTables.idempotency) { body in
            for key in sortedKeys {
                let outcome = outcomes[key]!
                var value = ByteWriter(capacity: 12)
                value.append(outcome.first)
                value.append(outcome.count)
                try key.withUnsafeBytes { key in try value.bytes.withUnsafeBytes { try body(key, $0) } }
            }
        }
        return [streams.table(ledgerTables.streamIndex), idempotencyTable]
    }
}

/// Collects (stream, version) → sequence grouped by stream, then emits them in key order:
/// sorting the distinct streams is far cheaper than sorting one key per event.
struct StreamIndexBuilder {
    private var streams: [ByteString: [(version: UInt32, sequence: UInt64)]] = [:]

    mutating func add(stream: UnsafeRawBufferPointer, version: UInt32, sequence: UInt64) {
        streams[ByteString(stream), default: []].append((version, sequence))
    }

    /// Appends one event and returns the version the stream had before it (0 for a new stream).
    mutating func addReturningPreviousVersion(stream: ByteString, version: UInt32, sequence: UInt64) -> UInt32 {
        func append(_ entries: inout [(version: UInt32, sequence: UInt64)]) -> UInt32 {
            let previous = entries.last?.version ?? 0
            entries.append((version, sequence))
            return previous
        }
        return append(&streams[stream, default: []])
    }

    func table(_ database: Database) -> RebuiltTable {
        let streams = self.streams
        return RebuiltTable(database: database) { body in
            var key: [UInt8] = []
            for stream in streams.keys.sorted() {
                key.removeAll(keepingCapacity: true)
                stream.withUnsafeBytes { key.append(contentsOf: $0) }
                key.append(0)
                let prefixCount = key.count
                for (version, sequence) in streams[stream]!.sorted(by: { $0.version < $1.version }) {
                    key.removeSubrange(prefixCount...)
                    withUnsafeBytes(of: version.bigEndian) { key.append(contentsOf: $0) }
                    try key.withUnsafeBytes { key in
                        try withUnsafeBytes(of: sequence.bigEndian) { try body(key, $0) }
                    }
                }
            }
        }
    }
}
