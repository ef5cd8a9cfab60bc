/// A projection's fold over the whole log (or its first events) in memory: what rebuild,
/// verify and questions about the past run instead of folding event by event through LMDB.
///
/// Events arrive in sequence order; their buffers stay valid until `finish` returns, so a
/// replay may keep them and decode each once, when it knows what it needs (the records
/// projection groups events by record, then folds each record once). `finish` returns every
/// table the projection declares, sorted in LMDB key order; the bytes must equal what the live
/// fold of the same events writes.
public protocol ProjectionReplay: AnyObject {
    /// About how many events will be added (at most): room a replay may reserve, so that what
    /// it keeps is not copied as it grows.
    func expect(events count: Int)
    func add(_ event: StoredEvent) throws
    func finish() throws -> [String: ReplayedTable]
    /// For a check (not a rebuild): `finish`, free to compare a table with the live one as it
    /// produces it and hand over only what the comparison found (`ReplayedTable(compared:)`).
    func finish(checkingAgainst live: LiveTables) throws -> [String: ReplayedTable]
}

extension ProjectionReplay {
    public func expect(events count: Int) {}
    public func finish(checkingAgainst live: LiveTables) throws -> [String: ReplayedTable] { try finish() }
}

/// A replayed table: one or more runs of entries, each in key order, no key in two runs. A
/// replay that folds on several cores hands over each core's run; they are merged as they
/// are read, never copied into one buffer.
public struct ReplayedTable: Sendable {
    public let runs: [EntryRun]
    /// Set when the replay compared the table with the live one itself: no entries then.
    public let compared: RangeComparison?

    public init(runs: [EntryRun]) {
        self.runs = runs.filter { !$0.isEmpty }
        compared = nil
    }

    /// A table the replay already compared with the live one (`LiveTables`).
    public init(compared: RangeComparison) {
        runs = []
        self.compared = compared
    }

    /// A table from entries already in key order.
    public init(sorted entries: [TableEntry]) {
        var run = EntryRun(reservingEntries: entries.count, bytes: 0)
        for entry in entries {
            entry.key.withUnsafeBytes { key in entry.value.withUnsafeBytes { run.append(key: key, value: $0) } }
        }
        self.init(runs: [run])
    }

    public var count: Int { runs.reduce(0) { $0 + $1.count } }

    /// Every entry, in key order; the buffers are valid only during the call.
    public func forEachInKeyOrder(_ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void) rethrows {
        if runs.count == 1 {
            try runs[0].forEach(body)
            return
        }
        var bases: [UnsafeRawBufferPointer] = []
        try withBases(from: 0, &bases) { bases in try merge(bases, body) }
    }

    /// Calls `body` with the byte buffers of every run, each valid for the whole call.
    private func withBases(
        from index: Int, _ bases: inout [UnsafeRawBufferPointer], _ body: ([UnsafeRawBufferPointer]) throws -> Void
    ) rethrows {
        guard index < runs.count else { return try body(bases) }
        try runs[index].bytes.withUnsafeBytes { base in
            bases.append(base)
            try withBases(from: index + 1, &bases, body)
        }
    }

    /// A k-way merge over the runs' heads; k is the number of cores times a few, so a linear
    /// scan of the heads (compared by their first eight bytes, then in full) is as fast as a heap.
    private func merge(_ bases: [UnsafeRawBufferPointer], _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) rethrows {
        var positions = [Int](repeating: 0, count: runs.count)
        var heads: [(prefix: UInt64, key: UnsafeRawBufferPointer)?] = runs.indices.map { head(of: $0, at: 0, bases) }
        while true {
            var smallest = -1
            for run in heads.indices {
                guard let candidate = heads[run] else { continue }
                if smallest >= 0, let current = heads[smallest] {
                    if candidate.prefix > current.prefix { continue }
                    if candidate.prefix == current.prefix && EntryRun.compare(candidate.key, current.key) >= 0 { continue }
                }
                smallest = run
            }
            guard smallest >= 0 else { return }
            let slot = runs[smallest].slots[positions[smallest]]
            try body(EntryRun.key(slot, bases[smallest]), EntryRun.value(slot, bases[smallest]))
            positions[smallest] += 1
            heads[smallest] = head(of: smallest, at: positions[smallest], bases)
        }
    }

    private func head(of run: Int, at position: Int, _ bases: [UnsafeRawBufferPointer]) -> (prefix: UInt64, key: UnsafeRawBufferPointer)? {
        guard position < runs[run].count else { return nil }
        let key = EntryRun.key(runs[run].slots[position], bases[run])
        return (EntryRun.word(key, from: 0), key)
    }

    /// The entries merged into one array, in key order (for the small tables of a past answer).
    public var merged: [TableEntry] {
        var entries: [TableEntry] = []
        entries.reserveCapacity(count)
        forEachInKeyOrder { key, value in entries.append(TableEntry(key: ByteString(key), value: [UInt8](value))) }
        return entries
    }
}

/// One entry of a replayed table.
public struct TableEntry: Sendable, Equatable {
    public let key: ByteString
    public let value: [UInt8]

    public init(key: ByteString, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    public init(key: [UInt8], value: [UInt8]) {
        self.init(key: ByteString(key), value: value)
    }
}

extension Array where Element == TableEntry {
    /// Sorted in LMDB key order. Sorts (first sixteen key bytes, position) triples, which
    /// integer comparisons order almost always (keys of one type share their first eight
    /// bytes), then moves each entry once.
    public mutating func sortByKey() {
        guard count > 1 else { return }
        let entries = self
        var order = entries.indices.map { (prefix: entries[$0].key.leadingWord, next: entries[$0].key.secondWord, index: $0) }
        order.sort { left, right in
            if left.prefix != right.prefix { return left.prefix < right.prefix }
            if left.next != right.next { return left.next < right.next }
            return entries[left.index].key < entries[right.index].key
        }
        self = order.map { entries[$0.index] }
    }
}

/// The replay every projection gets unless it brings its own: each event of the streams it
/// folds, decoded and applied through `apply` to tables in memory.
final class FoldingReplay: ProjectionReplay {
    let projection: any Projection
    let store: MemoryProjectionStore
    private let prefixes: [[UInt8]]

    init(_ projection: any Projection) {
        self.projection = projection
        store = MemoryProjectionStore(projection: projection)
        prefixes = projection.streamPrefixes.map { Array($0.utf8) }
    }

    func add(_ event: StoredEvent) throws {
        if !prefixes.isEmpty && !prefixes.contains(where: { event.stream.starts(with: $0) }) { return }
        try projection.apply(event.decode(), to: store)
    }

    func finish() throws -> [String: ReplayedTable] {
        var tables: [String: ReplayedTable] = [:]
        for table in projection.tableNames {
            tables[table] = ReplayedTable(sorted: try store.sortedEntries(in: table).map { TableEntry(key: $0.key, value: $0.value) })
        }
        return tables
    }
}
