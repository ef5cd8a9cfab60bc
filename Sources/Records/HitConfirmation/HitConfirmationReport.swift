import Ledger

/// An agency's requests to confirm hits: those it must answer (on its own records) and those it
/// sent, each with its deadline and standing; and which of them were late, measured against the
/// times of the events themselves (an answer against its request's deadline; an open request
/// against the moment of the report).
public struct HitConfirmationReport: Hashable, Sendable, Codable {
    public struct Item: Hashable, Sendable, Codable {
        public let number: RecordNumber
        public let request: UInt64
        public let owner: String
        public let requester: String
        public let priority: HitConfirmationRequest.Priority
        public let requestedAt: LedgerTime
        /// 1, 2 after a second request; `escalated` once sent on to the control terminal.
        public let requests: Int
        public let escalated: Bool
        public let standing: RecordState.HitConfirmation.Standing
        public let deadline: LedgerTime
        public let answeredAt: LedgerTime?
        /// Past its deadline without its final answer, at the report's moment.
        public let overdue: Bool
        /// How many seconds after the first deadline the first answer came; nil if in time.
        public let answeredLateBySeconds: Int64?
    }

    public let agency: String
    public let asOf: LedgerTime
    /// Requests on the agency's records, oldest first.
    public let incoming: [Item]
    /// Requests the agency sent, oldest first.
    public let outgoing: [Item]

    /// `overdueOnly` keeps the requests open past their deadline or answered late.
    static func make(for agency: String, in reader: any ProjectionReader, at now: LedgerTime, overdueOnly: Bool) throws -> HitConfirmationReport {
        func items(_ type: IndexKeyType, where include: (RecordState.HitConfirmation, RecordState) -> Bool) throws -> [Item] {
            let prefix = IndexKey(type: type, value: agency).prefix
            var found: [Item] = []
            try reader.forEach(in: RecordsProjection.keys, keyPrefix: prefix) { key, _ in
                guard let number = RecordNumber(String(decoding: key.dropFirst(prefix.count), as: UTF8.self)),
                      let state = try RecordsProjection.state(of: number, in: reader)
                else { return true }
                for confirmation in state.hitConfirmations ?? [] where include(confirmation, state) {
                    let item = Item(confirmation, on: state, at: now)
                    if !overdueOnly || item.overdue || item.answeredLateBySeconds != nil { found.append(item) }
                }
                return true
            }
            return found.sorted { ($0.requestedAt, $0.request) < ($1.requestedAt, $1.request) }
        }
        return HitConfirmationReport(
            agency: agency, asOf: now,
            incoming: try items(.hitOwner) { _, state in state.owner == agency },
            outgoing: try items(.hitRequester) { confirmation, _ in confirmation.requester == agency })
    }
}

extension HitConfirmationReport.Item {
    init(_ confirmation: RecordState.HitConfirmation, on state: RecordState, at now: LedgerTime) {
        self.init(
            number: state.number, request: confirmation.id, owner: state.owner, requester: confirmation.requester,
            priority: confirmation.details.priority, requestedAt: confirmation.requested.at,
            requests: 1 + confirmation.requestedAgain.count, escalated: confirmation.escalated != nil,
            standing: confirmation.standing, deadline: confirmation.deadline,
            answeredAt: confirmation.answers.last { $0.details.answer != .pending }?.by.at,
            overdue: confirmation.isOverdue(at: now), answeredLateBySeconds: confirmation.lateness)
    }
}
