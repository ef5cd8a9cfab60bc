/// Bytes used as a dictionary key or sort key: hashes its contents in one pass and orders
/// like LMDB's default comparison (lexicographic, unsigned, shorter prefix first).
public struct ByteString: Hashable, Comparable, Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ buffer: UnsafeRawBufferPointer) {
        self.bytes = [UInt8](buffer)
    }

    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func == (left: ByteString, right: ByteString) -> Bool {
        left.bytes == right.bytes
    }

    public static func < (left: ByteString, right: ByteString) -> Bool {
        ByteString.compare(left.bytes, right.bytes) < 0
    }

    /// memcmp order, then length: LMDB's default key order.
    static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBytes { left in right.withUnsafeBytes { right in compare(left, right) } }
    }

    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let common = min(left.count, right.count)
        if common > 0 {
            let order = memcmp(left.baseAddress!, right.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return left.count - right.count
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
