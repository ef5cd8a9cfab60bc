import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// A copy of an environment made entry by entry, for when bytes must not survive: a
/// court-ordered destruction. LMDB writes copy-on-write, so the old contents of a replaced or
/// deleted entry stay in the data file: in free pages until a later commit reuses them, and in
/// the unused middle of live pages (a page copied for a write keeps whatever its buffer held
/// there). A compacting `copy(toDirectory:)` drops free pages but copies live pages whole, gaps
/// included. `rewrite` instead puts every entry of every named database, in key order, into a
/// new environment whose pages LMDB zeroes before first use: the copy holds the entries and
/// nothing else.
extension Environment {
    /// The names of the named databases (the keys of LMDB's main database), in key order.
    public func databaseNames() throws -> [String] {
        try read { transaction in
            var main = MDB_dbi()
            try check(mdb_dbi_open(transaction.handle, nil, 0, &main), "mdb_dbi_open(main)")
            var names: [String] = []
            try transaction.withCursor(on: Database(name: "", handle: main)) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    names.append(String(decoding: current.key, as: UTF8.self))
                    entry = try cursor.next()
                }
            }
            return names
        }
    }

    /// Writes every entry of every named database into a new environment in `directory` (which
    /// must hold no data file), committing every `batch` entries so the copy of a large ledger
    /// never holds them all in one transaction. Returns the number of entries copied.
    public func rewrite(toDirectory directory: String, configuration: EnvironmentConfiguration, batch: Int = 50_000) throws -> Int {
        precondition(batch > 0 && !configuration.readOnly)
        guard access(directory + "/data.mdb", F_OK) != 0 else {
            throw LMDBError(kind: .other, code: EEXIST, operation: "rewrite", message: "\(directory) already holds a data file")
        }
        let names = try databaseNames()
        let copy = try Environment(directory: directory, configuration: configuration)
        var copied = 0
        for name in names {
            let source = try openDatabase(named: name)
            let target = try copy.openDatabase(named: name)
            copied += try copyEntries(of: source, to: target, in: copy, batch: batch)
        }
        try copy.sync()
        return copied
    }

    /// The entries of `source`, in key order, appended to `target` `batch` at a time. A batch
    /// is read again from its first key if the copy's map had to grow (`write` then runs its
    /// body again), so no entry is skipped.
    private func copyEntries(of source: Database, to target: Database, in copy: Environment, batch: Int) throws -> Int {
        var copied = 0
        var next: [UInt8]? = []
        while let start = next {
            let (written, following) = try read { transaction in
                try transaction.withCursor(on: source) { cursor in
                    try copy.write { writer -> (Int, [UInt8]?) in
                        var entry = start.isEmpty ? try cursor.first() : try cursor.seek(atLeast: start)
                        var written = 0
                        while let current = entry, written < batch {
                            try writer.put(current.value, forKey: current.key, in: target, flags: .append)
                            written += 1
                            entry = try cursor.next()
                        }
                        return (written, entry.map { [UInt8]($0.key) })
                    }
                }
            }
            copied += written
            next = following
        }
        return copied
    }

    /// An exclusive hold on an environment that no other process has open: LMDB's own
    /// protocol, an exclusive `fcntl` lock on the lock file's first byte, which every process
    /// that opens the environment holds shared. While it is held no other process can open the
    /// environment (LMDB waits for the lock). Open the environment itself only with
    /// `withoutLockFile` meanwhile: LMDB closing the lock file in this process would drop the hold.
    public final class ExclusiveLock {
        private let descriptor: Int32

        /// Takes the hold, or nil when another process has the environment open.
        public init?(directory: String) throws {
            let path = directory + "/lock.mdb"
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw LMDBError(kind: .other, code: errno, operation: "open(lock.mdb)", message: String(cString: strerror(errno)))
            }
            var lock = flock()
            lock.l_type = Int16(F_WRLCK)
            lock.l_whence = Int16(SEEK_SET)
            lock.l_start = 0
            lock.l_len = 1
            if fcntl(descriptor, F_SETLK, &lock) != 0 {
                let code = errno
                close(descriptor)
                if code == EAGAIN || code == EACCES { return nil }
                throw LMDBError(kind: .other, code: code, operation: "fcntl(lock.mdb)", message: String(cString: strerror(code)))
            }
            self.descriptor = descriptor
        }

        deinit {
            close(descriptor)
        }
    }
}
