#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict, forward-only JSON reader over bytes in memory, for the payloads and derived state
/// the ledger stores.
///
/// Replaying a ledger decodes every event's payload, and Foundation's `JSONDecoder` spent tens
/// of microseconds on each (most of a records replay); this reader walks the bytes once, makes
/// no intermediate values, and lets a type decode itself field by field:
///
/// ```swift
/// try reader.beginObject()
/// while let key = try reader.nextKey() {
///     if key == "name" { name = try reader.readString() } else { try reader.skipValue() }
/// }
/// ```
///
/// It accepts exactly RFC 8259 JSON (no comments, no trailing commas, no leading zeros, no bare
/// control characters in strings, valid UTF-8) and refuses anything else with the offset of
/// the first bad byte. Integers are read exactly; fractions and exponents are refused, since no
/// stored format uses them. The bytes must outlive the reader.
public struct JSONReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0
    /// One bit per open container, from the innermost: set once it has a member, so the next
    /// member must follow a comma.
    private var hasMembers: UInt64 = 0
    private var depth = 0

    /// Containers nested deeper than this are refused (a stored value never nests so deep).
    public static let maximumDepth = 64

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Objects and arrays

    /// Consumes `{`.
    public mutating func beginObject() throws(JSONReadError) {
        try expect(UInt8(ascii: "{"), "an object")
        try open()
    }

    /// The next member's key, with the reader placed on its value; nil when the object ends
    /// (its `}` consumed).
    public mutating func nextKey() throws(JSONReadError) -> JSONKey? {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("the object is not closed") }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            close()
            return nil
        }
        try separateMember()
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let key = try readKey()
        try expect(UInt8(ascii: ":"), "':' after a key")
        return key
    }

    /// Consumes `[`.
    public mutating func beginArray() throws(JSONReadError) {
        try expect(UInt8(ascii: "["), "an array")
        try open()
    }

    /// True with the reader placed on the next element; false when the array ends (its `]`
    /// consumed).
    public mutating func nextElement() throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("the array is not closed") }
        if bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            close()
            return false
        }
        try separateMember()
        return true
    }

    private mutating func open() throws(JSONReadError) {
        guard depth < Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        depth += 1
        hasMembers <<= 1
    }

    private mutating func close() {
        depth -= 1
        hasMembers >>= 1
    }

    private mutating func separateMember() throws(JSONReadError) {
        if hasMembers & 1 == 1 {
            guard bytes[offset] == UInt8(ascii: ",") else { throw fail("expected ',' between members") }
            offset += 1
        } else {
            hasMembers |= 1
        }
    }

    /// Checks that nothing but whitespace follows the value just read.
    public mutating func expectEnd() throws(JSONReadError) {
        skipWhitespace()
        guard offset == bytes.count else { throw fail("unexpected bytes after the value") }
    }

    // MARK: Scalars

    /// True (and consumed) when the next value is `null`.
    public mutating func readNull() throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    public mutating func readBool() throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("expected true or false") }
        switch bytes[offset] {
        case UInt8(ascii: "t"): try expectLiteral("true"); return true
        case UInt8(ascii: "f"): try expectLiteral("false"); return false
        default: throw fail("expected true or false")
        }
    }

    public mutating func readString() throws(JSONReadError) -> String {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        let start = offset
        let (contentStart, contentEnd, escaped) = try scanString()
        let content = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<contentEnd])
        let text = escaped ? try unescape(content, at: contentStart) : Self.validatedString(content)
        guard let text else {
            offset = start
            throw fail("a string is not valid UTF-8")
        }
        return text
    }

    /// A signed integer, exactly (no fraction, no exponent, no leading zeros).
    public mutating func readInt64() throws(JSONReadError) -> Int64 {
        skipWhitespace()
        let start = offset
        let negative = offset < bytes.count && bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        let magnitude = try readDigits(start: start)
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw failAt(start, "the integer is out of range") }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw failAt(start, "the integer is out of range") }
        return Int64(magnitude)
    }

    public mutating func readInt() throws(JSONReadError) -> Int {
        Int(try readInt64())
    }

    public mutating func readUInt64() throws(JSONReadError) -> UInt64 {
        skipWhitespace()
        return try readDigits(start: offset)
    }

    public mutating func readUInt32() throws(JSONReadError) -> UInt32 {
        let start = offset
        let value = try readUInt64()
        guard value <= UInt64(UInt32.max) else { throw failAt(start, "the integer is out of range") }
        return UInt32(value)
    }

    /// Skips one value of any kind, checking it as it goes.
    public mutating func skipValue() throws(JSONReadError) {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            while try nextElement() { try skipValue() }
        case UInt8(ascii: "\""):
            let start = offset
            let (contentStart, contentEnd, escaped) = try scanString()
            let content = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<contentEnd])
            let valid = escaped ? try unescape(content, at: contentStart) != nil : Self.isValidUTF8(content)
            if !valid {
                offset = start
                throw fail("a string is not valid UTF-8")
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: try skipNumber()
        }
    }

    /// Moves past one value without checking it: for a value the caller reads again in full
    /// afterwards (an object member that must wait for a later one), which is where any fault
    /// in it is found. Malformed bytes may make it stop anywhere; it never reads out of bounds.
    public mutating func skimValue() {
        skipWhitespace()
        var depth = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                while offset < bytes.count && bytes[offset] != UInt8(ascii: "\"") {
                    offset += bytes[offset] == UInt8(ascii: "\\") ? 2 : 1
                }
                offset += 1
                if depth == 0 { return }
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 { return }
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                if depth == 0 { offset -= 1; return }
            default:
                if depth == 0, offset < bytes.count {
                    switch bytes[offset] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return
                    default: break
                    }
                }
            }
        }
        offset = min(offset, bytes.count)
    }

    // MARK: Lexing

    @inline(__always)
    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: StaticString) throws(JSONReadError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { throw fail("expected \(what)") }
        offset += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONReadError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - offset >= count,
              memcmp(bytes.baseAddress! + offset, literal.utf8Start, count) == 0
        else { throw fail("expected \(literal)") }
        offset += count
    }

    /// Digits of a non-negative integer; `start` is where its text began, for errors.
    private mutating func readDigits(start: Int) throws(JSONReadError) -> UInt64 {
        let first = offset
        var value: UInt64 = 0
        while offset < bytes.count, case let digit = bytes[offset] &- UInt8(ascii: "0"), digit < 10 {
            let (multiplied, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (added, overflowB) = multiplied.addingReportingOverflow(UInt64(digit))
            guard !overflowA && !overflowB else { throw failAt(start, "the integer is out of range") }
            value = added
            offset += 1
        }
        guard offset > first else { throw failAt(start, "expected an integer") }
        guard offset - first == 1 || bytes[first] != UInt8(ascii: "0") else { throw failAt(start, "an integer has a leading zero") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") || bytes[offset] | 0x20 == UInt8(ascii: "e") {
            throw failAt(start, "expected an integer, found a fraction or exponent")
        }
        return value
    }

    /// Any JSON number, for values a reader skips.
    private mutating func skipNumber() throws(JSONReadError) {
        let start = offset
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let digits = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        guard offset > digits else { throw failAt(start, "expected a value") }
        guard offset - digits == 1 || bytes[digits] != UInt8(ascii: "0") else { throw failAt(start, "a number has a leading zero") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            try skipFractionDigits(start)
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            try skipFractionDigits(start)
        }
    }

    private mutating func skipFractionDigits(_ start: Int) throws(JSONReadError) {
        let first = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        guard offset > first else { throw failAt(start, "a number is malformed") }
    }

    /// Moves past a string starting at `offset` (its opening quote); returns its content's
    /// range and whether it holds escapes.
    private mutating func scanString() throws(JSONReadError) -> (Int, Int, Bool) {
        let start = offset
        offset += 1
        var escaped = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return (start + 1, offset - 1, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                offset += 2
                continue
            }
            guard byte >= 0x20 else { throw fail("a string holds a control character") }
            offset += 1
        }
        throw failAt(start, "a string is not closed")
    }

    private mutating func readKey() throws(JSONReadError) -> JSONKey {
        let (contentStart, contentEnd, escaped) = try scanString()
        let content = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<contentEnd])
        if !escaped {
            guard Self.isValidUTF8(content) else { throw failAt(contentStart - 1, "a key is not valid UTF-8") }
            return JSONKey(raw: content, decoded: nil)
        }
        guard let decoded = try unescape(content, at: contentStart) else {
            throw failAt(contentStart - 1, "a key is not valid UTF-8")
        }
        return JSONKey(raw: content, decoded: Array(decoded.utf8))
    }

    /// The text of an escaped string's content; nil when the result is not valid UTF-8.
    private func unescape(_ content: UnsafeRawBufferPointer, at contentStart: Int) throws(JSONReadError) -> String? {
        var result: [UInt8] = []
        result.reserveCapacity(content.count)
        var index = 0
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                index += 1
                continue
            }
            guard index + 1 < content.count else { throw failAt(contentStart + index, "a string ends inside an escape") }
            let escape = content[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escape)
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape(content, &index, contentStart: contentStart)
                UTF8.encode(scalar) { result.append($0) }
            default:
                throw failAt(contentStart + index - 2, "a string holds an unknown escape")
            }
        }
        return result.withUnsafeBytes { Self.validatedString($0) }
    }

    /// The scalar of `\uXXXX` (or a surrogate pair of two), `index` just past the `u`.
    private func unicodeEscape(_ content: UnsafeRawBufferPointer, _ index: inout Int, contentStart: Int) throws(JSONReadError) -> Unicode.Scalar {
        func hexQuad(_ at: Int) throws(JSONReadError) -> UInt32 {
            guard at + 4 <= content.count else { throw failAt(contentStart + at, "a \\u escape needs four hex digits") }
            var value: UInt32 = 0
            for offset in at..<at + 4 {
                let byte = content[offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failAt(contentStart + at, "a \\u escape needs four hex digits")
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        let high = try hexQuad(index)
        index += 4
        if (0xD800...0xDBFF).contains(high) {
            guard index + 6 <= content.count, content[index] == UInt8(ascii: "\\"), content[index + 1] == UInt8(ascii: "u") else {
                throw failAt(contentStart + index, "a lone surrogate in a \\u escape")
            }
            let low = try hexQuad(index + 2)
            guard (0xDC00...0xDFFF).contains(low) else { throw failAt(contentStart + index, "a lone surrogate in a \\u escape") }
            index += 6
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw failAt(contentStart + index - 6, "a lone surrogate in a \\u escape") }
        return scalar
    }

    static func validatedString(_ bytes: UnsafeRawBufferPointer) -> String? {
        // ASCII, nearly every stored string, is valid as it is: copied without the generic
        // validating initializer (its metadata lookups were a tenth of a replay).
        if isASCII(bytes) {
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: base, count: bytes.count))
                return bytes.count
            }
        }
        return String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        isASCII(bytes) || String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
    }

    @inline(__always)
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        // Eight bytes at a time: ASCII has no high bit set.
        while index + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    private func fail(_ reason: String) -> JSONReadError {
        JSONReadError(offset: offset, reason: reason)
    }

    private func failAt(_ at: Int, _ reason: String) -> JSONReadError {
        JSONReadError(offset: at, reason: reason)
    }
}

extension UnsafeRawBufferPointer {
    func assumingMemoryBound(to type: UInt8.Type) -> UnsafeBufferPointer<UInt8> {
        guard let base = baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

/// A member's key, compared as UTF-8 bytes.
public struct JSONKey: CustomStringConvertible {
    /// The key as it appears between the quotes.
    let raw: UnsafeRawBufferPointer
    /// The key's bytes once its escapes are decoded; nil when it had none.
    let decoded: [UInt8]?

    public static func == (key: JSONKey, name: StaticString) -> Bool {
        if let decoded = key.decoded {
            return decoded.count == name.utf8CodeUnitCount && decoded.withUnsafeBytes { memcmp($0.baseAddress!, name.utf8Start, decoded.count) == 0 }
        }
        return key.raw.count == name.utf8CodeUnitCount && (key.raw.count == 0 || memcmp(key.raw.baseAddress!, name.utf8Start, key.raw.count) == 0)
    }

    public var description: String {
        decoded.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: raw, as: UTF8.self)
    }
}

/// Why stored JSON could not be read: what was wrong, and at which byte.
public struct JSONReadError: Error, CustomStringConvertible, Equatable, Sendable {
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) (at byte \(offset))" }
}
