import Crypto
import Foundation

/// A signed statement of the log's state: "this ledger held `treeSize` events, whose Merkle
/// root is `rootHash` and whose last event hash is `headHash`".
///
/// The signed message is the ASCII line `blotter-checkpoint-v1\n` followed by ledger id (16),
/// tree size (u64 BE), root hash (32), head hash (32), creation time (i64 BE µs) and public
/// key (32); the stored form is that message followed by the 64-byte Ed25519 signature.
public struct Checkpoint: Sendable, Equatable {
    public let ledgerID: UUID
    public let treeSize: UInt64
    public let rootHash: Digest32
    public let headHash: Digest32
    public let createdAt: LedgerTime
    public let publicKey: [UInt8]
    public let signature: [UInt8]

    static let magic = Array("blotter-checkpoint-v1\n".utf8)
    static let messageSize = magic.count + 16 + 8 + 32 + 32 + 8 + 32

    static func message(
        ledgerID: UUID, treeSize: UInt64, rootHash: Digest32, headHash: Digest32,
        createdAt: LedgerTime, publicKey: [UInt8]
    ) -> [UInt8] {
        var writer = ByteWriter(capacity: messageSize)
        writer.append(bytes: magic)
        writer.append(bytes: ledgerID.bytes)
        writer.append(treeSize)
        writer.append(rootHash)
        writer.append(headHash)
        writer.append(createdAt.microsecondsSinceEpoch)
        writer.append(bytes: publicKey)
        assert(writer.bytes.count == messageSize)
        return writer.bytes
    }

    static func sign(
        ledgerID: UUID, treeSize: UInt64, rootHash: Digest32, headHash: Digest32,
        createdAt: LedgerTime, key: Curve25519.Signing.PrivateKey
    ) throws -> Checkpoint {
        let publicKey = [UInt8](key.publicKey.rawRepresentation)
        let message = Checkpoint.message(
            ledgerID: ledgerID, treeSize: treeSize, rootHash: rootHash, headHash: headHash,
            createdAt: createdAt, publicKey: publicKey)
        let signature = try key.signature(for: message)
        return Checkpoint(
            ledgerID: ledgerID, treeSize: treeSize, rootHash: rootHash, headHash: headHash,
            createdAt: createdAt, publicKey: publicKey, signature: [UInt8](signature))
    }

    public var signedMessage: [UInt8] {
        Checkpoint.message(
            ledgerID: ledgerID, treeSize: treeSize, rootHash: rootHash, headHash: headHash,
            createdAt: createdAt, publicKey: publicKey)
    }

    /// Whether the signature is valid for the checkpoint's own public key.
    public var hasValidSignature: Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: signedMessage)
    }

    var storedBytes: [UInt8] { signedMessage + signature }

    init(
        ledgerID: UUID, treeSize: UInt64, rootHash: Digest32, headHash: Digest32,
        createdAt: LedgerTime, publicKey: [UInt8], signature: [UInt8]
    ) {
        self.ledgerID = ledgerID
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.headHash = headHash
        self.createdAt = createdAt
        self.publicKey = publicKey
        self.signature = signature
    }

    init(storedBytes bytes: UnsafeRawBufferPointer) throws {
        do {
            var reader = ByteReader(bytes)
            let magic = try reader.readSlice(count: Checkpoint.magic.count, "magic")
            guard magic.elementsEqual(Checkpoint.magic) else {
                throw ByteReader.Malformed(offset: 0, reason: "not a checkpoint")
            }
            guard let id = UUID(bytes: [UInt8](try reader.readSlice(count: 16, "ledger id"))) else {
                preconditionFailure("16 bytes always make a UUID")
            }
            ledgerID = id
            treeSize = try reader.readUInt64("tree size")
            rootHash = try reader.readDigest("root hash")
            headHash = try reader.readDigest("head hash")
            createdAt = LedgerTime(microsecondsSinceEpoch: try reader.readInt64("created at"))
            publicKey = [UInt8](try reader.readSlice(count: 32, "public key"))
            signature = [UInt8](try reader.readSlice(count: 64, "signature"))
            try reader.expectEnd("the checkpoint")
        } catch let error as ByteReader.Malformed {
            throw LedgerError.corrupted(sequence: 0, reason: "malformed checkpoint: \(error)")
        }
    }
}

/// JSON: the ledger id as a lower-case UUID, the public key and signature as lower-case hex.
extension Checkpoint: Codable {
    private enum CodingKeys: String, CodingKey { case ledgerID, treeSize, rootHash, headHash, createdAt, publicKey, signature }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ledgerID: try LedgerJSON.decodeID(container, .ledgerID), treeSize: try container.decode(UInt64.self, forKey: .treeSize),
            rootHash: try container.decode(Digest32.self, forKey: .rootHash), headHash: try container.decode(Digest32.self, forKey: .headHash),
            createdAt: try container.decode(LedgerTime.self, forKey: .createdAt),
            publicKey: try LedgerJSON.decodeHex(container, .publicKey, count: 32), signature: try LedgerJSON.decodeHex(container, .signature, count: 64))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ledgerID.uuidString.lowercased(), forKey: .ledgerID)
        try container.encode(treeSize, forKey: .treeSize)
        try container.encode(rootHash, forKey: .rootHash)
        try container.encode(headHash, forKey: .headHash)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(LedgerJSON.hex(publicKey), forKey: .publicKey)
        try container.encode(LedgerJSON.hex(signature), forKey: .signature)
    }
}

/// The JSON forms shared by checkpoints and proofs.
enum LedgerJSON {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    static func decodeHex<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key, count: Int) throws -> [UInt8] {
        let text = try container.decode(String.self, forKey: key)
        let digits = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count, let value = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) {
            bytes.append(value)
            index += 2
        }
        guard bytes.count == count, digits.count == count * 2 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "expected \(count * 2) hexadecimal digits")
        }
        return bytes
    }

    static func decodeID<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> UUID {
        let text = try container.decode(String.self, forKey: key)
        guard let id = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(text) is not a UUID")
        }
        return id
    }
}
