import Foundation

/// Proof that one event is in the log at a given tree size: everything a court needs to check
/// it offline with SHA-256 alone (RFC 9162 section 2.1.3).
public struct InclusionProof: Sendable, Equatable {
    public let ledgerID: UUID
    public let sequence: UInt64
    public let treeSize: UInt64
    public let eventHash: Digest32
    /// The audit path, from the leaf upwards.
    public let path: [Digest32]
    public let rootHash: Digest32

    /// The event is leaf `sequence - 1`.
    public var leafIndex: UInt64 { sequence - 1 }

    public func verify() -> Bool {
        MerkleProofVerifier.verifyInclusion(
            leafHash: MerkleHashing.leafHash(eventHash: eventHash), leafIndex: leafIndex,
            treeSize: treeSize, path: path, root: rootHash)
    }
}

/// Proof that the log at `oldSize` is a prefix of the log at `newSize` (RFC 9162 section 2.1.4):
/// nothing recorded before was changed or removed.
public struct ConsistencyProof: Sendable, Equatable {
    public let ledgerID: UUID
    public let oldSize: UInt64
    public let newSize: UInt64
    public let oldRoot: Digest32
    public let newRoot: Digest32
    public let path: [Digest32]

    public func verify() -> Bool {
        MerkleProofVerifier.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path)
    }
}

/// JSON as the synthesized form, with the ledger id as a lower-case UUID.
extension InclusionProof: Codable {
    private enum CodingKeys: String, CodingKey { case ledgerID, sequence, treeSize, eventHash, path, rootHash }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ledgerID: try LedgerJSON.decodeID(container, .ledgerID), sequence: try container.decode(UInt64.self, forKey: .sequence),
            treeSize: try container.decode(UInt64.self, forKey: .treeSize), eventHash: try container.decode(Digest32.self, forKey: .eventHash),
            path: try container.decode([Digest32].self, forKey: .path), rootHash: try container.decode(Digest32.self, forKey: .rootHash))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ledgerID.uuidString.lowercased(), forKey: .ledgerID)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(treeSize, forKey: .treeSize)
        try container.encode(eventHash, forKey: .eventHash)
        try container.encode(path, forKey: .path)
        try container.encode(rootHash, forKey: .rootHash)
    }
}

extension ConsistencyProof: Codable {
    private enum CodingKeys: String, CodingKey { case ledgerID, oldSize, newSize, oldRoot, newRoot, path }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ledgerID: try LedgerJSON.decodeID(container, .ledgerID), oldSize: try container.decode(UInt64.self, forKey: .oldSize),
            newSize: try container.decode(UInt64.self, forKey: .newSize), oldRoot: try container.decode(Digest32.self, forKey: .oldRoot),
            newRoot: try container.decode(Digest32.self, forKey: .newRoot), path: try container.decode([Digest32].self, forKey: .path))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ledgerID.uuidString.lowercased(), forKey: .ledgerID)
        try container.encode(oldSize, forKey: .oldSize)
        try container.encode(newSize, forKey: .newSize)
        try container.encode(oldRoot, forKey: .oldRoot)
        try container.encode(newRoot, forKey: .newRoot)
        try container.encode(path, forKey: .path)
    }
}
