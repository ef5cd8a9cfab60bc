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
    private var streams: StreamIndexBuilder
    /// Every idempotency key as it appears, in sequence order; grouped by sorting when the table
    /// is emitted (a dictionary of the keys hashed each one only to sort them afterwards).
    private var idempotencyKeys: [(key: UnsafeRawBufferPointer, sequence: UInt64)] = []
    private(set) var eventCount: UInt64 = 0

    /// `expectedEvents` reserves room for that many.
    init(expectedEvents: Int = 0) {
        streams = StreamIndexBuilder(expectedEvents: expectedEvents)
        idempotencyKeys.reserveCapacity(expectedEvents)
    }

    /// Adds an event; returns its stream's version before it (0 for a stream not seen).
    @discardableResult
    mutating func add(_ view: EventRecordView) -> UInt32 {
        if !view.idempotencyKey.isEmpty {
            idempotencyKeys.append((view.idempotencyKey, view.sequence))
        }
        eventCount += 1
        return streams.add(stream: view.stream, version: view.streamVersion, sequence: view.sequence)
    }

    func tables(_ ledgerTables: LedgerTables) -> [RebuiltTable] {
        // Sorted as the table is read, so that verify sorts it on a core of its parallel compare.
        let unsorted = SnapshotShared(idempotencyKeys)
        let idempotencyTable = RebuiltTable(database: ledgerTables.idempotency, source: EngineIndexBuilder.sequenceInValue) { body in
            let uses = Self.sortedUses(unsorted.value)
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

    /// The uses in key order, the uses of one key in sequence order (so the first is the first
    /// seen). Sorted by their first sixteen key bytes as integers, reading the keys in the log
    /// (scattered over the map) only on a tie: a million keys sorted by comparing their bytes
    /// took seconds of cache misses.
    static func sortedUses(_ uses: [(key: UnsafeRawBufferPointer, sequence: UInt64)]) -> [(key: UnsafeRawBufferPointer, sequence: UInt64)] {
        var order = uses.map { (prefix: EntryRun.word($0.key, from: 0), next: EntryRun.word($0.key, from: 8), use: $0) }
        order.sort { left, right in
            if left.prefix != right.prefix { return left.prefix < right.prefix }
            if left.next != right.next { return left.next < right.next }
            let order = ByteString.compare(left.use.key, right.use.key)
            return order != 0 ? order < 0 : left.use.sequence < right.use.sequence
        }
        return order.map(\.use)
    }

    /// An engine index entry's value begins with the sequence it points to.
    static func sequenceInValue(_ key: [UInt8], _ value: [UInt8]) -> DerivedEntrySource? {
        value.count >= 8 ? .event(value.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }) : nil
    }
}

/// Collects (stream, version) → sequence grouped by stream, then emits them in key order:
/// sorting the distinct streams is far cheaper than sorting one key per event. The events
/// are one array in log order, each linked to the next of its stream (a million streams were
/// a million small arrays, each grown and freed), found by one hash lookup an event.
struct StreamIndexBuilder {
    /// Stream → its number: its place in `lastVersions`, `firstEvent` and `lastEvent`.
    private var numbers = ByteStringNumbering()
    private var lastVersions: [UInt32] = []
    private var firstEvent: [Int] = []
    private var lastEvent: [Int] = []
    private var events: [(version: UInt32, sequence: UInt64, next: Int)] = []

    /// `expectedEvents` reserves room, so that the arrays are not copied as they grow.
    init(expectedEvents: Int = 0) {
        events.reserveCapacity(expectedEvents)
        numbers.reserveCapacity(ByteStringNumbering.expectedStreams(ofEvents: expectedEvents))
    }

    /// Adds an event; returns its stream's version before it (0 for a stream not seen).
    @discardableResult
    mutating func add(stream: UnsafeRawBufferPointer, version: UInt32, sequence: UInt64) -> UInt32 {
        let position = events.count
        events.append((version, sequence, -1))
        let (number, isNew) = numbers.number(of: ByteString(stream))
        guard !isNew else {
            lastVersions.append(version)
            firstEvent.append(position)
            lastEvent.append(position)
            return 0
        }
        let previous = lastVersions[number]
        events[lastEvent[number]].next = position
        lastEvent[number] = position
        lastVersions[number] = version
        return previous
    }

    func table(_ database: Database) -> RebuiltTable {
        RebuiltTable(database: database, source: EngineIndexBuilder.sequenceInValue) { [self] body in
            // Sorted as the table is read, on a core of verify's parallel compare.
            let streams = numbers.keys.enumerated().sorted { $0.element < $1.element }
            var key: [UInt8] = []
            var stream: [(version: UInt32, sequence: UInt64)] = []
            for (number, name) in streams {
                key.removeAll(keepingCapacity: true)
                name.withUnsafeBytes { key.append(contentsOf: $0) }
                key.append(0)
                let prefixCount = key.count
                stream.removeAll(keepingCapacity: true)
                var position = firstEvent[number]
                while position >= 0 {
                    stream.append((events[position].version, events[position].sequence))
                    position = events[position].next
                }
                // In version order already, unless the log was forged.
                if !zip(stream, stream.dropFirst()).allSatisfy({ $0.version < $1.version }) {
                    stream.sort { $0.version < $1.version }
                }
                for (version, sequence) in stream {
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
