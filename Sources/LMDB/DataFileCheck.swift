#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks an LMDB data file against its own meta pages before it is mapped: a file shorter
/// than the pages its newest meta page says are in use (a copy cut short, a disk that lost its
/// tail) would otherwise be mapped and crash the process with SIGBUS on the first read past
/// its end.
///
/// The layout read (LMDB 0.9, 64-bit): pages 0 and 1 each hold a 16-byte page header and then
/// the meta record: magic `u32` 0xBEEFC0DE at 0, the free-list database's record at 24 (whose
/// first `u32` holds the page size), the last used page number `u64` at 120 and the
/// transaction id `u64` at 128, in the machine's byte order. LMDB uses the meta page with
/// the larger transaction id.
enum DataFileCheck {
    static let magic: UInt32 = 0xBEEF_C0DE
    static let pageHeaderSize = 16
    static let pageSizeOffset = pageHeaderSize + 24
    static let lastPageOffset = pageHeaderSize + 120
    static let transactionIDOffset = pageHeaderSize + 128
    static let metaRecordEnd = transactionIDOffset + 8

    struct MetaPage {
        let page: Int
        let pageSize: Int
        let lastPage: UInt64
        let transactionID: UInt64
    }

    /// Why the data file at `path` cannot be opened safely; nil when it is whole or absent
    /// (LMDB creates an absent one).
    static func problem(dataFile path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        if size == 0 { return nil }
        guard let first = readMeta(descriptor, page: 0, at: 0) else {
            return "\(path) is damaged: meta page 0 is unreadable or not LMDB's (a bad magic or page size; \(size) bytes)"
        }
        let second = readMeta(descriptor, page: 1, at: first.pageSize)
        let newest = [first, second].compactMap { $0 }.max { $0.transactionID < $1.transactionID }!
        let needed = (newest.lastPage + 1).multipliedReportingOverflow(by: UInt64(newest.pageSize))
        guard !needed.overflow else {
            return "\(path) is damaged: its newest meta page, meta page \(newest.page), claims an impossible size (last page \(newest.lastPage))"
        }
        if UInt64(size) < needed.partialValue {
            return "\(path) is truncated: \(size) of \(needed.partialValue) bytes "
                + "(its newest meta page, meta page \(newest.page) of transaction \(newest.transactionID), uses pages up to \(newest.lastPage)); "
                + "restore it from a backup"
        }
        return nil
    }

    private static func readMeta(_ descriptor: Int32, page: Int, at offset: Int) -> MetaPage? {
        var bytes = [UInt8](repeating: 0, count: metaRecordEnd)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, metaRecordEnd, off_t(offset)) }
        guard count == metaRecordEnd else { return nil }
        return bytes.withUnsafeBytes { raw -> MetaPage? in
            guard raw.loadUnaligned(fromByteOffset: pageHeaderSize, as: UInt32.self) == magic else { return nil }
            let pageSize = Int(raw.loadUnaligned(fromByteOffset: pageSizeOffset, as: UInt32.self))
            guard pageSize >= 512, pageSize <= 65_536, pageSize.nonzeroBitCount == 1 else { return nil }
            return MetaPage(
                page: page,
                pageSize: pageSize,
                lastPage: raw.loadUnaligned(fromByteOffset: lastPageOffset, as: UInt64.self),
                transactionID: raw.loadUnaligned(fromByteOffset: transactionIDOffset, as: UInt64.self))
        }
    }
}
