import Crypto

/// A 32-byte SHA-256 value held inline (no heap allocation), as event hashes, payload digests
/// and Merkle nodes are handled by the million.
public struct Digest32: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let byteCount = 32
    public static let zero = Digest32(words: (0, 0, 0, 0))

    // Stored as four big-endian words so that comparing words compares bytes.
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Reads 32 bytes at `offset` of `buffer`.
    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        precondition(offset >= 0 && offset + Digest32.byteCount <= buffer.count, "digest outside buffer")
        words = (
            UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
            UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
            UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
            UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
    }

    public init(_ digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { Digest32($0) }
    }

    /// Parses 64 hexadecimal characters; nil for anything else.
    public init?(hex: String) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 64 else { return nil }
        var value = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = Digest32.nibble(bytes[2 * index]), let low = Digest32.nibble(bytes[2 * index + 1]) else {
                return nil
            }
            value[index] = high << 4 | low
        }
        self = value.withUnsafeBytes { Digest32($0) }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    public static func == (left: Digest32, right: Digest32) -> Bool {
        left.words == right.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    public static func < (left: Digest32, right: Digest32) -> Bool {
        (left.words.0, left.words.1, left.words.2, left.words.3)
            < (right.words.0, right.words.1, right.words.2, right.words.3)
    }

    /// Writes the 32 bytes at `offset` of `buffer`.
    public func store(into buffer: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        precondition(offset >= 0 && offset + Digest32.byteCount <= buffer.count, "digest outside buffer")
        buffer.storeBytes(of: words.0.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer.storeBytes(of: words.1.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
        buffer.storeBytes(of: words.2.bigEndian, toByteOffset: offset + 16, as: UInt64.self)
        buffer.storeBytes(of: words.3.bigEndian, toByteOffset: offset + 24, as: UInt64.self)
    }

    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            store(into: UnsafeMutableRawBufferPointer(buffer))
            count = 32
        }
    }

    public var hex: String { TextEncoding.hex(bytes) }

    public var description: String { hex }

    /// SHA-256 of `buffer`.
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> Digest32 {
        var hasher = SHA256()
        hasher.update(bufferPointer: buffer)
        return Digest32(hasher.finalize())
    }

    public static func sha256(_ bytes: [UInt8]) -> Digest32 {
        bytes.withUnsafeBytes { sha256($0) }
    }
}

extension Digest32: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = Digest32(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected 64 hexadecimal characters, found \(text.count) characters")
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
