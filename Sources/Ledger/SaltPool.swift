#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random salts for payload digests. A salt keeps a destroyed payload's digest from confirming
/// guesses about it (a name and a date of birth are easy to guess). Drawn from the C library's
/// `arc4random_buf` (the kernel's generator) 256 salts at a time, since each call is a system call.
struct SaltPool {
    private static let saltsPerRefill = 256
    private var bytes: [UInt8] = []
    private var offset = 0

    mutating func next() -> [UInt8] {
        if offset == bytes.count {
            bytes = [UInt8](repeating: 0, count: SaltPool.saltsPerRefill * EventRecord.saltByteCount)
            bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            offset = 0
        }
        defer { offset += EventRecord.saltByteCount }
        return Array(bytes[offset..<offset + EventRecord.saltByteCount])
    }
}
