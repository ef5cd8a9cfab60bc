import CLMDB

/// A handle on one named database (a table) of an environment.
///
/// Handles are opened once, when the environment is set up, and then used by any transaction
/// on any thread: LMDB keeps them valid until the environment closes.
public struct Database: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    let handle: MDB_dbi

    init(name: String, handle: MDB_dbi) {
        self.name = name
        self.handle = handle
    }

    public var description: String { name }
}

/// Entry counts and page usage of one database.
public struct DatabaseStatistics: Sendable, Equatable {
    public let entries: Int
    public let depth: Int
    public let pageSizeBytes: Int
    public let branchPages: Int
    public let leafPages: Int
    public let overflowPages: Int

    init(_ stat: MDB_stat) {
        entries = Int(stat.ms_entries)
        depth = Int(stat.ms_depth)
        pageSizeBytes = Int(stat.ms_psize)
        branchPages = Int(stat.ms_branch_pages)
        leafPages = Int(stat.ms_leaf_pages)
        overflowPages = Int(stat.ms_overflow_pages)
    }

    public var sizeBytes: Int { (branchPages + leafPages + overflowPages) * pageSizeBytes }
}

/// The environment's map and its use.
public struct EnvironmentStatistics: Sendable, Equatable {
    public let mapSizeBytes: Int
    public let usedBytes: Int
    public let pageSizeBytes: Int
    public let lastTransactionID: Int
    public let readersInUse: Int
    public let maximumReaders: Int
}
