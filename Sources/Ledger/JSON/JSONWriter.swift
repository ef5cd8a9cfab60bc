/// Writes canonical JSON: no whitespace, members in the order written (callers write keys in
/// ascending byte order, checked in debug builds), strings escaped exactly as Foundation's
/// `JSONEncoder` escapes them (`\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, other control
/// characters as `\u00xx`; everything else, `/` included, as it is), integers in decimal.
///
/// The same value therefore has the same bytes whichever writes it: this writer, or
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` (the tests check both).
public struct JSONWriter {
    public private(set) var bytes: [UInt8]
    /// One bit per open container, from the innermost: set once it has a member.
    private var hasMembers: UInt64 = 0
    private var depth = 0
    /// A key was just written: the value that follows takes no comma.
    private var afterKey = false
    #if DEBUG
    private var lastKeys: [[UInt8]?] = []
    #endif

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written so far, in an array of exactly their size; the writer is emptied
    /// (keeping its capacity) for the next value. For writing many values through one buffer.
    public mutating func takeBytes() -> [UInt8] {
        precondition(depth == 0, "a value is still open")
        // A copy of exactly the written bytes (`Array(bytes)` would share the buffer, and the
        // next value would then allocate a fresh one).
        let written = bytes.withUnsafeBufferPointer { Array($0) }
        bytes.removeAll(keepingCapacity: true)
        hasMembers = 0
        return written
    }

    /// Empties the writer (keeping its capacity) for the next value, once the bytes written
    /// have been read where they are (`bytes`).
    public mutating func removeAll() {
        precondition(depth == 0, "a value is still open")
        bytes.removeAll(keepingCapacity: true)
        hasMembers = 0
    }

    // MARK: Containers

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    public mutating func endObject() {
        close()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        open()
    }

    public mutating func endArray() {
        close()
        bytes.append(UInt8(ascii: "]"))
    }

    /// A member's key; its value is written next.
    public mutating func key(_ name: StaticString) {
        #if DEBUG
        let current = Array(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        if let last = lastKeys[lastKeys.count - 1] {
            assert(last.lexicographicallyPrecedes(current), "keys must be written in ascending order: \(name) after \(String(decoding: last, as: UTF8.self))")
        }
        lastKeys[lastKeys.count - 1] = current
        #endif
        // The comma, quoted name and colon in one append: each append of an array checks that
        // its buffer is unique and large enough, and keys are most of a state's appends.
        let comma = needsComma()
        let count = name.utf8CodeUnitCount
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 4) { buffer in
            var end = 0
            if comma { buffer[0] = UInt8(ascii: ","); end = 1 }
            buffer[end] = UInt8(ascii: "\"")
            UnsafeMutableBufferPointer(rebasing: buffer[(end + 1)...]).baseAddress!.update(from: name.utf8Start, count: count)
            end += count + 1
            buffer[end] = UInt8(ascii: "\"")
            buffer[end + 1] = UInt8(ascii: ":")
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<(end + 2)]))
        }
        afterKey = true
    }

    /// A member's key known only at run time (a map's); the caller writes them in ascending
    /// order of their UTF-8 bytes, as canonical JSON requires.
    public mutating func dynamicKey(_ name: String) {
        #if DEBUG
        let current = Array(name.utf8)
        if let last = lastKeys[lastKeys.count - 1] {
            assert(last.lexicographicallyPrecedes(current), "keys must be written in ascending order: \(name)")
        }
        lastKeys[lastKeys.count - 1] = current
        #endif
        separate()
        bytes.append(UInt8(ascii: "\""))
        var name = name
        name.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    private mutating func open() {
        precondition(depth < JSONReader.maximumDepth, "JSON nested deeper than \(JSONReader.maximumDepth) levels")
        depth += 1
        hasMembers <<= 1
        #if DEBUG
        lastKeys.append(nil)
        #endif
    }

    private mutating func close() {
        precondition(depth > 0 && !afterKey, "a container closed where a value was expected")
        depth -= 1
        hasMembers >>= 1
        #if DEBUG
        lastKeys.removeLast()
        #endif
    }

    /// The comma before a member, unless it follows a key or is its container's first.
    private mutating func separate() {
        if needsComma() { bytes.append(UInt8(ascii: ",")) }
    }

    /// Whether a comma goes before the next member (`separate`, for a caller that writes it
    /// itself with what follows).
    private mutating func needsComma() -> Bool {
        if afterKey {
            afterKey = false
            return false
        }
        defer { hasMembers |= 1 }
        return hasMembers & 1 == 1
    }

    // MARK: Values

    /// A value already written as canonical JSON by this writer (a stored payload), copied
    /// byte for byte rather than decoded and written again.
    public mutating func canonicalValue(_ encoded: [UInt8]) {
        separate()
        bytes.append(contentsOf: encoded)
    }

    public mutating func string(_ value: String) {
        let comma = needsComma()
        var value = value
        value.withUTF8 { text in
            // Most strings need no escape and are short: written with their comma and quotes in
            // one append.
            guard text.count <= 120, !text.contains(where: Self.needsEscape) else {
                if comma { bytes.append(UInt8(ascii: ",")) }
                bytes.append(UInt8(ascii: "\""))
                appendEscaped(text)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 123) { buffer in
                var end = 0
                if comma { buffer[0] = UInt8(ascii: ","); end = 1 }
                buffer[end] = UInt8(ascii: "\"")
                if let base = text.baseAddress, !text.isEmpty {
                    UnsafeMutableBufferPointer(rebasing: buffer[(end + 1)...]).baseAddress!.update(from: base, count: text.count)
                }
                end += text.count + 1
                buffer[end] = UInt8(ascii: "\"")
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<(end + 1)]))
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    public mutating func int(_ value: Int) {
        int64(Int64(value))
    }

    public mutating func int64(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    public mutating func uint64(_ value: UInt64) {
        separate()
        appendDigits(value)
    }

    /// A time as its ISO 8601 string (`LedgerTime.description`), written without making the string.
    public mutating func time(_ value: LedgerTime) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        value.appendISO8601(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string whose characters `write` appends as they are: the caller guarantees they are
    /// ASCII that needs no escape (digits of a date, say).
    public mutating func asciiString(_ write: (inout [UInt8]) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func appendDigits(_ value: UInt64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    private mutating func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for (index, byte) in text.enumerated() where Self.needsEscape(byte) {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }
}
