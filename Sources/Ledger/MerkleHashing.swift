import Crypto

/// RFC 9162 section 2.1.1 hashing: leaves and interior nodes are domain-separated.
public enum MerkleHashing {
    /// The root of the empty tree: SHA-256 of nothing.
    public static let emptyTreeRoot = Digest32.sha256([])

    /// `SHA-256(0x00 || leaf)`.
    public static func leafHash(_ leaf: UnsafeRawBufferPointer) -> Digest32 {
        var hasher = SHA256Hasher()
        hasher.update(byte: 0x00)
        hasher.update(leaf)
        return hasher.finalize()
    }

    public static func leafHash(_ leaf: [UInt8]) -> Digest32 {
        leaf.withUnsafeBytes { leafHash($0) }
    }

    /// The ledger's leaves are event hashes.
    public static func leafHash(eventHash: Digest32) -> Digest32 {
        withUnsafeTemporaryAllocation(byteCount: 33, alignment: 8) { buffer in
            buffer[0] = 0x00
            eventHash.store(into: buffer, offset: 1)
            return Digest32.sha256(UnsafeRawBufferPointer(buffer))
        }
    }

    /// `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Digest32, _ right: Digest32) -> Digest32 {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.store(into: buffer, offset: 1)
            right.store(into: buffer, offset: 33)
            return Digest32.sha256(UnsafeRawBufferPointer(buffer))
        }
    }
}
