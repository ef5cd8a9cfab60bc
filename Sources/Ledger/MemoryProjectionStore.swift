import LMDB

/// A projection's tables held in memory: where rebuild folds the log before bulk-loading the
/// sorted result, and where "as of" questions fold one stream's past.
public final class MemoryProjectionStore: ProjectionStore {
    public let projectionName: String
    private(set) var tables: [String: [ByteString: [UInt8]]]

    public init(projection: some Projection) {
        projectionName = projection.name
        tables = Dictionary(uniqueKeysWithValues: projection.tableNames.map { ($0, [:]) })
    }

    private func checkTable(_ table: String) throws {
        if tables[table] == nil { throw UnknownTableError(projection: projectionName, table: table) }
    }

    public func value(forKey key: [UInt8], in table: String) throws -> [UInt8]? {
        try checkTable(table)
        return tables[table]![ByteString(key)]
    }

    public func put(_ value: [UInt8], forKey key: [UInt8], in table: String) throws {
        try checkTable(table)
        tables[table]![ByteString(key)] = value
    }

    public func removeValue(forKey key: [UInt8], in table: String) throws {
        try checkTable(table)
        tables[table]!.removeValue(forKey: ByteString(key))
    }

    public func forEach(
        in table: String, keyPrefix: [UInt8], startingAt start: [UInt8]?,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        try checkTable(table)
        let first = ByteString(start ?? [])
        let matching = tables[table]!.filter { $0.key.bytes.starts(with: keyPrefix) && !($0.key < first) }
        for (key, value) in matching.sorted(by: { $0.key < $1.key }) {
            guard try body(key.bytes, value) else { return }
        }
    }

    /// The table's entries in LMDB key order.
    public func sortedEntries(in table: String) throws -> [(key: [UInt8], value: [UInt8])] {
        try checkTable(table)
        return tables[table]!.sorted { $0.key < $1.key }.map { ($0.key.bytes, $0.value) }
    }
}
