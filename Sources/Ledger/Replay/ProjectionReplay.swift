/// A projection's fold over the whole log (or its first events) in memory: what rebuild,
/// verify and questions about the past run instead of folding event by event through LMDB.
///
/// Events arrive in sequence order; their buffers stay valid until `finish` returns, so a
/// replay may keep them and decode each once, when it knows what it needs (the records
/// projection groups events by record, then folds each record once). `finish` returns every
/// table the projection declares, sorted in LMDB key order; the bytes must equal what the live
/// fold of the same events writes.
public protocol ProjectionReplay: AnyObject {
    func add(_ event: StoredEvent) throws
    func finish() throws -> [String: ReplayedTable]
}

/// A replayed table: one or more runs of entries, each in key order, no key in two runs. A
/// replay that folds on several cores hands over each core's run; they are merged as they
/// are read, never copied into one array.
public struct ReplayedTable: Sendable {
    public let runs: [[TableEntry]]

    public init(runs: [[TableEntry]]) {
        self.runs = runs.filter { !$0.isEmpty }
    }

    public init(sorted entries: [TableEntry]) {
        self.init(runs: [entries])
    }

    public var count: Int { runs.reduce(0) { $0 + $1.count } }

    /// Every entry, in key order.
    public func forEachInKeyOrder(_ body: (TableEntry) throws -> Void) rethrows {
        if runs.count == 1 {
            for entry in runs[0] { try body(entry) }
            return
        }
        // A k-way merge over the runs' heads; k is the number of cores times a few, so a
        // linear scan of the heads is as fast as a heap.
        var positions = [Int](repeating: 0, count: runs.count)
        var heads: [ByteString?] = runs.map { $0.first?.key }
        while true {
            var smallest = -1
            var smallestKey: ByteString?
            for run in heads.indices {
                guard let key = heads[run] else { continue }
                if let current = smallestKey, !(key < current) { continue }
                smallest = run
                smallestKey = key
            }
            guard smallest >= 0 else { return }
            try body(runs[smallest][positions[smallest]])
            positions[smallest] += 1
            heads[smallest] = positions[smallest] < runs[smallest].count ? runs[smallest][positions[smallest]].key : nil
        }
    }

    /// The entries merged into one array, in key order.
    public var merged: [TableEntry] {
        if runs.count == 1 { return runs[0] }
        var entries: [TableEntry] = []
        entries.reserveCapacity(count)
        forEachInKeyOrder { entries.append($0) }
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
