import CLMDB

/// Options of a put.
public struct PutFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Fail with `keyExists` instead of replacing a present key.
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every key in the database: LMDB skips the search and fills pages
    /// completely (fails with `keyExists` if the key does not sort last).
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
}

/// The environment's single write transaction; every read sees its own writes.
///
/// Live only inside the closure given to `Environment.write`, which commits it.
public final class WriteTransaction: ReadTransaction {
    /// Set when LMDB reported `MDB_MAP_FULL`, so the environment grows the map and retries even
    /// if the body wrapped or swallowed the error.
    private(set) var mapFilled = false
    /// Puts and deletes made so far: lets a caller tell whether a failed step wrote anything.
    public private(set) var changeCount = 0

    /// One cursor per database for point reads and writes. LMDB starts a search from the
    /// cursor's current leaf page when the key falls inside it, so a get followed by a put of a
    /// nearby key (a stream's last version, then its next) costs one descent instead of two.
    /// LMDB frees these cursors itself when the transaction ends.
    private var pointCursors: [OpaquePointer?] = []

    init(environment: Environment) throws {
        try super.init(environment: environment, flags: 0)
    }

    private func pointCursor(_ database: Database) throws -> OpaquePointer {
        let index = Int(database.handle)
        if index < pointCursors.count, let cursor = pointCursors[index] { return cursor }
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(handle, database.handle, &cursor), "mdb_cursor_open(\(database.name))")
        guard let cursor else { preconditionFailure("mdb_cursor_open returned no cursor") }
        if index >= pointCursors.count {
            pointCursors += Array(repeating: nil, count: index + 1 - pointCursors.count)
        }
        pointCursors[index] = cursor
        return cursor
    }

    public override func get(_ key: UnsafeRawBufferPointer, in database: Database) throws -> UnsafeRawBufferPointer? {
        precondition(isActive, "transaction used after it ended")
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var value = MDB_val()
        let code = mdb_cursor_get(try pointCursor(database), &keyValue, &value, MDB_SET_KEY)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_cursor_get(\(database.name))")
        return UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
    }

    public override func lastEntry(below key: [UInt8], in database: Database) throws -> CursorEntry? {
        precondition(isActive, "transaction used after it ended")
        let cursor = try pointCursor(database)
        var keyValue = MDB_val()
        var value = MDB_val()
        let found = try key.withUnsafeBytes { key in
            keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
            let code = mdb_cursor_get(cursor, &keyValue, &value, MDB_SET_RANGE)
            if code == MDB_NOTFOUND { return false }
            try check(code, "mdb_cursor_get(\(database.name))")
            return true
        }
        let code = mdb_cursor_get(cursor, &keyValue, &value, found ? MDB_PREV : MDB_LAST)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_cursor_get(\(database.name))")
        return CursorEntry(
            key: UnsafeRawBufferPointer(start: keyValue.mv_data, count: keyValue.mv_size),
            value: UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    func commit() throws {
        precondition(isActive, "commit of an ended transaction")
        let code = mdb_txn_commit(handle)
        markEnded()
        if code == MDB_MAP_FULL { mapFilled = true }
        try check(code, "mdb_txn_commit")
    }

    func abortIfActive() {
        finish()
    }

    private func checkWrite(_ code: Int32, _ operation: @autoclosure () -> String) throws {
        changeCount += 1
        if code == MDB_MAP_FULL { mapFilled = true }
        try check(code, operation())
    }

    // MARK: Writes

    public func put(
        _ value: UnsafeRawBufferPointer, forKey key: UnsafeRawBufferPointer,
        in database: Database, flags: PutFlags = []
    ) throws {
        precondition(isActive, "transaction used after it ended")
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try checkWrite(mdb_cursor_put(try pointCursor(database), &keyValue, &dataValue, flags.rawValue),
                       "mdb_cursor_put(\(database.name))")
    }

    public func put(_ value: [UInt8], forKey key: [UInt8], in database: Database, flags: PutFlags = []) throws {
        try key.withUnsafeBytes { key in
            try value.withUnsafeBytes { value in
                try put(value, forKey: key, in: database, flags: flags)
            }
        }
    }

    /// Reserves `count` bytes for `key` and lets `fill` write them in place in the map, which
    /// saves a copy for large values. `fill` must write every byte.
    public func putReserving(
        count: Int, forKey key: UnsafeRawBufferPointer, in database: Database, flags: PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws {
        precondition(isActive, "transaction used after it ended")
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val(mv_size: count, mv_data: nil)
        try checkWrite(mdb_cursor_put(try pointCursor(database), &keyValue, &dataValue, flags.rawValue | UInt32(MDB_RESERVE)),
                       "mdb_cursor_put(\(database.name), reserve)")
        try fill(UnsafeMutableRawBufferPointer(start: dataValue.mv_data, count: count))
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    public func delete(_ key: UnsafeRawBufferPointer, in database: Database) throws -> Bool {
        precondition(isActive, "transaction used after it ended")
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var value = MDB_val()
        let cursor = try pointCursor(database)
        let code = mdb_cursor_get(cursor, &keyValue, &value, MDB_SET)
        if code == MDB_NOTFOUND { return false }
        try check(code, "mdb_cursor_get(\(database.name))")
        try checkWrite(mdb_cursor_del(cursor, 0), "mdb_cursor_del(\(database.name))")
        return true
    }

    @discardableResult
    public func delete(_ key: [UInt8], in database: Database) throws -> Bool {
        try key.withUnsafeBytes { try delete($0, in: database) }
    }

    /// Removes every entry of `database`, keeping the database itself.
    public func removeAll(in database: Database) throws {
        precondition(isActive, "transaction used after it ended")
        try checkWrite(mdb_drop(handle, database.handle, 0), "mdb_drop(\(database.name))")
    }
}
