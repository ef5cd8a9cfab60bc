/// How an `Environment` is opened.
public struct EnvironmentConfiguration: Sendable {
    /// How many named databases may be opened (LMDB's `maxdbs`).
    public var maximumDatabases: Int = 64
    /// How many concurrent read transactions are allowed (LMDB's `maxreaders`).
    public var maximumReaders: Int = 256
    /// The map size used when creating an environment, or the least one used when opening it.
    public var initialMapSizeBytes: Int = 256 << 20
    /// The map doubles when it fills, up to this size; past it writes fail with `storageFull`.
    public var maximumMapSizeBytes: Int = 1 << 40
    /// Permissions of the data and lock files.
    public var fileMode: UInt32 = 0o600
    public var readOnly: Bool = false
    /// Open without LMDB's lock file (`MDB_NOLOCK`): only for a process that already holds the
    /// environment exclusively (`Environment.ExclusiveLock`), such as a compaction. LMDB's own
    /// locks would otherwise be taken and, when it closes the lock file, drop the holder's.
    public var withoutLockFile: Bool = false
    /// Check the data file's structure (`PageCheck`: both meta pages, then every page the
    /// current snapshot reaches) before LMDB reads any page, and refuse a damaged file with
    /// the page and table at fault. It reads every page in use once: `verify` asks for it.
    public var checksPages: Bool = false

    public init() {}

    public init(initialMapSizeBytes: Int, maximumMapSizeBytes: Int) {
        precondition(initialMapSizeBytes > 0 && maximumMapSizeBytes >= initialMapSizeBytes)
        self.initialMapSizeBytes = initialMapSizeBytes
        self.maximumMapSizeBytes = maximumMapSizeBytes
    }
}
