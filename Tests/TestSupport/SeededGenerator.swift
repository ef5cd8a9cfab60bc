import Foundation

/// SplitMix64: a small, fast, reproducible generator for randomized tests.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// The seed of a randomized test: `BLOTTER_TEST_SEED` when set (to replay a failure), else fresh.
/// Tests print it in every failure message.
public enum TestSeed {
    public static func make() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["BLOTTER_TEST_SEED"], let seed = UInt64(text) {
            return seed
        }
        return UInt64.random(in: 1...UInt64.max)
    }
}
