import Foundation
@testable import Ledger
import Testing
import TestSupport

/// Replayed entries packed in runs come out in LMDB's key order, however they were appended
/// and however many runs hold them.
@Suite("Replayed entry runs")
struct EntryRunTests {
    /// Keys that share long prefixes, differ only past byte 16, or are prefixes of each other:
    /// every case the integer comparison of the first sixteen bytes cannot settle.
    static func keys(seed: UInt64, count: Int) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let prefix = Array("nam\u{0}SMAT\u{0}1980".utf8).prefix(Int.random(in: 0...14, using: &generator))
            let tail = (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...3, using: &generator) * 85 }
            return Array(prefix) + tail
        }
    }

    static func lmdbOrder(_ left: [UInt8], _ right: [UInt8]) -> Bool { left.lexicographicallyPrecedes(right) }

    @Test func aSortedRunHoldsItsEntriesInKeyOrderWithTheirValues() {
        let keys = Set(Self.keys(seed: 7, count: 3_000)).sorted { $0.count == $1.count ? $0.lexicographicallyPrecedes($1) : $0.count < $1.count }
        var run = EntryRun()
        var generator = SeededGenerator(seed: 8)
        for key in keys.shuffled(using: &generator) { run.append(key: key, value: Array(key.reversed()) + [UInt8(key.count)]) }
        run.sortByKey()
        var seen: [[UInt8]] = []
        run.forEach { key, value in
            seen.append([UInt8](key))
            #expect([UInt8](value) == Array([UInt8](key).reversed()) + [UInt8(key.count)])
        }
        #expect(seen == keys.sorted(by: Self.lmdbOrder))
    }

    @Test func runsAreMergedInKeyOrder() {
        let keys = Set(Self.keys(seed: 11, count: 4_000)).sorted(by: Self.lmdbOrder)
        var runs = [EntryRun](repeating: EntryRun(), count: 5)
        for (index, key) in keys.enumerated() { runs[(index * 7) % 5].append(key: key, value: [UInt8(index % 251)]) }
        for index in runs.indices { runs[index].sortByKey() }
        let table = ReplayedTable(runs: runs + [EntryRun()])
        #expect(table.count == keys.count)
        var merged: [[UInt8]] = []
        table.forEachInKeyOrder { key, _ in merged.append([UInt8](key)) }
        #expect(merged == keys)
        #expect(table.merged.map(\.key.bytes) == keys)
        #expect(table.merged.map(\.value) == keys.indices.map { [UInt8($0 % 251)] })
    }

    @Test func repeatedKeysAreKeptOnceAfterSorting() {
        // Repeats, and keys that are prefixes of one another (which must stay apart).
        let keys = Self.keys(seed: 19, count: 2_000)
        var run = EntryRun()
        for key in keys + keys.prefix(700) { run.append(key: key) }
        run.sortByKey()
        run.removeAdjacentDuplicateKeys()
        var seen: [[UInt8]] = []
        run.forEach { key, _ in seen.append([UInt8](key)) }
        #expect(seen == Set(keys).sorted(by: Self.lmdbOrder))
    }
}
