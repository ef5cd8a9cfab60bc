/// A projection's tables as a replay left them, read like the live ones: the past answers of a
/// query are computed over these, with the same code that answers it live.
public final class ReplayedTables: ProjectionReader, @unchecked Sendable {
    public let projectionName: String
    let tables: [String: [TableEntry]]

    public init(projectionName: String, tables: [String: ReplayedTable]) {
        self.projectionName = projectionName
        self.tables = tables.mapValues(\.merged)
    }

    private func entries(_ table: String) throws -> [TableEntry] {
        guard let entries = tables[table] else { throw UnknownTableError(projection: projectionName, table: table) }
        return entries
    }

    public func value(forKey key: [UInt8], in table: String) throws -> [UInt8]? {
        let entries = try entries(table)
        let target = ByteString(key)
        let index = Self.firstIndex(notBelow: target, in: entries)
        guard index < entries.count, entries[index].key == target else { return nil }
        return entries[index].value
    }

    public func forEach(
        in table: String, keyPrefix: [UInt8], startingAt start: [UInt8]?,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        let entries = try entries(table)
        let startKey = start.map { keyPrefix.lexicographicallyPrecedes($0) ? $0 : keyPrefix } ?? keyPrefix
        let first = ByteString(startKey)
        var index = Self.firstIndex(notBelow: first, in: entries)
        while index < entries.count {
            let key = entries[index].key.bytes
            guard key.starts(with: keyPrefix), try body(key, entries[index].value) else { return }
            index += 1
        }
    }

    /// Every entry of `table`, in key order.
    public func entries(in table: String) throws -> [TableEntry] {
        try entries(table)
    }

    static func firstIndex(notBelow key: ByteString, in entries: [TableEntry]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
