import Foundation

/// A moment in UTC with microsecond resolution: what every event records as its time.
public struct LedgerTime: Hashable, Comparable, Sendable, CustomStringConvertible {
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
        var characters = [UInt8]()
        characters.reserveCapacity(27)
        TextEncoding.appendDecimal(Int(parts.tm_year) + 1900, width: 4, to: &characters)
        characters.append(UInt8(ascii: "-"))
        TextEncoding.appendDecimal(Int(parts.tm_mon) + 1, width: 2, to: &characters)
        characters.append(UInt8(ascii: "-"))
        TextEncoding.appendDecimal(Int(parts.tm_mday), width: 2, to: &characters)
        characters.append(UInt8(ascii: "T"))
        TextEncoding.appendDecimal(Int(parts.tm_hour), width: 2, to: &characters)
        characters.append(UInt8(ascii: ":"))
        TextEncoding.appendDecimal(Int(parts.tm_min), width: 2, to: &characters)
        characters.append(UInt8(ascii: ":"))
        TextEncoding.appendDecimal(Int(parts.tm_sec), width: 2, to: &characters)
        characters.append(UInt8(ascii: "."))
        TextEncoding.appendDecimal(Int(fraction), width: 6, to: &characters)
        characters.append(UInt8(ascii: "Z"))
        return String(decoding: characters, as: UTF8.self)
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

/// Encoded as the ISO 8601 text of `description` (UTC, six fractional digits).
extension LedgerTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LedgerTime(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(text) is not a UTC time written YYYY-MM-DDTHH:MM:SS.ffffffZ")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.f…]Z` (one to six fractional digits).
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var micros = 0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), (21...27).contains(bytes.count), let fraction = number(20..<(bytes.count - 1)) else { return nil }
            micros = fraction * [100_000, 10_000, 1_000, 100, 10, 1][bytes.count - 22]
        } else if bytes.count != 20 {
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        self.init(microsecondsSinceEpoch: Int64(seconds) * 1_000_000 + Int64(micros))
    }
}
