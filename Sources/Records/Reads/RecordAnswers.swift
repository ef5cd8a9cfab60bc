import Ledger

/// An answer to a search, released only after its access event is durable.
public struct SearchAnswer: Hashable, Sendable, Codable {
    /// The log position the answer was read at.
    public let position: UInt64
    /// The moment statuses were judged at.
    public let asOf: LedgerTime
    /// The access event recording who asked, why, and what they were shown.
    public let accessSequence: UInt64
    public let hits: [SearchHit]

    public init(position: UInt64, asOf: LedgerTime, accessSequence: UInt64, hits: [SearchHit]) {
        self.position = position
        self.asOf = asOf
        self.accessSequence = accessSequence
        self.hits = hits
    }
}

/// A record read by number (now or as of a moment); `hit` is nil when the record did not exist
/// then. The read is recorded either way.
public struct RecordAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let asOf: LedgerTime
    public let accessSequence: UInt64
    public let hit: SearchHit?
}

/// A record's history: every event with the record as it left it.
public struct HistoryAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let accessSequence: UInt64
    public let number: RecordNumber
    public let steps: [RecordHistory.Step]
}

/// A record's access log: every read that showed it.
public struct AccessesAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let accessSequence: UInt64
    public let number: RecordNumber
    public let accesses: [RecordHistory.Access]
}

/// A past answer computed again from the log at the position it was read.
public struct Rederivation: Hashable, Sendable, Codable {
    public let accessSequence: UInt64
    public let read: RecordRead
    public let position: UInt64
    /// The records and versions the access event says were shown, and those computed now.
    public let recorded: [ReturnedRecord]
    public let rederived: [ReturnedRecord]
    /// The answer's digest as recorded (absent on access events older than digests) and as computed now.
    public let recordedDigest: Digest32?
    public let rederivedDigest: Digest32

    /// The same records and versions, and, where a digest was kept, the very same answer.
    public var matches: Bool {
        recorded == rederived && (recordedDigest == nil || recordedDigest == rederivedDigest)
    }
}
