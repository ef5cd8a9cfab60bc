import Ledger

/// One record in an answer, with its status at the moment the answer was computed.
public struct SearchHit: Hashable, Sendable, Codable {
    public let record: RecordState
    public let status: RecordStatus
    /// How well a name search matched (higher is better); nil for exact-key searches.
    public let score: Int?

    public var number: RecordNumber { record.number }

    public init(record: RecordState, status: RecordStatus, score: Int?) {
        self.record = record
        self.status = status
        self.score = score
    }
}

/// An answer, released only after its access event is durable.
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
