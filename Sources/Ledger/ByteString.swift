#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes used as a dictionary or sort key, compared byte for byte (never as Unicode text) and
/// ordered like LMDB's default comparison: lexicographic, unsigned, a prefix before its
/// extensions.
///
/// Keys of up to 24 bytes (nearly all stream names and projection keys) are held inline as
/// three big-endian words, so hashing and comparing them chases no pointer: rebuild looks up
/// a million of them.
public struct ByteString: Hashable, Comparable, Sendable {
    static let inlineCapacity = 24

    private enum Storage: Hashable, Sendable {
        /// Bytes packed big-endian into the words, zero-padded; `count` ≤ 24.
        case inline(UInt64, UInt64, UInt64, count: UInt8)
        case heap([UInt8])
    }

    private let storage: Storage

    public init(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count <= ByteString.inlineCapacity else {
            storage = .heap([UInt8](buffer))
            return
        }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { destination in
            if buffer.count > 0 { destination.copyMemory(from: buffer) }
        }
        storage = .inline(
            UInt64(bigEndian: words.0), UInt64(bigEndian: words.1), UInt64(bigEndian: words.2),
            count: UInt8(buffer.count))
    }

    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ByteString($0) }
    }

    public var count: Int {
        switch storage {
        case .inline(_, _, _, let count): return Int(count)
        case .heap(let bytes): return bytes.count
        }
    }

    /// Calls `body` with the bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch storage {
        case .inline(let first, let second, let third, let count):
            let words = (first.bigEndian, second.bigEndian, third.bigEndian)
            return try Swift.withUnsafeBytes(of: words) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<Int(count)])) }
        case .heap(let bytes):
            return try bytes.withUnsafeBytes(body)
        }
    }

    /// The first eight bytes as a big-endian integer, zero-padded: ordered like the bytes
    /// themselves wherever it differs.
    public var leadingWord: UInt64 {
        switch storage {
        case .inline(let first, _, _, _): return first
        case .heap(let bytes):
            var word: UInt64 = 0
            for index in 0..<8 { word = word << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return word
        }
    }

    /// Bytes 8 to 15 as a big-endian integer, zero-padded: with `leadingWord`, orders nearly
    /// every pair of keys that share a type prefix without touching their bytes again.
    public var secondWord: UInt64 {
        switch storage {
        case .inline(_, let second, _, _): return second
        case .heap(let bytes):
            var word: UInt64 = 0
            for index in 8..<16 { word = word << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return word
        }
    }

    public var bytes: [UInt8] {
        withUnsafeBytes { [UInt8]($0) }
    }

    /// Hashes whole words, or the heap bytes in one call: the synthesized hash fed a long key
    /// to the hasher one byte at a time, which was a tenth of a records ledger's rebuild.
    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .inline(let first, let second, let third, let count):
            hasher.combine(first)
            hasher.combine(second)
            hasher.combine(third)
            hasher.combine(count)
        case .heap(let bytes):
            hasher.combine(bytes.count)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// A 64-bit hash of the bytes for `ByteStringNumbering`: the words multiplied and folded
    /// together (each bit of the key reaching the low bits a table indexes by), then the
    /// finalizer of MurmurHash3.
    func mixedHash(seed: UInt64) -> UInt64 {
        func fold(_ hash: UInt64, _ word: UInt64) -> UInt64 {
            let product = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            return product ^ (product >> 29)
        }
        var hash: UInt64
        switch storage {
        case .inline(let first, let second, let third, let count):
            hash = fold(fold(fold(seed ^ UInt64(count), first), second), third)
        case .heap(let bytes):
            hash = seed ^ UInt64(bytes.count)
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset + 8 <= buffer.count {
                    hash = fold(hash, buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    offset += 8
                }
                if offset < buffer.count {
                    var tail: UInt64 = 0
                    withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
                    hash = fold(hash, tail)
                }
            }
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
    }

    public static func == (left: ByteString, right: ByteString) -> Bool {
        left.storage == right.storage
    }

    public static func < (left: ByteString, right: ByteString) -> Bool {
        if case .inline(let a0, let a1, let a2, let aCount) = left.storage,
           case .inline(let b0, let b1, let b2, let bCount) = right.storage {
            // Zero padding sorts below every byte, so equal padded words leave the shorter first.
            return (a0, a1, a2, aCount) < (b0, b1, b2, bCount)
        }
        return left.withUnsafeBytes { left in right.withUnsafeBytes { right in compare(left, right) < 0 } }
    }

    /// memcmp order, then length: LMDB's default key order.
    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let common = min(left.count, right.count)
        if common > 0 {
            let order = memcmp(left.baseAddress!, right.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return left.count - right.count
    }
}
