import Foundation
@testable import Ledger
import LMDB

/// Forges a ledger as someone holding its data file and its signing key could: rewrites an
/// event's fields (as raw bytes, so also as no honest writer would), then re-links the chain
/// after it, recomputes the whole Merkle tree and re-signs every checkpoint. Hashes, proofs
/// and signatures then all hold; only the format's own rules can catch the forgery.
public struct Forger {
    public let ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// An event's fields, as bytes.
    public struct Fields {
        public var recordedAt: Int64
        public var streamVersion: UInt32
        public var type: [UInt8]
        public var stream: [UInt8]
        public var userID: [UInt8]
        public var agency: [UInt8]
        public var clientAddress: [UInt8]
        public var idempotencyKey: [UInt8]
        public var salt: [UInt8]?
        /// Nil keeps a redacted event redacted.
        public var payload: [UInt8]?
        public var redactedBy: UInt64?
        /// What a redacted event's header keeps of its removed payload.
        public var payloadDigest: Digest32
        public var payloadLength: UInt32
    }

    public func forge(_ sequence: UInt64, _ change: (inout Fields) -> Void) throws {
        let events = try ledger.environment.openDatabase(named: "ledger.events")
        try ledger.environment.write { transaction in
            guard let stored = try transaction.value(forKey: BigEndianKey.bytes(sequence), in: events) else { return }
            var fields = try stored.withUnsafeBytes { try Self.fields(of: EventRecordView($0)) }
            change(&fields)
            let previous = sequence == 1
                ? ledger.identity.genesisHash
                : try transaction.value(forKey: BigEndianKey.bytes(sequence - 1), in: events)!.withUnsafeBytes { try EventRecordView($0).hash }
            try transaction.put(Self.record(sequence: sequence, previousHash: previous, fields), forKey: BigEndianKey.bytes(sequence), in: events)
        }
        try reseal(after: sequence)
    }

    /// Re-links every event after `sequence` and rebuilds the tree and checkpoints.
    public func reseal(after sequence: UInt64) throws {
        let events = try ledger.environment.openDatabase(named: "ledger.events")
        let nodes = try ledger.environment.openDatabase(named: "ledger.merkle-nodes")
        let checkpoints = try ledger.environment.openDatabase(named: "ledger.checkpoints")
        try ledger.environment.write { transaction in
            var hashes: [Digest32] = []
            var current: UInt64 = 1
            while let stored = try transaction.value(forKey: BigEndianKey.bytes(current), in: events) {
                var fields = try stored.withUnsafeBytes { try Self.fields(of: EventRecordView($0)) }
                if current > sequence {
                    let record = Self.record(sequence: current, previousHash: hashes.last ?? ledger.identity.genesisHash, fields)
                    try transaction.put(record, forKey: BigEndianKey.bytes(current), in: events)
                    fields = try record.withUnsafeBytes { try Self.fields(of: EventRecordView($0)) }
                }
                hashes.append(try transaction.value(forKey: BigEndianKey.bytes(current), in: events)!.withUnsafeBytes { try EventRecordView($0).hash })
                current += 1
            }
            try transaction.removeAll(in: nodes)
            var frontier = MerkleFrontier()
            var roots: [Digest32] = [MerkleHashing.emptyTreeRoot]
            for hash in hashes {
                try frontier.append(leafHash: MerkleHashing.leafHash(eventHash: hash)) { node in
                    var value = ByteWriter()
                    value.append(node.hash)
                    try transaction.put(value.bytes, forKey: LedgerTables.merkleNodeKey(level: node.level, index: node.index), in: nodes)
                }
                roots.append(frontier.root)
            }
            var stored: [Checkpoint] = []
            try transaction.forEach(in: checkpoints) { entry in
                stored.append(try Checkpoint(storedBytes: entry.value))
                return true
            }
            for checkpoint in stored where checkpoint.treeSize <= UInt64(hashes.count) && checkpoint.treeSize > 0 {
                let resigned = try Checkpoint.sign(
                    ledgerID: ledger.identity.id, treeSize: checkpoint.treeSize, rootHash: roots[Int(checkpoint.treeSize)],
                    headHash: hashes[Int(checkpoint.treeSize) - 1], createdAt: checkpoint.createdAt, key: ledger.signingKey!)
                try transaction.put(resigned.storedBytes, forKey: BigEndianKey.bytes(checkpoint.treeSize), in: checkpoints)
            }
        }
    }

    static func fields(of view: EventRecordView) -> Fields {
        Fields(
            recordedAt: view.recordedAt, streamVersion: view.streamVersion, type: [UInt8](view.type), stream: [UInt8](view.stream),
            userID: [UInt8](view.userID), agency: [UInt8](view.agency), clientAddress: [UInt8](view.clientAddress),
            idempotencyKey: [UInt8](view.idempotencyKey), salt: view.salt.map { [UInt8]($0) }, payload: view.payload.map { [UInt8]($0) },
            redactedBy: view.redactedBySequence, payloadDigest: view.payloadDigest, payloadLength: view.payloadLength)
    }

    /// The stored record of `fields`, laid out as Docs/storage-format.md says, with a digest of
    /// its payload and a hash of its header that hold.
    static func record(sequence: UInt64, previousHash: Digest32, _ fields: Fields) -> [UInt8] {
        var header = ByteWriter()
        header.append(UInt8(1))
        header.append(sequence)
        header.append(fields.recordedAt)
        header.append(fields.streamVersion)
        header.append(previousHash)
        if let salt = fields.salt, let payload = fields.payload {
            header.append(salt.withUnsafeBytes { salt in payload.withUnsafeBytes { EventRecord.payloadDigest(salt: salt, payload: $0) } })
            header.append(UInt32(payload.count))
        } else {
            header.append(fields.payloadDigest)
            header.append(fields.payloadLength)
        }
        for text in [fields.type, fields.stream, fields.userID, fields.agency, fields.clientAddress, fields.idempotencyKey] {
            header.append(UInt16(text.count))
            header.append(bytes: text)
        }
        var record = ByteWriter()
        record.append(bytes: header.bytes)
        record.append(Digest32.sha256(header.bytes))
        if let salt = fields.salt, let payload = fields.payload {
            record.append(UInt8(0))
            record.append(bytes: salt)
            record.append(bytes: payload)
        } else {
            record.append(UInt8(1))
            record.append(fields.redactedBy ?? 0)
        }
        return record.bytes
    }
}
