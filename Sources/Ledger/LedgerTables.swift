import LMDB

/// The engine's own tables (see Docs/storage-format.md for each one's keys and values).
struct LedgerTables: Sendable {
    /// sequence (u64 BE) → event record; written with `MDB_APPEND`.
    let events: Database
    /// stream UTF-8, 0x00, version (u32 BE) → sequence (u64 BE).
    let streamIndex: Database
    /// creation position (u64 BE) → root of a complete Merkle subtree of level ≥ 1; written
    /// with `MDB_APPEND`, since subtrees complete in position order (see `merkleNodeKey`).
    let merkleNodes: Database
    /// idempotency key UTF-8 → first sequence (u64 BE), event count (u32 BE).
    let idempotency: Database
    /// tree size (u64 BE) → signed checkpoint.
    let checkpoints: Database
    /// name → value: ledger identity, public key, format, projection versions.
    let meta: Database

    init(environment: Environment) throws {
        events = try environment.openDatabase(named: "ledger.events")
        streamIndex = try environment.openDatabase(named: "ledger.stream-index")
        merkleNodes = try environment.openDatabase(named: "ledger.merkle-nodes")
        idempotency = try environment.openDatabase(named: "ledger.idempotency")
        checkpoints = try environment.openDatabase(named: "ledger.checkpoints")
        meta = try environment.openDatabase(named: "ledger.meta")
    }

    static func streamIndexKey(stream: String, version: UInt32) -> [UInt8] {
        var key = [UInt8]()
        key.reserveCapacity(stream.utf8.count + 5)
        key.append(contentsOf: stream.utf8)
        key.append(0)
        withUnsafeBytes(of: version.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    static func streamIndexPrefix(stream: String) -> [UInt8] {
        var key = Array(stream.utf8)
        key.append(0)
        return key
    }

    /// The position of interior node (level, index) in the order appends complete them: the
    /// node completes when the tree reaches m = (index + 1) · 2^level leaves, after the
    /// (m − 1) − popcount(m − 1) nodes completed by smaller trees and the level − 1 nodes below
    /// it completed by the same append.
    static func merkleNodePosition(level: Int, index: UInt64) -> UInt64 {
        precondition(level >= 1 && level < 64)
        let size = (index + 1) << UInt64(level)
        return (size - 1) - UInt64((size - 1).nonzeroBitCount) + UInt64(level - 1)
    }

    static func merkleNodeKey(level: Int, index: UInt64) -> [UInt8] {
        BigEndianKey.bytes(merkleNodePosition(level: level, index: index))
    }
}
