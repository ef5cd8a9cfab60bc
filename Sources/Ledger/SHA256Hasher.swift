import Crypto

/// Incremental SHA-256 over buffers, producing a `Digest32`.
struct SHA256Hasher {
    private var hasher = SHA256()

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    mutating func update(_ digest: Digest32) {
        withUnsafeTemporaryAllocation(byteCount: Digest32.byteCount, alignment: 8) { buffer in
            digest.store(into: buffer)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
    }

    mutating func update(byte: UInt8) {
        withUnsafeBytes(of: byte) { hasher.update(bufferPointer: $0) }
    }

    consuming func finalize() -> Digest32 {
        Digest32(hasher.finalize())
    }
}
