import Foundation
import Ledger

/// A calendar day as NCIC writes it, `CCYYMMDD`: a date of birth, a warrant date, an expiry.
/// Always a real date of the proleptic Gregorian calendar.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless `year`-`month`-`day` is a real calendar date in years 1800-2999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1800...2999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `CCYYMMDD`; nil for anything else, including impossible dates like `20230230`.
    public init?(_ text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(digits[$1] - 48) } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        var characters = [UInt8]()
        characters.reserveCapacity(8)
        appendDigits(to: &characters)
        return String(decoding: characters, as: UTF8.self)
    }

    /// Appends the eight digits `CCYYMMDD`.
    func appendDigits(to characters: inout [UInt8]) {
        TextEncoding.appendDecimal(year, width: 4, to: &characters)
        characters.append(UInt8(ascii: "0") + UInt8(month / 10))
        characters.append(UInt8(ascii: "0") + UInt8(month % 10))
        characters.append(UInt8(ascii: "0") + UInt8(day / 10))
        characters.append(UInt8(ascii: "0") + UInt8(day % 10))
    }

    public static func < (left: CalendarDate, right: CalendarDate) -> Bool {
        (left.year, left.month, left.day) < (right.year, right.month, right.day)
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Days from civil (Howard Hinnant's algorithm, restated).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.year = year
        self.month = month
        self.day = day
    }

    /// Full years from this day (a date of birth) to `day`: one less until the birthday is reached.
    public func age(on day: CalendarDate) -> Int {
        let years = day.year - year
        return (day.month, day.day) < (month, self.day) ? years - 1 : years
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// The UTC day a ledger time falls on.
    public init(_ time: LedgerTime) {
        let microsecondsPerDay: Int64 = 86_400_000_000
        let days = time.microsecondsSinceEpoch >= 0
            ? time.microsecondsSinceEpoch / microsecondsPerDay
            : (time.microsecondsSinceEpoch - microsecondsPerDay + 1) / microsecondsPerDay
        self.init(dayNumber: Int(days))
    }

    /// The first instant of this day, UTC.
    /// Whether this day (UTC) is over at `time`: what an expiry or a due date on a day means.
    public func isOver(at time: LedgerTime) -> Bool {
        time >= adding(days: 1).startOfDay
    }

    public var startOfDay: LedgerTime {
        LedgerTime(microsecondsSinceEpoch: Int64(dayNumber) * 86_400_000_000)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not a CCYYMMDD date")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
