import LMDB

/// A projection's tables in the ledger's LMDB environment, read and written through one
/// transaction: in a write transaction its writes commit (or vanish) with the events.
final class LiveProjectionStore: ProjectionStore {
    let projectionName: String
    let databases: [String: Database]
    let transaction: ReadTransaction

    init(projectionName: String, databases: [String: Database], transaction: ReadTransaction) {
        self.projectionName = projectionName
        self.databases = databases
        self.transaction = transaction
    }

    private func database(_ table: String) throws -> Database {
        guard let database = databases[table] else {
            throw UnknownTableError(projection: projectionName, table: table)
        }
        return database
    }

    private var writeTransaction: WriteTransaction {
        guard let transaction = transaction as? WriteTransaction else {
            preconditionFailure("projection \(projectionName) written through a read transaction")
        }
        return transaction
    }

    func value(forKey key: [UInt8], in table: String) throws -> [UInt8]? {
        try transaction.value(forKey: key, in: database(table))
    }

    func forEach(
        in table: String, keyPrefix: [UInt8], startingAt start: [UInt8]?,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        try transaction.forEach(in: database(table), keyPrefix: keyPrefix, startingAt: start) { entry in
            try body([UInt8](entry.key), [UInt8](entry.value))
        }
    }

    func forEachInPlace(
        in table: String, keyPrefix: [UInt8], _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try transaction.forEach(in: database(table), keyPrefix: keyPrefix, startingAt: nil) { entry in
            try body(entry.key, entry.value)
        }
    }

    func put(_ value: [UInt8], forKey key: [UInt8], in table: String) throws {
        try writeTransaction.put(value, forKey: key, in: database(table))
    }

    func removeValue(forKey key: [UInt8], in table: String) throws {
        try writeTransaction.delete(key, in: database(table))
    }
}
