import Foundation

/// A moment in UTC with microsecond resolution: what every event records as its time.
public struct LedgerTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public init(_ date: Date) {
        microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var date: Date {
        Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000)
    }

    public static func < (left: LedgerTime, right: LedgerTime) -> Bool {
        left.microsecondsSinceEpoch < right.microsecondsSinceEpoch
    }

    public func adding(seconds: Int64) -> LedgerTime {
        LedgerTime(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }

    /// ISO 8601 with six fractional digits, e.g. `2026-11-29T18:24:45.123456Z`.
    public var description: String {
        let seconds = microsecondsSinceEpoch >= 0
            ? microsecondsSinceEpoch / 1_000_000
            : (microsecondsSinceEpoch - 999_999) / 1_000_000
        let fraction = microsecondsSinceEpoch - seconds * 1_000_000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let fractionText = String(fraction)
        let padded = String(repeating: "0", count: 6 - fractionText.count) + fractionText
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%@Z",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), padded)
    }
}

/// Where the ledger takes the time from. Tests supply their own; projections never call it.
public protocol LedgerClock: Sendable {
    func now() -> LedgerTime
}

/// The operating system's real-time clock.
public struct SystemClock: LedgerClock {
    public init() {}

    public func now() -> LedgerTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LedgerTime(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000)
    }
}
