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
    /// Which event or stream an entry derives from, so a difference can name its sequence.
    let source: @Sendable (_ key: [UInt8], _ value: [UInt8]) -> DerivedEntrySource?

    init(
        database: Database, source: @escaping @Sendable ([UInt8], [UInt8]) -> DerivedEntrySource?,
        forEachEntry: @escaping @Sendable ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) {
        self.database = database
        self.source = source
        self.forEachEntry = forEachEntry
    }

    /// A replayed table's entries, merged in key order as they are read.
    init(database: Database, table: ReplayedTable, source: @escaping @Sendable ([UInt8], [UInt8]) -> DerivedEntrySource?) {
        self.database = database
        self.source = source
        forEachEntry = { body in
            try table.forEachInKeyOrder { entry in
                try entry.key.withUnsafeBytes { key in try entry.value.withUnsafeBytes { try body(key, $0) } }
            }
        }
    }

    private struct Stop: Error {}

    /// The sequence of the event behind a difference: named by the entry, or the last event of
    /// the stream the entry derives from.
    func sourceSequence(of difference: LedgerRebuilder.Difference, in transaction: LedgerReadTransaction) throws -> UInt64? {
        switch source(difference.key, difference.value) {
        case .event(let sequence): return sequence
        case .stream(let stream): return try transaction.streamSequences(stream).last
        case nil: return nil
        }
    }

    /// Walks the live table and the expected entries side by side; returns how many entries
    /// were compared and the first difference.
    func compare(with transaction: ReadTransaction) throws -> (Int, LedgerRebuilder.Difference?) {
        let name = database.name
        func difference(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, _ problem: String) -> LedgerRebuilder.Difference {
            LedgerRebuilder.Difference(table: name, keyHex: LedgerRebuilder.hex(key), problem: problem, key: [UInt8](key), value: [UInt8](value))
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
                        found = difference(key, value, missing)
                        throw Stop()
                    }
                    let order = ByteString.compare(current.key, key)
                    if order != 0 {
                        found = order < 0 ? difference(current.key, current.value, extra) : difference(key, value, missing)
                        throw Stop()
                    }
                    guard current.value.count == value.count,
                          value.count == 0 || memcmp(current.value.baseAddress!, value.baseAddress!, value.count) == 0
                    else {
                        found = difference(key, value, "value differs from the replayed one")
                        throw Stop()
                    }
                    compared += 1
                    live = try cursor.next()
                }
            } catch is Stop {
                return (compared, found)
            }
            if let current = live { return (compared, difference(current.key, current.value, extra)) }
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
        let idempotencyTable = RebuiltTable(database: ledgerTables.idempotency, source: EngineIndexBuilder.sequenceInValue) { body in
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

    /// An engine index entry's value begins with the sequence it points to.
    static func sequenceInValue(_ key: [UInt8], _ value: [UInt8]) -> DerivedEntrySource? {
        value.count >= 8 ? .event(value.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }) : nil
    }
}

/// Collects (stream, version) → sequence grouped by stream, then emits them in key order:
/// sorting the distinct streams is far cheaper than sorting one key per event.
struct StreamIndexBuilder {
    private var streams: [ByteString: [(version: UInt32, sequence: UInt64)]] = [:]

    mutating func add(stream: UnsafeRawBufferPointer, version: UInt32, sequence: UInt64) {
        streams[ByteString(stream), default: []].append((version, sequence))
    }

    /// The version of the stream's last event added so far (0 for a stream not seen).
    func lastVersion(of stream: ByteString) -> UInt32 {
        streams[stream]?.last?.version ?? 0
    }

    func table(_ database: Database) -> RebuiltTable {
        let streams = self.streams
        return RebuiltTable(database: database, source: EngineIndexBuilder.sequenceInValue) { body in
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
