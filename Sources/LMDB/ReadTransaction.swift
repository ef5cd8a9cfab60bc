import CLMDB

/// A read-only snapshot of the environment.
///
/// Live only inside the closure given to `Environment.read`; buffers it returns point into the
/// memory map and stay valid only until that closure returns.
public class ReadTransaction {
    public let environment: Environment
    let handle: OpaquePointer
    private(set) var isActive = true

    init(environment: Environment, flags: UInt32 = UInt32(MDB_RDONLY)) throws {
        self.environment = environment
        self.handle = try ReadTransaction.begin(environment, flags: flags)
    }

    /// Begins a transaction holding the map-size lock shared; adopts a map grown by another
    /// process (`MDB_MAP_RESIZED`) and retries.
    private static func begin(_ environment: Environment, flags: UInt32) throws -> OpaquePointer {
        while true {
            environment.mapSizeLock.lockShared()
            var transaction: OpaquePointer?
            let code = mdb_txn_begin(environment.handle, nil, flags, &transaction)
            if code == 0, let transaction { return transaction }
            environment.mapSizeLock.unlock()
            guard code == MDB_MAP_RESIZED else {
                throw LMDBError(code: code, operation: "mdb_txn_begin")
            }
            try environment.adoptResizedMap()
        }
    }

    /// Ends the transaction without writing anything (the end of every read).
    func finish() {
        guard isActive else { return }
        mdb_txn_abort(handle)
        markEnded()
    }

    /// Ends a read transaction by committing it, which keeps the database handles it opened.
    func commitKeepingHandles() throws {
        precondition(isActive)
        let code = mdb_txn_commit(handle)
        markEnded()
        try check(code, "mdb_txn_commit")
    }

    func markEnded() {
        precondition(isActive)
        isActive = false
        environment.mapSizeLock.unlock()
    }

    deinit {
        finish()
    }

    func openDatabase(named name: String, create: Bool) throws -> Database {
        var handle = MDB_dbi()
        let flags = create ? UInt32(MDB_CREATE) : 0
        let code = mdb_dbi_open(self.handle, name, flags, &handle)
        if code == MDB_NOTFOUND {
            // Only a read-only open gets here: every table a ledger opens is created with it.
            throw LMDBError(kind: .corrupted, code: code, operation: "mdb_dbi_open(\(name))",
                            message: "table \(name) is missing from the data file (its name in the main database may be damaged)")
        }
        try check(code, "mdb_dbi_open(\(name))")
        return Database(name: name, handle: handle)
    }

    // MARK: Reads

    /// The value stored under `key`, pointing into the map, or nil when absent.
    public func get(_ key: UnsafeRawBufferPointer, in database: Database) throws -> UnsafeRawBufferPointer? {
        precondition(isActive, "transaction used after it ended")
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var value = MDB_val()
        let code = mdb_get(handle, database.handle, &keyValue, &value)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_get(\(database.name))")
        return UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
    }

    public func get(_ key: [UInt8], in database: Database) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { try get($0, in: database) }
    }

    /// A copy of the value stored under `key`, or nil when absent.
    public func value(forKey key: [UInt8], in database: Database) throws -> [UInt8]? {
        try get(key, in: database).map { [UInt8]($0) }
    }

    /// Opens a cursor on `database` for the duration of `body`.
    public func withCursor<Result>(on database: Database, _ body: (Cursor) throws -> Result) throws -> Result {
        precondition(isActive, "transaction used after it ended")
        let cursor = try Cursor(transaction: self, database: database)
        defer { cursor.close() }
        return try body(cursor)
    }

    /// The last entry whose key is below `key`, or nil.
    public func lastEntry(below key: [UInt8], in database: Database) throws -> CursorEntry? {
        try withCursor(on: database) { try $0.seek(below: key) }
    }

    /// Opens `count` independent cursors on `database` for the duration of `body`.
    public func withCursors<Result>(
        on database: Database, count: Int, _ body: ([Cursor]) throws -> Result
    ) throws -> Result {
        precondition(isActive, "transaction used after it ended")
        precondition(count >= 0)
        var cursors: [Cursor] = []
        defer { cursors.forEach { $0.close() } }
        for _ in 0..<count {
            cursors.append(try Cursor(transaction: self, database: database))
        }
        return try body(cursors)
    }

    /// Calls `body` with each entry whose key starts with `prefix`, in key order, from the first
    /// key at or after `start` (when given), until it returns false.
    public func forEach(
        in database: Database, keyPrefix prefix: [UInt8] = [], startingAt start: [UInt8]? = nil,
        _ body: (CursorEntry) throws -> Bool
    ) throws {
        try withCursor(on: database) { cursor in
            let start = start ?? []
            let first = prefix.lexicographicallyPrecedes(start) ? start : prefix
            var entry = first.isEmpty ? try cursor.first() : try cursor.seek(atLeast: first)
            while let current = entry, current.key.starts(with: prefix) {
                guard try body(current) else { return }
                entry = try cursor.next()
            }
        }
    }

    public func statistics(of database: Database) throws -> DatabaseStatistics {
        precondition(isActive, "transaction used after it ended")
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.handle, &stat), "mdb_stat(\(database.name))")
        return DatabaseStatistics(stat)
    }

    public func entryCount(of database: Database) throws -> Int {
        try statistics(of: database).entries
    }

    /// The id of the snapshot this transaction reads (LMDB's transaction id).
    public var snapshotID: Int { mdb_txn_id(handle) }
}
