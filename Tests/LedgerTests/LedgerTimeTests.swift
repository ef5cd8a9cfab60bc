import Foundation
import Ledger
import Testing

/// The text every event time is written as, checked against Foundation's own ISO 8601 formatter
/// and against hand-picked edges (before 1970, the end of a leap year, whole seconds).
@Suite struct LedgerTimeTests {
    @Test func knownTimesRenderAsIso8601WithMicroseconds() {
        #expect(LedgerTime(microsecondsSinceEpoch: 0).description == "1970-01-01T00:00:00.000000Z")
        #expect(LedgerTime(microsecondsSinceEpoch: 1).description == "1970-01-01T00:00:00.000001Z")
        #expect(LedgerTime(microsecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999999Z")
        #expect(LedgerTime(microsecondsSinceEpoch: 1_798_761_599_123_456).description == "2026-12-31T23:59:59.123456Z")
        #expect(LedgerTime(microsecondsSinceEpoch: 951_782_400_000_000).description == "2000-02-29T00:00:00.000000Z")
    }

    @Test func randomTimesAgreeWithFoundationAndRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for _ in 0..<2_000 {
            let micros = Int64.random(in: -11_600_000_000_000_000...253_000_000_000_000_000, using: &generator)  // 1602 to 9987: Foundation is Julian before 1582
            let time = LedgerTime(microsecondsSinceEpoch: micros)
            let text = time.description
            let wholeSeconds = Date(timeIntervalSince1970: Double(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000))
            #expect(text.prefix(19) == formatter.string(from: wholeSeconds).prefix(19), "\(micros)")
            #expect(LedgerTime(iso8601: text) == time, "\(text)")
        }
    }

    @Test func hexadecimalAndPaddedDecimalText() {
        #expect(TextEncoding.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(TextEncoding.hex([UInt8]()) == "")
        var characters = [UInt8]()
        TextEncoding.appendDecimal(7, width: 3, to: &characters)
        TextEncoding.appendDecimal(0, width: 1, to: &characters)
        TextEncoding.appendDecimal(123_456, width: 2, to: &characters)
        #expect(String(decoding: characters, as: UTF8.self) == "0070123456")
    }

    @Test(arguments: [(-1, 4), (-12_345, 4), (Int.min, 2), (Int.max, 25), (42, 0), (-7, 1), (0, 3)])
    func paddedDecimalTextIsPrintfs(value: Int, width: Int) {
        var characters = [UInt8]()
        TextEncoding.appendDecimal(value, width: width, to: &characters)
        #expect(String(decoding: characters, as: UTF8.self) == String(format: "%0*ld", width, value))
    }
}
