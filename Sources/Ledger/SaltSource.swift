#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random salts for payload digests, drawn from the C library's `arc4random_buf` (seeded by the kernel)
/// in one call per batch. A salt keeps a destroyed payload's digest from confirming guesses about it
/// (a name and a date of birth are easy to guess).
enum SaltSource {
    static func salts(count: Int) -> [UInt8] {
        let byteCount = count * EventRecord.saltByteCount
        var bytes = [UInt8](repeating: 0, count: byteCount)
        bytes.withUnsafeMutableBytes { buffer in
            arc4random_buf(buffer.baseAddress!, byteCount)
        }
        return bytes
    }
}
