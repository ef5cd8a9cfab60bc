@testable import Ledger
import Testing
import TestSupport

/// The replay's stream numbering numbers each distinct key once, in the order first seen, and
/// finds it again, whatever the keys: inline (up to 24 bytes) or not, prefixes of each other,
/// differing only in their last byte, and through the table's growth.
@Suite("Byte string numbering")
struct ByteStringNumberingTests {
    static func keys(seed: UInt64, count: Int) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let prefix = Array("record/P00000".utf8).prefix(Int.random(in: 0...13, using: &generator))
            let tail = (0..<Int.random(in: 0...30, using: &generator)).map { _ in UInt8.random(in: 0...2, using: &generator) * 127 }
            return Array(prefix) + tail
        }
    }

    /// Reserved for none, for many at the start, and for more once half the keys are numbered.
    @Test(arguments: [(0, 0), (5_000, 0), (0, 40_000)])
    func eachDistinctKeyGetsTheNextNumberOnceAndKeepsIt(reservedFirst: Int, reservedMidway: Int) {
        let seed = TestSeed.make()
        var numbering = ByteStringNumbering()
        numbering.reserveCapacity(reservedFirst)
        var expected: [[UInt8]: Int] = [:]
        for (index, key) in Self.keys(seed: seed, count: 20_000).enumerated() {
            if index == 10_000 { numbering.reserveCapacity(reservedMidway) }
            let (number, isNew) = numbering.number(of: ByteString(key))
            if let known = expected[key] {
                #expect(!isNew && number == known, "seed \(seed): \(key) numbered again")
            } else {
                #expect(isNew && number == expected.count, "seed \(seed): \(key) given \(number), not the next")
                expected[key] = number
            }
        }
        #expect(numbering.count == expected.count)
        for (key, number) in expected {
            #expect(numbering.keys[number] == ByteString(key))
            #expect(numbering.number(ofExisting: ByteString(key)) == number)
        }
        #expect(numbering.number(ofExisting: ByteString(Array(repeating: 9, count: 40))) == nil)
        #expect(numbering.number(ofExisting: ByteString([])) == expected[[]])
    }
}
