/// The page buffers of one `PageTreeWalk`: one a tree level, allocated once and reused for
/// every page read at that level. A branch page's keys bound its children's, so a level's
/// page must stay intact while the levels below it are read; one buffer a level does that
/// without copying a page or a key.
///
/// Sendable so that a walk can be copied to another thread; a copy gets buffers of its own
/// before it reads (`PageTreeWalk.walkNamedTables`): no two threads ever use one.
final class PageBuffers: @unchecked Sendable {
    let pageSize: Int
    let levels: Int
    private let storage: UnsafeMutableRawBufferPointer

    init(pageSize: Int, levels: Int) {
        precondition(pageSize > 0 && levels > 0)
        self.pageSize = pageSize
        self.levels = levels
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: pageSize * levels, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        storage.deallocate()
    }

    /// The buffer of tree level `level` (1 is the root's).
    func level(_ level: Int) -> UnsafeMutableRawBufferPointer {
        precondition(level >= 1 && level <= levels, "level \(level) outside 1...\(levels)")
        return UnsafeMutableRawBufferPointer(rebasing: storage[(level - 1) * pageSize..<level * pageSize])
    }
}
