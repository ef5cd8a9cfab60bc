import CLMDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One LMDB environment: a directory holding `data.mdb` and `lock.mdb`.
///
/// Open one per process and directory. It is opened with `MDB_NOTLS`, so a read transaction is
/// not tied to the thread that began it, and with LMDB's default durability (no `NOSYNC`,
/// `NOMETASYNC` or `WRITEMAP`): a committed write transaction has reached the disk.
public final class Environment: @unchecked Sendable {
    public let path: String
    public let configuration: EnvironmentConfiguration
    /// Stale reader slots (left by processes that died) cleared when this environment opened.
    public let staleReadersCleared: Int

    let handle: OpaquePointer
    let mapSizeLock = MapSizeLock()
    /// The thread inside `write`, so that a nested write (which would wait forever on LMDB's
    /// writer lock held by the same thread) traps with a message instead.
    private let writingThread = Mutex<pthread_t?>(nil)

    public init(directory: String, configuration: EnvironmentConfiguration = EnvironmentConfiguration()) throws {
        precondition(!directory.isEmpty, "an environment needs a directory")
        self.path = directory
        self.configuration = configuration
        if !configuration.readOnly {
            try Environment.createDirectory(directory)
        }
        if let problem = DataFileCheck.problem(dataFile: directory + "/data.mdb") {
            throw LMDBError(kind: .corrupted, code: MDB_CORRUPTED, operation: "open", message: problem)
        }
        if configuration.checksPages, let problem = PageCheck.metaProblem(dataFile: directory + "/data.mdb") {
            throw LMDBError(kind: .corrupted, code: MDB_CORRUPTED, operation: "open", message: problem)
        }
        var environment: OpaquePointer?
        try check(mdb_env_create(&environment), "mdb_env_create")
        guard let environment else { preconditionFailure("mdb_env_create returned no environment") }
        do {
            try check(mdb_env_set_maxdbs(environment, MDB_dbi(configuration.maximumDatabases)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(environment, UInt32(configuration.maximumReaders)), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(environment, configuration.initialMapSizeBytes), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if configuration.readOnly { flags |= UInt32(MDB_RDONLY) }
            if configuration.withoutLockFile { flags |= UInt32(MDB_NOLOCK) }
            try check(mdb_env_open(environment, directory, flags, mdb_mode_t(configuration.fileMode)),
                      "mdb_env_open(\(directory))")
            var dead: Int32 = 0
            try check(mdb_reader_check(environment, &dead), "mdb_reader_check")
            self.staleReadersCleared = Int(dead)
        } catch {
            mdb_env_close(environment)
            throw error
        }
        self.handle = environment
        if configuration.checksPages {
            try checkPages()
        }
    }

    /// Walks every page of the current snapshot (`PageCheck.treeProblem`) while a read
    /// transaction holds it, so that no writer reuses its pages meanwhile, and before any
    /// database is opened: LMDB has read nothing but the meta pages yet.
    private func checkPages() throws {
        for _ in 0..<5 {
            let outcome = try read { transaction in
                PageCheck.treeProblem(dataFile: path + "/data.mdb", transactionID: UInt64(mdb_txn_id(transaction.handle)))
            }
            switch outcome {
            case .sound:
                return
            case .damaged(let problem):
                throw LMDBError(kind: .corrupted, code: MDB_CORRUPTED, operation: "open", message: problem)
            case .snapshotGone:
                continue
            }
        }
        throw LMDBError(kind: .other, code: MDB_BAD_TXN, operation: "open",
                        message: "the data file's pages could not be checked: writers kept replacing the snapshot")
    }

    deinit {
        mdb_env_close(handle)
    }

    private static func createDirectory(_ directory: String) throws {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            let code = errno
            throw LMDBError(kind: .other, code: code, operation: "mkdir(\(directory))",
                            message: String(cString: strerror(code)))
        }
    }

    // MARK: Databases

    /// Opens (creating unless read-only) the named database. Call during setup, before concurrent use.
    public func openDatabase(named name: String) throws -> Database {
        precondition(!name.isEmpty && name.utf8.count < 256, "database names are 1-255 bytes")
        if configuration.readOnly {
            // A handle opened in a transaction lives on only if that transaction commits; an
            // aborted one (the end of every ordinary read) would close it.
            let transaction = try ReadTransaction(environment: self)
            let database = try transaction.openDatabase(named: name, create: false)
            try transaction.commitKeepingHandles()
            return database
        }
        return try write { transaction in try transaction.openDatabase(named: name, create: true) }
    }

    // MARK: Transactions

    /// Runs `body` in a read transaction: a consistent snapshot that writers never block.
    public func read<Result>(_ body: (ReadTransaction) throws -> Result) throws -> Result {
        let transaction = try ReadTransaction(environment: self)
        defer { transaction.finish() }
        return try body(transaction)
    }

    /// Runs `body` in the write transaction and commits unless it throws.
    ///
    /// The body is synchronous, so a write transaction never spans an `await`. If the map fills,
    /// the transaction is aborted, the map grows, and `body` runs again from the start: it must
    /// derive everything it writes from its inputs and the transaction, nothing else.
    public func write<Result>(_ body: (WriteTransaction) throws -> Result) throws -> Result {
        precondition(!configuration.readOnly, "write transaction on a read-only environment")
        let current = pthread_self()
        writingThread.withLock { holder in
            precondition(holder.map { pthread_equal($0, current) == 0 } ?? true,
                         "a write transaction was begun inside another on the same thread")
        }
        while true {
            let transaction = try WriteTransaction(environment: self)
            writingThread.withLock { $0 = current }
            defer { writingThread.withLock { $0 = nil } }
            do {
                let result = try body(transaction)
                try transaction.commit()
                return result
            } catch {
                let mapFilled = transaction.mapFilled
                transaction.abortIfActive()
                guard mapFilled else { throw error }
                try growMap()
            }
        }
    }

    // MARK: Map size

    public var mapSizeBytes: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Doubles the map, up to the configured maximum. Called with no transaction of ours open.
    func growMap() throws {
        try mapSizeLock.withExclusiveLock {
            let current = mapSizeBytes
            guard current < configuration.maximumMapSizeBytes else {
                throw LMDBError.storageFull(mapSizeBytes: current)
            }
            let grown = min(current * 2, configuration.maximumMapSizeBytes)
            try check(mdb_env_set_mapsize(handle, grown), "mdb_env_set_mapsize(\(grown))")
        }
    }

    /// Adopts the map size another process set (after `MDB_MAP_RESIZED`).
    func adoptResizedMap() throws {
        try mapSizeLock.withExclusiveLock {
            try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize(0)")
        }
    }

    // MARK: Maintenance

    /// Writes a consistent copy of the environment into `directory` (which must exist and be
    /// empty) while readers and the writer carry on; `compact` omits free pages and renumbers.
    public func copy(toDirectory directory: String, compact: Bool = true) throws {
        let flags = compact ? UInt32(MDB_CP_COMPACT) : 0
        try check(mdb_env_copy2(handle, directory, flags), "mdb_env_copy2(\(directory))")
    }

    /// Flushes buffers to disk; only needed after operations LMDB does not sync itself.
    public func sync() throws {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync")
    }

    public func statistics() -> EnvironmentStatistics {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        let pageSize = Int(stat.ms_psize)
        return EnvironmentStatistics(
            mapSizeBytes: info.me_mapsize,
            usedBytes: (info.me_last_pgno + 1) * pageSize,
            pageSizeBytes: pageSize,
            lastTransactionID: info.me_last_txnid,
            readersInUse: Int(info.me_numreaders),
            maximumReaders: Int(info.me_maxreaders))
    }

    /// The largest key LMDB accepts in this build (511 bytes by default).
    public var maximumKeySizeBytes: Int { Int(mdb_env_get_maxkeysize(handle)) }
}
