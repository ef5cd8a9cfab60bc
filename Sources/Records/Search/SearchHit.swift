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
