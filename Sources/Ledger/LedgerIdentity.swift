import Foundation

/// What names a ledger: its id, created once, and the public half of its signing key. Both go
/// into every checkpoint and export, and the id into the chain's first link.
public struct LedgerIdentity: Sendable, Equatable, Codable {
    public let id: UUID
    public let publicKey: [UInt8]
    public let createdAt: LedgerTime

    /// The "previous hash" of the first event: SHA-256 of `blotter-genesis-v1` and the id's 16 bytes.
    public var genesisHash: Digest32 {
        LedgerIdentity.genesisHash(for: id)
    }

    public static func genesisHash(for id: UUID) -> Digest32 {
        var bytes = Array("blotter-genesis-v1".utf8)
        bytes.append(contentsOf: id.bytes)
        return Digest32.sha256(bytes)
    }
}

extension UUID {
    var bytes: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        var value = UUID().uuid
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        self.init(uuid: value)
    }
}
