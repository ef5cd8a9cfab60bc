#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One walk over every page the snapshot of one meta page reaches.
struct PageTreeWalk {
    struct Finding: Error, CustomStringConvertible {
        let description: String
    }

    /// How a tree's keys compare and what its leaves hold.
    enum Kind {
        case freeList, main, named
        var name: String { self == .freeList ? "the free list" : "the main database" }
    }

    struct Counts {
        var branchPages: UInt64 = 0
        var leafPages: UInt64 = 0
        var overflowPages: UInt64 = 0
        var entries: UInt64 = 0
    }

    let descriptor: Int32
    let meta: PageCheck.Meta
    let pageSize: Int
    /// One bit a page: reached already.
    var reached: [UInt64]
    var freePages: [UInt64] = []
    /// The newest transaction the free list holds a record of.
    var newestFreeRecord: UInt64 = 0
    var namedTables: [(name: String, record: PageCheck.TreeRecord)] = []
    var counts = Counts()
    /// Where pages are read to: one buffer a tree level, each walk its own.
    var buffers: PageBuffers

    init(descriptor: Int32, meta: PageCheck.Meta) {
        self.descriptor = descriptor
        self.meta = meta
        pageSize = meta.pageSize
        reached = [UInt64](repeating: 0, count: Int(meta.lastPage / 64) + 1)
        reached[0] |= 0b11
        buffers = PageBuffers(pageSize: meta.pageSize, levels: PageCheck.maximumDepth)
    }

    mutating func run() throws(Finding) {
        try walk(meta.freeList, kind: .freeList, table: "the free list")
        try walk(meta.main, kind: .main, table: "the main database")
        try walkNamedTables()
        try checkFreePages()
        // Every commit after the first frees the pages it copied and records them under its own
        // transaction id, so the snapshot of transaction T holds a record of T. A meta page whose
        // transaction id was raised by a flipped bit, and so chosen over the newer one, fails this.
        if meta.transactionID >= 2 && newestFreeRecord != meta.transactionID {
            throw Finding(description: "meta page \(meta.page): its snapshot lacks the free-list record of its own transaction "
                + "\(meta.transactionID) (the newest is \(newestFreeRecord)): its transaction id is not the one its pages were written with")
        }
    }

    mutating func walk(_ record: PageCheck.TreeRecord, kind: Kind, table: String) throws(Finding) {
        counts = Counts()
        if record.root != PageCheck.invalidPage {
            if record.depth < 1 || Int(record.depth) > PageCheck.maximumDepth {
                throw Finding(description: "table \(table): depth \(record.depth) is not 1 to \(PageCheck.maximumDepth)")
            }
            try visit(record.root, level: 1, depth: Int(record.depth), lower: nil, upper: nil, kind: kind, table: table)
        }
        let expected = (record.branchPages, record.leafPages, record.overflowPages, record.entries)
        let found = (counts.branchPages, counts.leafPages, counts.overflowPages, counts.entries)
        if expected != found {
            throw Finding(description: "table \(table): its record counts \(record.branchPages) branch, \(record.leafPages) leaf and "
                + "\(record.overflowPages) overflow pages and \(record.entries) entries, but its pages hold \(found.0), \(found.1), "
                + "\(found.2) and \(found.3)")
        }
    }

    private func place(_ page: UInt64, _ table: String) -> String { "page \(page) of table \(table)" }

    private mutating func claim(_ page: UInt64, _ table: String, as what: String) throws(Finding) {
        guard page >= 2, page <= meta.lastPage else {
            throw Finding(description: "table \(table): \(what) \(page) is not a page of the file (2...\(meta.lastPage))")
        }
        let (word, bit) = (Int(page / 64), page % 64)
        if reached[word] & (1 << bit) != 0 {
            throw Finding(description: "\(place(page, table)): reached twice (\(what))")
        }
        reached[word] |= 1 << bit
    }

    private func read(_ page: UInt64, count: Int? = nil) throws(Finding) -> [UInt8] {
        let size = count ?? pageSize
        var bytes = [UInt8](repeating: 0, count: size)
        let offset = Int(page) * pageSize
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, size, off_t(offset)) }
        guard read == size else { throw Finding(description: "page \(page): cannot be read (\(read) of \(size) bytes)") }
        return bytes
    }

    /// Reads `buffer.count` bytes from the start of `page`.
    private func read(_ page: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Finding) {
        let offset = Int(page) * pageSize
        let read = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
        guard read == buffer.count else { throw Finding(description: "page \(page): cannot be read (\(read) of \(buffer.count) bytes)") }
    }

    /// The transaction of the last record of the free list of `other`'s snapshot (0 when it is
    /// empty), found by descending along the last node of each page, bounds checked.
    func newestFreeRecord(of other: PageCheck.Meta) throws(Finding) -> UInt64 {
        let record = other.freeList
        guard record.root != PageCheck.invalidPage else { return 0 }
        var number = record.root
        for level in 1...Int(record.depth) {
            let table = "the free list of meta page \(other.page)"
            guard number >= 2, number <= other.lastPage else {
                throw Finding(description: "table \(table): page \(number) is not a page of the file (2...\(other.lastPage))")
            }
            let page = try read(number)
            func u16(_ offset: Int) -> Int { Int(UInt16(page[offset]) | UInt16(page[offset + 1]) << 8) }
            let isLeaf = level == Int(record.depth)
            let header = page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self) }
            let (flags, lower, upper) = (u16(10), u16(12), u16(14))
            guard header == number, flags == Int(isLeaf ? PageCheck.leafFlag : PageCheck.branchFlag),
                  lower >= PageCheck.pageHeaderSize + 2, lower % 2 == 0, lower <= upper, upper <= pageSize
            else { throw Finding(description: "\(place(number, table)): its header is damaged") }
            let offset = u16(lower - 2)
            guard offset >= upper, offset + PageCheck.nodeHeaderSize + (isLeaf ? 8 : 0) <= pageSize,
                  !isLeaf || u16(offset + 6) == 8
            else { throw Finding(description: "\(place(number, table)): its last node is damaged") }
            if isLeaf {
                return page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + PageCheck.nodeHeaderSize, as: UInt64.self) }
            }
            number = UInt64(u16(offset)) | UInt64(u16(offset + 2)) << 16 | UInt64(u16(offset + 4)) << 32
        }
        return 0
    }

    /// Keys are compared in place, in the page buffers of their levels.
    private func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, kind: Kind) -> Int {
        if kind == .freeList {
            let x = a.loadUnaligned(as: UInt64.self)
            let y = b.loadUnaligned(as: UInt64.self)
            return x < y ? -1 : x == y ? 0 : 1
        }
        // LMDB's default order: memcmp over the common length, then the shorter first.
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
        if order != 0 { return order < 0 ? -1 : 1 }
        return a.count < b.count ? -1 : a.count == b.count ? 0 : 1
    }

    private mutating func visit(
        _ number: UInt64, level: Int, depth: Int, lower: UnsafeRawBufferPointer?, upper: UnsafeRawBufferPointer?, kind: Kind, table: String
    ) throws(Finding) {
        let isLeaf = level == depth
        try claim(number, table, as: isLeaf ? "leaf page" : "branch page")
        // This level's buffer: the levels above keep theirs, which hold `lower` and `upper`.
        let buffer = buffers.level(level)
        try read(number, into: buffer)
        let page = UnsafeRawBufferPointer(buffer)
        func damaged(_ what: String) -> Finding { Finding(description: "\(place(number, table)): \(what)") }
        let (header, flags, lowerBound, upperBound) = (
            page.loadUnaligned(fromByteOffset: 0, as: UInt64.self), page.loadUnaligned(fromByteOffset: 10, as: UInt16.self),
            Int(page.loadUnaligned(fromByteOffset: 12, as: UInt16.self)), Int(page.loadUnaligned(fromByteOffset: 14, as: UInt16.self)))
        if header != number { throw damaged("its header says page \(header)") }
        let expectedFlags = isLeaf ? PageCheck.leafFlag : PageCheck.branchFlag
        if flags != expectedFlags {
            throw damaged("flags 0x\(String(flags, radix: 16)), expected a \(isLeaf ? "leaf" : "branch") page (0x\(expectedFlags)) at level \(level) of \(depth)")
        }
        let headerSize = PageCheck.pageHeaderSize
        guard lowerBound >= headerSize + 2, lowerBound % 2 == 0, lowerBound <= upperBound, upperBound <= pageSize else {
            throw damaged("bounds lower \(lowerBound), upper \(upperBound) are impossible")
        }
        let nodeCount = (lowerBound - headerSize) / 2
        if isLeaf { counts.leafPages += 1; counts.entries += UInt64(nodeCount) } else { counts.branchPages += 1 }
        func u16(_ offset: Int) -> Int { Int(page.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
        var packed = 0
        var previousKey: UnsafeRawBufferPointer?
        var children: [(page: UInt64, key: UnsafeRawBufferPointer?)] = []
        for index in 0..<nodeCount {
            let offset = u16(headerSize + 2 * index)
            guard offset >= upperBound, offset % 2 == 0, offset + PageCheck.nodeHeaderSize <= pageSize else {
                throw damaged("node \(index) at offset \(offset) lies outside the nodes (\(upperBound)..<\(pageSize))")
            }
            let low = u16(offset), high = u16(offset + 2), nodeFlags = u16(offset + 4), keySize = u16(offset + 6)
            let keyStart = offset + PageCheck.nodeHeaderSize
            var size = PageCheck.nodeHeaderSize + keySize
            let bigData = isLeaf && UInt16(nodeFlags) & PageCheck.bigDataFlag != 0
            if isLeaf { size += bigData ? 8 : low | high << 16 }
            guard offset + size <= pageSize else { throw damaged("node \(index) at offset \(offset) runs past the page end (\(size) bytes)") }
            packed += (size + 1) & ~1
            let key = UnsafeRawBufferPointer(rebasing: page[keyStart..<keyStart + keySize])
            if isLeaf || index > 0 {
                guard keySize >= 1, keySize <= PageCheck.maximumKeySize, kind != .freeList || keySize == 8 else {
                    throw damaged("node \(index) has a key of \(keySize) bytes")
                }
                if let previousKey, compare(previousKey, key, kind: kind) >= 0 { throw damaged("node \(index)'s key is not above node \(index - 1)'s") }
                if let lower, compare(key, lower, kind: kind) < 0 { throw damaged("node \(index)'s key lies below its parent's separator") }
                if let upper, compare(key, upper, kind: kind) >= 0 { throw damaged("node \(index)'s key is not below its parent's next separator") }
                previousKey = key
            }
            if !isLeaf {
                children.append((UInt64(low) | UInt64(high) << 16 | UInt64(nodeFlags) << 32, index == 0 ? nil : key))
                continue
            }
            let valueStart = keyStart + keySize
            try checkLeafNode(index, flags: UInt16(nodeFlags), key: key, page: page, valueStart: valueStart,
                              dataSize: low | high << 16, kind: kind, number: number, table: table)
        }
        if packed != pageSize - upperBound {
            throw damaged("its nodes take \(packed) bytes but upper \(upperBound) leaves \(pageSize - upperBound)")
        }
        if isLeaf { return }
        for (index, child) in children.enumerated() {
            let childLower = child.key ?? lower
            let childUpper = index + 1 < children.count ? children[index + 1].key : upper
            try visit(child.page, level: level + 1, depth: depth, lower: childLower, upper: childUpper, kind: kind, table: table)
        }
    }

    private mutating func checkLeafNode(
        _ index: Int, flags: UInt16, key: UnsafeRawBufferPointer, page: UnsafeRawBufferPointer, valueStart: Int, dataSize: Int,
        kind: Kind, number: UInt64, table: String
    ) throws(Finding) {
        func damaged(_ what: String) -> Finding { Finding(description: "\(place(number, table)): node \(index) \(what)") }
        let allowed: UInt16 = kind == .main ? PageCheck.subDatabaseFlag : PageCheck.bigDataFlag
        if flags & ~allowed != 0 || (kind == .main && flags != PageCheck.subDatabaseFlag) {
            throw damaged("has flags 0x\(String(flags, radix: 16)), which \(kind == .named ? "a table's entry" : kind.name) never has")
        }
        var value: [UInt8]
        if flags & PageCheck.bigDataFlag != 0 {
            let first = page.loadUnaligned(fromByteOffset: valueStart, as: UInt64.self)
            let pages = UInt64((PageCheck.pageHeaderSize - 1 + dataSize) / pageSize + 1)
            guard first >= 2, first <= meta.lastPage, pages <= meta.lastPage - first + 1 else {
                throw damaged("points to overflow pages \(first) (\(pages) of them) outside the file (2...\(meta.lastPage))")
            }
            let header = try read(first, count: PageCheck.pageHeaderSize)
            let (headerPage, headerFlags, headerCount) = header.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self),
                 raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            }
            if headerPage != first { throw Finding(description: "\(place(first, table)): its header says page \(headerPage)") }
            if headerFlags != PageCheck.overflowFlag {
                throw Finding(description: "\(place(first, table)): flags 0x\(String(headerFlags, radix: 16)), expected an overflow page (0x4)")
            }
            if UInt64(headerCount) != pages {
                throw Finding(description: "\(place(first, table)): says \(headerCount) overflow pages, its value of \(dataSize) bytes takes \(pages)")
            }
            for overflow in first..<first + pages { try claim(overflow, table, as: "overflow page") }
            counts.overflowPages += pages
            guard kind != .named else { return }
            value = try read(first, count: PageCheck.pageHeaderSize + dataSize)
            value.removeFirst(PageCheck.pageHeaderSize)
        } else {
            guard kind != .named else { return }
            value = Array(page[valueStart..<valueStart + dataSize])
        }
        if kind == .main {
            guard value.count == 48 else { throw damaged("holds a database record of \(value.count) bytes, not 48") }
            let name = String(decoding: key, as: UTF8.self)
            let record = value.withUnsafeBytes { PageCheck.TreeRecord($0, at: 0) }
            if record.flags != 0 { throw damaged("says table \(name) has flags 0x\(String(record.flags, radix: 16)); Blotter's tables have none") }
            namedTables.append((name, record))
            return
        }
        // The free list: a transaction id, and the pages it freed (a count, then the numbers).
        let transaction = key.loadUnaligned(as: UInt64.self)
        if transaction > meta.transactionID { throw damaged("lists pages freed by transaction \(transaction), after this snapshot's \(meta.transactionID)") }
        newestFreeRecord = max(newestFreeRecord, transaction)
        guard value.count >= 8, value.count % 8 == 0 else { throw damaged("holds a page list of \(value.count) bytes") }
        let numbers = value.withUnsafeBytes { raw in (0..<value.count / 8).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        guard numbers[0] <= UInt64(numbers.count - 1) else { throw damaged("counts \(numbers[0]) free pages in room for \(numbers.count - 1)") }
        let listed = numbers[1..<1 + Int(numbers[0])]
        for (position, free) in listed.enumerated() {
            guard free >= 2, free <= meta.lastPage else { throw damaged("lists free page \(free), not a page of the file (2...\(meta.lastPage))") }
            if position > 0, free >= listed[listed.startIndex + position - 1] { throw damaged("lists free pages out of order at \(free)") }
        }
        freePages.append(contentsOf: listed)
    }

    /// A page on the free list that a tree also reaches (or listed twice) would be handed out
    /// by the next write and overwritten while still in use.
    private mutating func checkFreePages() throws(Finding) {
        for page in freePages {
            let (word, bit) = (Int(page / 64), page % 64)
            if reached[word] & (1 << bit) != 0 {
                throw Finding(description: "table the free list: page \(page) is listed as free but is in use (or listed twice)")
            }
            reached[word] |= 1 << bit
        }
    }
}
