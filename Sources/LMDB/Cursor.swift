import CLMDB

/// One entry under a cursor; both buffers point into the map and live as long as the transaction.
public struct CursorEntry {
    public let key: UnsafeRawBufferPointer
    public let value: UnsafeRawBufferPointer
}

/// A position in one database, moved in key order. Only lent out by `withCursor`.
public final class Cursor {
    let handle: OpaquePointer
    let database: Database

    init(transaction: ReadTransaction, database: Database) throws {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(transaction.handle, database.handle, &cursor), "mdb_cursor_open(\(database.name))")
        guard let cursor else { preconditionFailure("mdb_cursor_open returned no cursor") }
        self.handle = cursor
        self.database = database
    }

    func close() {
        mdb_cursor_close(handle)
    }

    private func move(_ operation: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws -> CursorEntry? {
        var keyValue = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var value = MDB_val()
        let code = mdb_cursor_get(handle, &keyValue, &value, operation)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_cursor_get(\(database.name))")
        return CursorEntry(
            key: UnsafeRawBufferPointer(start: keyValue.mv_data, count: keyValue.mv_size),
            value: UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    public func first() throws -> CursorEntry? { try move(MDB_FIRST) }
    public func last() throws -> CursorEntry? { try move(MDB_LAST) }
    public func next() throws -> CursorEntry? { try move(MDB_NEXT) }
    public func previous() throws -> CursorEntry? { try move(MDB_PREV) }
    public func current() throws -> CursorEntry? { try move(MDB_GET_CURRENT) }

    /// Moves to the first entry whose key is at least `key`.
    public func seek(atLeast key: UnsafeRawBufferPointer) throws -> CursorEntry? {
        try move(MDB_SET_RANGE, key: key)
    }

    public func seek(atLeast key: [UInt8]) throws -> CursorEntry? {
        try key.withUnsafeBytes { try seek(atLeast: $0) }
    }

    /// Moves to the entry whose key is exactly `key`.
    public func seek(exactly key: [UInt8]) throws -> CursorEntry? {
        try key.withUnsafeBytes { try move(MDB_SET_KEY, key: $0) }
    }

    /// Moves to the last entry whose key is below `key`.
    public func seek(below key: [UInt8]) throws -> CursorEntry? {
        if try seek(atLeast: key) != nil {
            return try previous()
        }
        return try last()
    }
}
