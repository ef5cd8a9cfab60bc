import LMDB

/// Replays the whole log into fresh tables: every projection plus the stream and idempotency
/// indexes. Folds in memory and bulk-loads sorted keys, so it runs at memory speed; `check`
/// compares the result with the live tables byte for byte instead of replacing them.
public enum LedgerRebuilder {
    /// One derived table as the log says it must be.
    struct RebuiltTable {
        let database: Database
        let entries: [(key: [UInt8], value: [UInt8])]
    }

    /// Where a live table differs from the replayed one.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public let table: String
        public let keyHex: String
        public let problem: String
        public var description: String { "\(table): key \(keyHex): \(problem)" }
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
            let (tables, events) = try fold(transaction, projections: ledger.projections, includeIndexes: true)
            return try compare(tables, events: events, in: transaction.transaction)
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
        let (tables, events) = try fold(transaction, projections: projections, includeIndexes: includeIndexes)
        let report = try compare(tables, events: events, in: transaction.transaction)
        guard let writer = transaction.transaction as? WriteTransaction else { preconditionFailure() }
        for table in tables {
            try writer.removeAll(in: table.database)
            for entry in table.entries {
                try writer.put(entry.value, forKey: entry.key, in: table.database, flags: .append)
            }
        }
        for projection in projections {
            try ProjectionVersions.record(projection, in: writer, meta: transaction.tables.meta)
        }
        return report
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

    // MARK: Folding

    static func fold(
        _ transaction: LedgerReadTransaction, projections: [any Projection], includeIndexes: Bool
    ) throws -> ([RebuiltTable], UInt64) {
        let stores = projections.map { MemoryProjectionStore(projection: $0) }
        var streams = StreamIndexBuilder()
        var idempotency: [ByteString: (first: UInt64, count: UInt32)] = [:]
        var eventCount: UInt64 = 0
        try transaction.transaction.forEach(in: transaction.tables.events) { entry in
            let sequence = BigEndianKey.uint64(entry.key) ?? 0
            let view: EventRecordView
            do { view = try EventRecordView(entry.value) } catch {
                throw LedgerError.corrupted(sequence: sequence, reason: "\(error)")
            }
            if includeIndexes {
                streams.add(stream: view.stream, version: view.streamVersion, sequence: view.sequence)
                if !view.idempotencyKey.isEmpty {
                    let key = ByteString(view.idempotencyKey)
                    let prior = idempotency[key]
                    idempotency[key] = (prior?.first ?? view.sequence, (prior?.count ?? 0) + 1)
                }
            }
            if !projections.isEmpty {
                let event = view.decode()
                for (projection, store) in zip(projections, stores) {
                    try projection.apply(event, to: store)
                }
            }
            eventCount += 1
            return true
        }
        var tables: [RebuiltTable] = []
        if includeIndexes {
            let ledgerTables = transaction.tables
            tables.append(RebuiltTable(database: ledgerTables.streamIndex, entries: streams.sortedEntries()))
            tables.append(RebuiltTable(
                database: ledgerTables.idempotency,
                entries: idempotency.sorted { $0.key < $1.key }.map { key, outcome in
                    var value = ByteWriter(capacity: 12)
                    value.append(outcome.first)
                    value.append(outcome.count)
                    return (key.bytes, value.bytes)
                }))
        }
        for (projection, store) in zip(projections, stores) {
            let databases = transaction.ledger.projectionDatabases[projection.name]!
            for table in projection.tableNames {
                tables.append(RebuiltTable(database: databases[table]!, entries: try store.sortedEntries(in: table)))
            }
        }
        return (tables, eventCount)
    }

    // MARK: Comparing

    static func compare(_ tables: [RebuiltTable], events: UInt64, in transaction: ReadTransaction) throws -> Report {
        var differences: [Difference] = []
        var entriesCompared = 0
        for table in tables {
            let (compared, difference) = try compare(table, in: transaction)
            entriesCompared += compared
            if let difference { differences.append(difference) }
        }
        return Report(
            eventsReplayed: events, tablesCompared: tables.count, entriesCompared: entriesCompared,
            differences: differences)
    }

    /// Walks the live table and the expected entries side by side; returns the first difference.
    private static func compare(_ table: RebuiltTable, in transaction: ReadTransaction) throws -> (Int, Difference?) {
        let name = table.database.name
        return try transaction.withCursor(on: table.database) { cursor in
            var live = try cursor.first()
            var index = 0
            while true {
                let expected = index < table.entries.count ? table.entries[index] : nil
                switch (live, expected) {
                case (nil, nil):
                    return (index, nil)
                case (let live?, nil):
                    return (index, Difference(table: name, keyHex: hex(live.key), problem: "present live but not derivable from the log"))
                case (nil, let expected?):
                    return (index, Difference(table: name, keyHex: hex(expected.key), problem: "missing from the live table"))
                case (let live?, let expected?):
                    let order = expected.key.withUnsafeBytes { ByteString.compare(live.key, $0) }
                    if order < 0 {
                        return (index, Difference(table: name, keyHex: hex(live.key), problem: "present live but not derivable from the log"))
                    }
                    if order > 0 {
                        return (index, Difference(table: name, keyHex: hex(expected.key), problem: "missing from the live table"))
                    }
                    guard live.value.elementsEqual(expected.value) else {
                        return (index, Difference(table: name, keyHex: hex(live.key), problem: "value differs from the replayed one"))
                    }
                }
                index += 1
                live = try cursor.next()
            }
        }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// Collects (stream, version) → sequence grouped by stream, then emits them in key order:
/// sorting the distinct streams is far cheaper than sorting one key per event.
struct StreamIndexBuilder {
    private var streams: [ByteString: [(version: UInt32, sequence: UInt64)]] = [:]

    mutating func add(stream: UnsafeRawBufferPointer, version: UInt32, sequence: UInt64) {
        streams[ByteString(stream), default: []].append((version, sequence))
    }

    func sortedEntries() -> [(key: [UInt8], value: [UInt8])] {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        entries.reserveCapacity(streams.values.reduce(0) { $0 + $1.count })
        for stream in streams.keys.sorted() {
            for (version, sequence) in streams[stream]!.sorted(by: { $0.version < $1.version }) {
                var key = stream.bytes
                key.append(0)
                withUnsafeBytes(of: version.bigEndian) { key.append(contentsOf: $0) }
                entries.append((key, BigEndianKey.bytes(sequence)))
            }
        }
        return entries
    }
}

/// The version of each projection that its stored tables were folded with.
enum ProjectionVersions {
    static func key(_ projection: any Projection) -> [UInt8] {
        Array("projection-version:\(projection.name)".utf8)
    }

    static func isCurrent(_ projection: any Projection, in transaction: ReadTransaction, meta: Database) throws -> Bool {
        guard let stored = try transaction.get(key(projection), in: meta), stored.count == 4 else { return false }
        return UInt32(bigEndian: stored.loadUnaligned(as: UInt32.self)) == projection.version
    }

    static func record(_ projection: any Projection, in transaction: WriteTransaction, meta: Database) throws {
        var value = ByteWriter(capacity: 4)
        value.append(projection.version)
        try transaction.put(value.bytes, forKey: key(projection), in: meta)
    }
}
