/// Hand-written formatting for text produced on every request (digests, tokens, timestamps):
/// `String(format:)` goes through Foundation's varargs formatter and was a tenth of a search's
/// CPU in the service's profile.
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

    /// Appends `value` in decimal, left-padded with zeros to at least `width` characters, as
    /// printf's `%0*d` does (a minus sign counts in the width: -1 at width 4 is `-001`).
    public static func appendDecimal(_ value: Int, width: Int, to characters: inout [UInt8]) {
        if value < 0 { characters.append(UInt8(ascii: "-")) }
        let start = characters.count
        let digitsWidth = value < 0 ? width - 1 : width
        var remaining = value.magnitude
        repeat {
            characters.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        while characters.count - start < digitsWidth {
            characters.append(UInt8(ascii: "0"))
        }
        characters[start...].reverse()
    }
}
