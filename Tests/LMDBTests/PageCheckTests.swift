import Foundation
@testable import LMDB
import Testing
import TestSupport

/// The page check walks the named tables in two halves at once; these pin what the halves
/// must agree on, and that a damaged page is still reported as a walk in order reports it.
@Suite("LMDB page check")
struct PageCheckTests {
    let directory = TemporaryDirectory()

    private func record(pages: UInt64) -> PageCheck.TreeRecord {
        var bytes = [UInt8](repeating: 0, count: 48)
        withUnsafeBytes(of: pages.littleEndian) { bytes.replaceSubrange(16..<24, with: $0) }
        return bytes.withUnsafeBytes { PageCheck.TreeRecord($0, at: 0) }
    }

    @Test func theHalvesHoldEveryTableOnceInOrderAndAboutEvenPages() {
        let sizes: [UInt64] = [400, 10, 350, 40, 30, 5, 0, 90]
        let tables = sizes.enumerated().map { (name: "t\($0.offset)", record: record(pages: $0.element)) }
        let (first, second) = PageTreeWalk.split(tables)
        #expect((first + second).map(\.name).sorted() == tables.map(\.name).sorted())
        for half in [first, second] {
            let positions = half.map { name in tables.firstIndex { $0.name == name.name }! }
            #expect(positions == positions.sorted(), "each half keeps the tables' order")
        }
        let pages = [first, second].map { $0.reduce(UInt64(0)) { $0 + $1.record.leafPages } }
        #expect(pages.max()! - pages.min()! <= 40, "halves of \(pages)")
    }

    @Test func aPageBothHalvesReachedIsNoJoin() {
        let base: [UInt64] = [0b0011, 0]
        #expect(PageTreeWalk.join(base: base, [0b0111, 0], [0b1011, 1]) == [0b1111, 1])
        #expect(PageTreeWalk.join(base: base, [0b0111, 0], [0b0111, 0]) == nil)
        #expect(PageTreeWalk.join(base: base, [0b0011, 2], [0b1011, 2]) == nil)
    }

    @Test func aSoundFileWithManyTablesPasses() throws {
        var configuration = EnvironmentConfiguration(initialMapSizeBytes: 8 << 20, maximumMapSizeBytes: 64 << 20)
        try fill(configuration)
        configuration.checksPages = true
        _ = try Environment(directory: directory.path, configuration: configuration)
    }

    /// Six tables of different depths, one with values on overflow pages; closed on return.
    private func fill(_ configuration: EnvironmentConfiguration) throws {
        let environment = try Environment(directory: directory.path, configuration: configuration)
        let tables = try (0..<6).map { try environment.openDatabase(named: "table-\($0)") }
        try environment.write { transaction in
            for (index, table) in tables.enumerated() {
                for key in 0..<(index * 900 + 1) {
                    let value = [UInt8](repeating: UInt8(index), count: index == 5 ? 5_000 : 40)
                    try transaction.put(value, forKey: Array(String(format: "%08d", key).utf8), in: table)
                }
            }
        }
    }
}
