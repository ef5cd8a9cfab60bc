import Foundation
import Testing
import TestSupport

/// Issue 13: a bit flipped anywhere in the data file is reported by `blotter verify` with the
/// place it damaged (a meta page, a page and its table, a sequence), or changes nothing that
/// any tree reaches — and never crashes verify. Tools/bit-rot/bit_rot.py flips thousands at
/// random; these are the chosen places.
@Suite("Bit rot")
struct BitRotTests {
    let commandLine = BlotterCommandLine()

    /// A demo ledger rebuilt once, so that the old projection pages lie on the free list.
    private func ledger() throws -> LedgerFilePages {
        try commandLine.demo()
        let rebuild = try commandLine.run("rebuild", "--data", commandLine.data)
        #expect(rebuild.status == 0, "\(rebuild.output)")
        return try LedgerFilePages(contentsOf: commandLine.ledgerFile)
    }

    /// XORs the byte at `offset` of a fresh copy of the ledger and runs verify on the copy.
    private func verifyWithFlip(at offset: Int, mask: UInt8 = 0x40) throws -> BlotterCommandLine.Run {
        try verifyWithEdit { $0[offset] ^= mask }
    }

    private func verifyWithEdit(_ edit: (inout Data) -> Void) throws -> BlotterCommandLine.Run {
        let copy = (commandLine.directory.path as NSString).appendingPathComponent("flipped-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: commandLine.data, toPath: copy)
        let file = ((copy as NSString).appendingPathComponent("ledger") as NSString).appendingPathComponent("data.mdb")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        edit(&bytes)
        try bytes.write(to: URL(fileURLWithPath: file))
        return try commandLine.run("verify", "--data", copy)
    }

    private func expectDetected(_ run: BlotterCommandLine.Run, naming place: String, _ what: String) {
        #expect(!run.crashed, "\(what): verify died of a signal: \(run.output)")
        #expect(run.status == 1, "\(what): \(run.output)")
        #expect(run.output.contains(place), "\(what): expected \"\(place)\" in: \(run.output)")
    }

    @Test func aFlipInTheNewestMetaPageIsReportedByItsPage() throws {
        let pages = try ledger()
        let meta = pages.newestMeta
        let base = meta * pages.pageSize + 16
        // The main database's root page number, and the transaction id.
        expectDetected(try verifyWithFlip(at: base + 72 + 40 + 1), naming: "meta page \(meta)", "the main root")
        expectDetected(try verifyWithFlip(at: base + 128, mask: 0x02), naming: "meta page", "the transaction id")
        expectDetected(try verifyWithFlip(at: base + 24, mask: 0x10), naming: "meta page", "the page size")
    }

    /// One flipped bit can raise the older meta page's transaction id to the newer one's plus
    /// one (bit 1, when the older id is 1 more than a multiple of 4): LMDB then reads the older
    /// snapshot, which is whole and verifies — without the newest commit. Here the id is set so
    /// whatever the ids are, and its last page too, so that only the snapshot's content tells.
    @Test func anOlderMetaPagePassingForTheNewestIsReported() throws {
        let pages = try ledger()
        let newer = pages.newestMeta * pages.pageSize + 16, older = (1 - pages.newestMeta) * pages.pageSize + 16
        let run = try verifyWithEdit { bytes in
            for index in 0..<8 { bytes[older + 120 + index] = bytes[newer + 120 + index] }  // the last page
            var id = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[newer + 128 + $1]) << (8 * $1) } + 1
            for index in 0..<8 { bytes[older + 128 + index] = UInt8(truncatingIfNeeded: id); id >>= 8 }
        }
        expectDetected(run, naming: "meta page \(1 - pages.newestMeta): its snapshot lacks the free-list record", "an older snapshot")
        // The other way round (bit 1 of a newest id that has it set): the newest page's id
        // lowered by two, below the older one's, with the older one's last page.
        let lowered = try verifyWithEdit { bytes in
            for index in 0..<8 { bytes[newer + 120 + index] = bytes[older + 120 + index] }
            var id = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[newer + 128 + $1]) << (8 * $1) } - 2
            for index in 0..<8 { bytes[newer + 128 + index] = UInt8(truncatingIfNeeded: id); id >>= 8 }
        }
        expectDetected(lowered, naming: "meta page \(pages.newestMeta)", "a newest snapshot passing for an older one")
    }

    @Test func aFlipInABranchPageIsReportedByItsPageAndTable() throws {
        let pages = try ledger()
        let events = try #require(pages.tables["ledger.events"])
        try #require(events.depth >= 2, "the events table needs a branch page")
        let root = events.root
        let offset = Int(root) * pages.pageSize
        expectDetected(try verifyWithFlip(at: offset + 12), naming: "page \(root) of table ledger.events", "its lower bound")
        expectDetected(try verifyWithFlip(at: offset + 10, mask: 0x02), naming: "page \(root) of table ledger.events", "its flags")
        // Node 1's child page number, high byte of the low half: a page far past the file's end.
        let node = pages.nodeOffset(page: root, index: 1)
        expectDetected(try verifyWithFlip(at: offset + node + 1, mask: 0x80), naming: "table ledger.events", "a child page number")
    }

    @Test func aFlipInALeafNodeOffsetIsReportedByItsPage() throws {
        let pages = try ledger()
        let leaf = try #require(pages.firstLeaf(of: "ledger.events"))
        // Node 0's offset, high byte: it now points into the page's free space or past its end.
        expectDetected(try verifyWithFlip(at: Int(leaf) * pages.pageSize + 17, mask: 0x04),
                       naming: "page \(leaf) of table ledger.events", "a node offset")
        // Node 0's key size.
        let node = pages.nodeOffset(page: leaf, index: 0)
        expectDetected(try verifyWithFlip(at: Int(leaf) * pages.pageSize + node + 6, mask: 0x20),
                       naming: "page \(leaf) of table ledger.events", "a key size")
    }

    @Test func aFlipInAnEventPayloadIsReportedBySequence() throws {
        let pages = try ledger()
        let leaf = try #require(pages.firstLeaf(of: "ledger.events"))
        let node = pages.nodeOffset(page: leaf, index: 0)
        let (keySize, dataSize) = pages.nodeSizes(page: leaf, at: node)
        // The payload's last byte (the record ends with it), of event 1.
        let run = try verifyWithFlip(at: Int(leaf) * pages.pageSize + node + 8 + keySize + dataSize - 1, mask: 0x01)
        expectDetected(run, naming: "FAILED chain: sequence 1: payload does not match its digest", "a payload byte")
    }

    @Test func aFlipInAFreePageChangesNothing() throws {
        let pages = try ledger()
        let free = try #require(pages.freePages.first, "the rebuild left no free page")
        for within in [0, 10, 12, 200, pages.pageSize - 1] {
            let run = try verifyWithFlip(at: Int(free) * pages.pageSize + within)
            #expect(!run.crashed && run.status == 0, "free page \(free), byte \(within): \(run.output)")
            #expect(run.output.contains("verified: the ledger is intact"))
        }
    }
}

/// Just enough of LMDB's page layout (see `PageCheck`) to find the pages these tests damage:
/// the newest meta page, each named database's root and depth, and the free list's pages.
private struct LedgerFilePages {
    let bytes: [UInt8]
    let pageSize: Int
    let newestMeta: Int
    var tables: [String: (root: UInt64, depth: Int)] = [:]
    var freePages: [UInt64] = []

    init(contentsOf path: String) throws {
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        pageSize = Int(Self.u32(bytes, 16 + 24))
        let first = Self.u64(bytes, 16 + 128), second = Self.u64(bytes, pageSize + 16 + 128)
        newestMeta = second > first ? 1 : 0
        let meta = newestMeta * pageSize + 16
        let freeRoot = Self.u64(bytes, meta + 24 + 40), mainRoot = Self.u64(bytes, meta + 72 + 40)
        for (key, value) in leafEntries(root: mainRoot) where value.count == 48 {
            tables[String(decoding: key, as: UTF8.self)] = (Self.u64(value, 40), Int(Self.u16(value, 6)))
        }
        if freeRoot != .max {
            for (_, value) in leafEntries(root: freeRoot) {
                let count = Int(Self.u64(value, 0))
                freePages += (0..<count).map { Self.u64(value, 8 + 8 * $0) }
            }
        }
    }

    func nodeOffset(page: UInt64, index: Int) -> Int {
        Int(Self.u16(bytes, Int(page) * pageSize + 16 + 2 * index))
    }

    func nodeSizes(page: UInt64, at node: Int) -> (key: Int, data: Int) {
        let base = Int(page) * pageSize + node
        return (Int(Self.u16(bytes, base + 6)), Int(Self.u16(bytes, base)) | Int(Self.u16(bytes, base + 2)) << 16)
    }

    func firstLeaf(of table: String) -> UInt64? {
        guard var page = tables[table]?.root, page != .max else { return nil }
        while Self.u16(bytes, Int(page) * pageSize + 10) & 1 != 0 {
            let node = Int(page) * pageSize + nodeOffset(page: page, index: 0)
            page = UInt64(Self.u16(bytes, node)) | UInt64(Self.u16(bytes, node + 2)) << 16 | UInt64(Self.u16(bytes, node + 4)) << 32
        }
        return page
    }

    /// The keys and values of a tree of small values (the main database, the free list).
    private func leafEntries(root: UInt64) -> [([UInt8], [UInt8])] {
        let base = Int(root) * pageSize
        let count = (Int(Self.u16(bytes, base + 12)) - 16) / 2
        var entries: [([UInt8], [UInt8])] = []
        for index in 0..<count {
            let node = base + nodeOffset(page: root, index: index)
            let (keySize, dataSize) = nodeSizes(page: root, at: node - base)
            if Self.u16(bytes, base + 10) & 1 != 0 {
                entries += leafEntries(root: UInt64(Self.u16(bytes, node)) | UInt64(Self.u16(bytes, node + 2)) << 16)
                continue
            }
            let key = Array(bytes[node + 8..<node + 8 + keySize])
            if Self.u16(bytes, node + 4) & 1 != 0 {  // in overflow pages
                let first = Int(Self.u64(bytes, node + 8 + keySize)) * pageSize + 16
                entries.append((key, Array(bytes[first..<first + dataSize])))
            } else {
                entries.append((key, Array(bytes[node + 8 + keySize..<node + 8 + keySize + dataSize])))
            }
        }
        return entries
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) } }
    private static func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) } }
}
