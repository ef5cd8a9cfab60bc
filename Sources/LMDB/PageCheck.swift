#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks the structure of an LMDB data file from its bytes (read with `pread`, never mapped),
/// so that a damaged page is reported by its number and table instead of being followed by
/// LMDB, which trusts every page number, offset and size it reads and crashes (SIGSEGV,
/// SIGBUS, SIGFPE) or loops on a corrupt one.
///
/// `metaProblem` checks both meta pages; it runs before LMDB opens the file. `treeProblem` then
/// walks every B-tree of one snapshot — the free list, the main database and every named
/// database it lists — and checks each page: its number, its flags, its bounds, every node
/// inside them and packed as LMDB packs them, every key in order and within its parent's
/// separators, every child and overflow page number in range and of the right kind, no page
/// reached twice, each tree's depth and page and entry counts as its record says, and the free
/// list's page numbers in range, in order and not in use. A page that passes leaves LMDB
/// nothing out of bounds to follow; a flipped bit in a key or value that passes is left to the
/// ledger's own checks (the hash chain, the Merkle tree, the projections' replay).
///
/// The layout read (LMDB 0.9, 64-bit, the machine's byte order), from mdb.c: a page header of
/// 16 bytes — page number `u64` at 0, flags `u16` at 10, then `lower` and `upper` `u16` at 12
/// and 14 (an overflow page: its page count `u32` at 12) — followed by the nodes' offsets
/// (`u16` each). A meta page holds after its header: magic `u32`, version `u32`, two
/// 48-byte database records at 24 (the free list's, whose first `u32` is the page size, and the
/// main database's: flags `u16` at 4, depth `u16` at 6, branch, leaf and overflow page counts,
/// entries and root page at 8, 16, 24, 32 and 40), the last page `u64` at 120 and the
/// transaction id `u64` at 128. A node: two `u16` holding a leaf's data size or a branch's
/// child page number (low 32 bits), flags `u16` (a branch's: the page number's high 16 bits),
/// key size `u16`, then the key and (in a leaf) the data, or the first overflow page's number.
public enum PageCheck {
    static let pageHeaderSize = 16
    static let nodeHeaderSize = 8
    static let metaRecordSize = 136
    static let magic: UInt32 = 0xBEEF_C0DE
    static let dataVersion: UInt32 = 1
    static let invalidPage = UInt64.max
    /// LMDB's cursor stack: no tree is deeper.
    static let maximumDepth = 32
    static let maximumKeySize = 511
    /// 128 TiB.
    static let maximumMapSize: UInt64 = 1 << 47

    static let branchFlag: UInt16 = 0x01
    static let leafFlag: UInt16 = 0x02
    static let overflowFlag: UInt16 = 0x04
    static let metaFlag: UInt16 = 0x08
    static let bigDataFlag: UInt16 = 0x01
    static let subDatabaseFlag: UInt16 = 0x02
    static let integerKeyFlag: UInt16 = 0x08

    /// A database record: of the free list or the main database in a meta page, of a named
    /// database in the main database.
    struct TreeRecord: Equatable {
        var flags: UInt16
        var depth: UInt16
        var branchPages: UInt64
        var leafPages: UInt64
        var overflowPages: UInt64
        var entries: UInt64
        var root: UInt64

        init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            flags = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self)
            depth = bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)
            branchPages = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            leafPages = bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
            overflowPages = bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
            entries = bytes.loadUnaligned(fromByteOffset: offset + 32, as: UInt64.self)
            root = bytes.loadUnaligned(fromByteOffset: offset + 40, as: UInt64.self)
        }

    }

    struct Meta {
        let page: Int
        let pageNumber: UInt64
        let pageFlags: UInt16
        let magic: UInt32
        let version: UInt32
        let address: UInt64
        let mapSize: UInt64
        let pageSize: Int
        let freeList: TreeRecord
        let main: TreeRecord
        let lastPage: UInt64
        let transactionID: UInt64
    }

    // MARK: Meta pages

    /// Why the meta pages of the data file at `path` cannot be trusted; nil when both hold (or
    /// the file is absent or empty: LMDB creates it). A writer committing meanwhile can make the
    /// two pages look inconsistent for a moment, so an inconsistency is read again before it is
    /// reported.
    public static func metaProblem(dataFile path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        var problem: String?
        for attempt in 0..<5 {
            if attempt > 0 { usleep(20_000) }
            problem = metaProblem(descriptor, fileSize: UInt64(status.st_size))
            if problem == nil { return nil }
        }
        return "\(path) is damaged: \(problem!); restore it from a backup"
    }

    static func metaProblem(_ descriptor: Int32, fileSize: UInt64) -> String? {
        let first: Meta
        switch readMeta(descriptor, page: 0, pageSize: nil) {
        case .failure(let problem): return problem.description
        case .success(let meta): first = meta
        }
        let second: Meta
        switch readMeta(descriptor, page: 1, pageSize: first.pageSize) {
        case .failure(let problem): return problem.description
        case .success(let meta): second = meta
        }
        for meta in [first, second] {
            if let problem = check(meta, fileSize: fileSize) { return "meta page \(meta.page): \(problem)" }
        }
        let (older, newer) = first.transactionID < second.transactionID ? (first, second) : (second, first)
        if !(newer.transactionID == older.transactionID &+ 1 || newer.transactionID == 0) {
            return "meta pages 0 and 1: their transaction ids \(first.transactionID) and \(second.transactionID) are not consecutive"
        }
        if older.lastPage > newer.lastPage {
            return "meta page \(older.page): its last page \(older.lastPage) lies beyond the newer meta page's \(newer.lastPage)"
        }
        return nil
    }

    private struct MetaFinding: Error, CustomStringConvertible {
        let description: String
    }

    private static func readMeta(_ descriptor: Int32, page: Int, pageSize: Int?) -> Result<Meta, MetaFinding> {
        let size = pageHeaderSize + metaRecordSize
        var bytes = [UInt8](repeating: 0, count: size)
        let offset = page * (pageSize ?? 0)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, size, off_t(offset)) }
        guard count == size else { return .failure(MetaFinding(description: "meta page \(page): cannot be read at offset \(offset)")) }
        let meta = bytes.withUnsafeBytes { raw in
            Meta(
                page: page,
                pageNumber: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                pageFlags: raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self),
                magic: raw.loadUnaligned(fromByteOffset: pageHeaderSize, as: UInt32.self),
                version: raw.loadUnaligned(fromByteOffset: pageHeaderSize + 4, as: UInt32.self),
                address: raw.loadUnaligned(fromByteOffset: pageHeaderSize + 8, as: UInt64.self),
                mapSize: raw.loadUnaligned(fromByteOffset: pageHeaderSize + 16, as: UInt64.self),
                pageSize: Int(raw.loadUnaligned(fromByteOffset: pageHeaderSize + 24, as: UInt32.self)),
                freeList: TreeRecord(raw, at: pageHeaderSize + 24),
                main: TreeRecord(raw, at: pageHeaderSize + 72),
                lastPage: raw.loadUnaligned(fromByteOffset: pageHeaderSize + 120, as: UInt64.self),
                transactionID: raw.loadUnaligned(fromByteOffset: pageHeaderSize + 128, as: UInt64.self))
        }
        if meta.magic != magic {
            return .failure(MetaFinding(description: "meta page \(page): magic 0x\(String(meta.magic, radix: 16)) is not LMDB's 0xbeefc0de"))
        }
        if !(meta.pageSize >= 512 && meta.pageSize <= 65_536 && meta.pageSize.nonzeroBitCount == 1) {
            return .failure(MetaFinding(description: "meta page \(page): page size \(meta.pageSize) is not a power of two from 512 to 65536"))
        }
        if let pageSize, meta.pageSize != pageSize {
            return .failure(MetaFinding(description: "meta page \(page): page size \(meta.pageSize) differs from meta page 0's \(pageSize)"))
        }
        return .success(meta)
    }

    private static func check(_ meta: Meta, fileSize: UInt64) -> String? {
        if meta.pageNumber != UInt64(meta.page) { return "the page header says page \(meta.pageNumber)" }
        if meta.pageFlags != metaFlag { return "page flags 0x\(String(meta.pageFlags, radix: 16)) are not a meta page's (0x8)" }
        if meta.version != dataVersion { return "data version \(meta.version) is not LMDB's \(dataVersion)" }
        // Only an environment opened with MDB_FIXEDMAP records a map address, and Blotter never does.
        if meta.address != 0 { return "map address 0x\(String(meta.address, radix: 16)) recorded, but the ledger is never mapped at a fixed address" }
        // Blotter maps the size it chooses, whatever this says; but no environment this large
        // was ever mapped (it exceeds x86-64's user address space), and other LMDB readers
        // (mdb_dump, mdb_stat) map what it says and fail.
        if meta.mapSize >= maximumMapSize { return "map size \(meta.mapSize) exceeds any address space (\(maximumMapSize) bytes)" }
        if meta.transactionID != 0 && meta.transactionID % 2 != UInt64(meta.page) {
            return "transaction \(meta.transactionID) belongs on meta page \(meta.transactionID % 2)"
        }
        let pages = fileSize / UInt64(meta.pageSize)
        if meta.lastPage < 1 || meta.lastPage >= pages {
            return "last page \(meta.lastPage) lies outside the file's \(pages) pages"
        }
        if meta.freeList.flags != integerKeyFlag {
            return "the free list's flags 0x\(String(meta.freeList.flags, radix: 16)) are not 0x8 (integer keys)"
        }
        if meta.main.flags != 0 { return "the main database's flags 0x\(String(meta.main.flags, radix: 16)) are not 0" }
        for (name, record) in [("the free list", meta.freeList), ("the main database", meta.main)] {
            if let problem = recordProblem(record, lastPage: meta.lastPage) { return "\(name)'s record: \(problem)" }
        }
        return nil
    }

    /// What is impossible in a database record on its own.
    private static func recordProblem(_ record: TreeRecord, lastPage: UInt64) -> String? {
        if record.root == invalidPage {
            return record.depth == 0 && record.entries == 0 && record.branchPages == 0 && record.leafPages == 0
                && record.overflowPages == 0 ? nil : "an empty tree with depth \(record.depth), \(record.entries) entries"
        }
        if record.root < 2 || record.root > lastPage { return "root page \(record.root) is not a page of the file (2...\(lastPage))" }
        if record.depth < 1 || record.depth > maximumDepth { return "depth \(record.depth) is not 1 to \(maximumDepth)" }
        return nil
    }

    // MARK: Trees

    /// What `treeProblem` found.
    public enum TreeOutcome: Equatable, Sendable {
        case sound
        case damaged(String)
        /// Neither meta page holds the snapshot asked for: a writer committed twice since.
        case snapshotGone
    }

    /// Walks every B-tree of the snapshot of transaction `transactionID` (hold a read
    /// transaction of it meanwhile, so that no writer reuses its pages).
    public static func treeProblem(dataFile path: String, transactionID: UInt64) -> TreeOutcome {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .damaged("\(path) cannot be opened: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .damaged("\(path) cannot be read: \(String(cString: strerror(errno)))") }
        guard case .success(let first) = readMeta(descriptor, page: 0, pageSize: nil) else { return .snapshotGone }
        guard case .success(let meta) = readMeta(descriptor, page: Int(transactionID % 2), pageSize: first.pageSize),
              meta.transactionID == transactionID
        else { return .snapshotGone }
        if let problem = check(meta, fileSize: UInt64(status.st_size)) {
            return .damaged("\(path) is damaged: meta page \(meta.page): \(problem); restore it from a backup")
        }
        var walk = PageTreeWalk(descriptor: descriptor, meta: meta)
        do {
            try walk.run()
            // The previous commit's snapshot stays whole on disk while this one is held (its
            // pages are freed by this commit, reusable only after it). Its meta page must not
            // be the newest snapshot's with a lowered transaction id, which made LMDB choose the
            // other page: its newest free-list record tells.
            if case .success(let other) = readMeta(descriptor, page: 1 - meta.page, pageSize: first.pageSize),
               other.transactionID == transactionID &- 1, other.transactionID >= 2,
               check(other, fileSize: UInt64(status.st_size)) == nil {
                let newest = try walk.newestFreeRecord(of: other)
                if newest != other.transactionID {
                    return .damaged("\(path) is damaged: meta page \(other.page): its snapshot's newest free-list record is of "
                        + "transaction \(newest), not of its own \(other.transactionID): its transaction id is not the one its pages "
                        + "were written with; restore it from a backup")
                }
            }
            return .sound
        } catch {
            return .damaged("\(path) is damaged: \(error); restore it from a backup")
        }
    }
}
