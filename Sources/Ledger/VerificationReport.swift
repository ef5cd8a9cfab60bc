/// One thing `verify` found wrong.
public struct VerificationFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Component: String, Sendable {
        case chain, merkleTree = "merkle-tree", checkpoint, redaction, indexes, projections
    }

    public let component: Component
    /// The first event the failure concerns, when there is one.
    public let sequence: UInt64?
    public let message: String

    public var description: String {
        if let sequence { return "\(component.rawValue): sequence \(sequence): \(message)" }
        return "\(component.rawValue): \(message)"
    }
}

/// What `verify` checked and what it found.
public struct VerificationReport: Sendable {
    public internal(set) var eventsChecked: UInt64 = 0
    public internal(set) var merkleNodesChecked: UInt64 = 0
    public internal(set) var treeSize: UInt64 = 0
    public internal(set) var rootHash = MerkleHashing.emptyTreeRoot
    public internal(set) var checkpointsChecked = 0
    public internal(set) var latestCheckpoint: Checkpoint?
    public internal(set) var failures: [VerificationFailure] = []
    /// The replay of every projection and index, when asked for.
    public internal(set) var derivedTables: LedgerRebuilder.Report?

    public var isValid: Bool {
        failures.isEmpty && (derivedTables?.isIdentical ?? true)
    }

    /// The lowest sequence any failure names.
    public var firstBadSequence: UInt64? {
        failures.compactMap(\.sequence).min()
    }
}
