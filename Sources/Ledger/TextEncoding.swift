/// Hand-written formatting for text produced on every request (digests, tokens, timestamps):
/// `String(format:)` goes through Foundation's varargs formatter and showed up at several per
/// cent of the service's CPU profile.
public enum TextEncoding {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hexadecimal, two characters per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var characters = [UInt8]()
        characters.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
    public static func appendDecimal(_ value: Int, width: Int, to characters: inout [UInt8]) {
        precondition(value >= 0, "only non-negative values are zero-padded")
        let start = characters.count
        var remaining = value
        repeat {
            characters.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        while characters.count - start < width {
            characters.append(UInt8(ascii: "0"))
        }
        characters[start...].reverse()
    }
}
