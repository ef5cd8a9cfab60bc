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
        var characters = [UInt8]()
        characters.reserveCapacity(27)
        appendISO8601(to: &characters)
        return String(decoding: characters, as: UTF8.self)
    }

    /// Appends `description`'s 27 bytes (more before year 0 or after 9999). Computed with
    /// integer arithmetic (days to a civil date, after Howard Hinnant), not `gmtime_r`: every
    /// stored time is written this way, and the C call was a tenth of a replay.
    public func appendISO8601(to characters: inout [UInt8]) {
        let microsecondsPerDay: Int64 = 86_400_000_000
        var days = microsecondsSinceEpoch / microsecondsPerDay
        var rest = microsecondsSinceEpoch % microsecondsPerDay
        if rest < 0 {
            days -= 1
            rest += microsecondsPerDay
        }
        let (year, month, day) = Self.civil(fromDays: days)
        let secondOfDay = Int(rest / 1_000_000)
        if (0...9_999).contains(year) {
            // The usual case, written in one append (states hold many times; an append a digit
            // was a measurable part of encoding them).
            Self.appendFixedWidth(year: year, month: month, day: day, secondOfDay: secondOfDay, microseconds: Int(rest % 1_000_000), to: &characters)
            return
        }
        TextEncoding.appendDecimal(year, width: 4, to: &characters)
        characters.append(UInt8(ascii: "-"))
        Self.appendTwoDigits(month, to: &characters)
        characters.append(UInt8(ascii: "-"))
        Self.appendTwoDigits(day, to: &characters)
        characters.append(UInt8(ascii: "T"))
        Self.appendTwoDigits(secondOfDay / 3_600, to: &characters)
        characters.append(UInt8(ascii: ":"))
        Self.appendTwoDigits(secondOfDay / 60 % 60, to: &characters)
        characters.append(UInt8(ascii: ":"))
        Self.appendTwoDigits(secondOfDay % 60, to: &characters)
        characters.append(UInt8(ascii: "."))
        TextEncoding.appendDecimal(Int(rest % 1_000_000), width: 6, to: &characters)
        characters.append(UInt8(ascii: "Z"))
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` for a year of four digits, as the general path writes it.
    private static func appendFixedWidth(year: Int, month: Int, day: Int, secondOfDay: Int, microseconds: Int, to characters: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { text in
            func digits(_ value: Int, _ width: Int, at offset: Int) {
                var remaining = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                    remaining /= 10
                }
            }
            digits(year, 4, at: 0)
            text[4] = UInt8(ascii: "-")
            digits(month, 2, at: 5)
            text[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8)
            text[10] = UInt8(ascii: "T")
            digits(secondOfDay / 3_600, 2, at: 11)
            text[13] = UInt8(ascii: ":")
            digits(secondOfDay / 60 % 60, 2, at: 14)
            text[16] = UInt8(ascii: ":")
            digits(secondOfDay % 60, 2, at: 17)
            text[19] = UInt8(ascii: ".")
            digits(microseconds, 6, at: 20)
            text[26] = UInt8(ascii: "Z")
            characters.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    private static func appendTwoDigits(_ value: Int, to characters: inout [UInt8]) {
        characters.append(UInt8(ascii: "0") + UInt8(value / 10))
        characters.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
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

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.f…]Z` (one to six fractional digits); nil for anything
    /// else, an impossible date (`2026-02-30`) or time included.
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
              (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
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
