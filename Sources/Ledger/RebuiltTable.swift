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
    /// What the replay found comparing the table itself, when it did (check and verify only).
    var compared: RangeComparison?

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
        compared = table.compared
        forEachEntry = { body in
            precondition(table.compared == nil, "a table the replay compared holds no entries to write")
            try table.forEachInKeyOrder(body)
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
        if let compared { return (compared.compared, compared.difference) }
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
/// idempotency index, collected from records in sequence order. It keeps pointers into the
/// records it was given, so it must be used inside the transaction they were read in.
struct EngineIndexBuilder {
    private(set) var streams = StreamIndexBuilder()
    /// Every idempotency key as it appears, in sequence order; grouped by sorting when the table
    /// is emitted (a dictionary of the keys hashed each one only to sort them afterwards).
    private var idempotencyKeys: [(key: UnsafeRawBufferPointer, sequence: UInt64)] = []
    private(set) var eventCount: UInt64 = 0

    mutating func add(_ view: EventRecordView) {
        streams.add(stream: view.stream, version: view.streamVersion, sequence: view.sequence)
        if !view.idempotencyKey.isEmpty {
            idempotencyKeys.append((view.idempotencyKey, view.sequence))
        }
        eventCount += 1
    }

    func tables(_ ledgerTables: LedgerTables) -> [RebuiltTable] {
        // The uses of one key in sequence order, so the first is the first seen.
        let sorted = SnapshotShared(idempotencyKeys.sorted { left, right in
            let order = ByteString.compare(left.key, right.key)
            return order != 0 ? order < 0 : left.sequence < right.sequence
        })
        let idempotencyTable = RebuiltTable(database: ledgerTables.idempotency, source: EngineIndexBuilder.sequenceInValue) { body in
            let uses = sorted.value
            var start = 0
            while start < uses.count {
                var end = start + 1
                while end < uses.count, ByteString.compare(uses[end].key, uses[start].key) == 0 { end += 1 }
                var value = ByteWriter(capacity: 12)
                value.append(uses[start].sequence)
                value.append(UInt32(end - start))
                try value.bytes.withUnsafeBytes { try body(uses[start].key, $0) }
                start = end
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
        let streams = streams.sorted { $0.key < $1.key }
        return RebuiltTable(database: database, source: EngineIndexBuilder.sequenceInValue) { body in
            var key: [UInt8] = []
            for (stream, events) in streams {
                key.removeAll(keepingCapacity: true)
                stream.withUnsafeBytes { key.append(contentsOf: $0) }
                key.append(0)
                let prefixCount = key.count
                // In version order already, unless the log was forged.
                let ordered = zip(events, events.dropFirst()).allSatisfy { $0.version < $1.version }
                    ? events : events.sorted { $0.version < $1.version }
                for (version, sequence) in ordered {
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
