/// The end of the log: its last event and the Merkle frontier over all events.
public struct LedgerHead: Sendable, Equatable {
    /// The last event's sequence; 0 for an empty log.
    public let sequence: UInt64
    /// The last event's hash; the genesis hash for an empty log.
    public let hash: Digest32
    /// The last event's time; the epoch for an empty log.
    public let recordedAt: LedgerTime
    public let frontier: MerkleFrontier

    public var treeSize: UInt64 { frontier.size }
    public var rootHash: Digest32 { frontier.root }

    init(sequence: UInt64, hash: Digest32, recordedAt: LedgerTime, frontier: MerkleFrontier) {
        precondition(frontier.size == sequence, "the Merkle tree has one leaf per event")
        self.sequence = sequence
        self.hash = hash
        self.recordedAt = recordedAt
        self.frontier = frontier
    }
}
