import Ledger

/// An agency's administrative messages, received (its inbox) or sent (its outbox), newest
/// first, each with its read receipts: who of the recipients opened it, when.
public struct AgencyMailbox: Hashable, Sendable, Codable {
    public struct Receipt: Hashable, Sendable, Codable {
        public let agency: String
        /// The user who opened it, named only to their own agency: another agency learns
        /// that and when its message was read, not by whom.
        public let userID: String?
        public let at: LedgerTime
        /// The `AgencyMessageRead` event.
        public let sequence: UInt64
    }

    public struct Item: Hashable, Sendable, Codable {
        /// The sequence of the `AgencyMessageSent` event.
        public let id: UInt64
        public let from: String
        public let sender: String
        public let sentAt: LedgerTime
        public let priority: AgencyMessage.Priority
        public let subject: String
        public let to: AgencyMessage.Addressees
        public let recipients: [String]
        /// Reads by users of the recipient agencies (of this agency alone, in an inbox).
        public let reads: [Receipt]
    }

    public let agency: String
    /// The log position the mailbox was read at.
    public let position: UInt64
    public let messages: [Item]

    public static let defaultLimit = 100
    public static let maximumLimit = 1_000

    /// The inbox: messages delivered to `agency`, the newest `limit`.
    static func inbox(of agency: String, limit: Int, in transaction: LedgerReadTransaction) throws -> AgencyMailbox {
        let deliveries = try transaction.streamEvents(AgencyMessageEvents.inbox(agency)).filter { $0.type == AgencyMessageEvents.delivered }
        let items = try deliveries.suffix(limit).reversed().compactMap { delivery -> Item? in
            guard let payload = delivery.payload else { return nil }
            guard let sent = try transaction.event(at: try MessageReference(canonicalJSON: payload).message) else { return nil }
            return try item(sent, in: transaction, viewer: agency) { $0 == agency }
        }
        return AgencyMailbox(agency: agency, position: try transaction.lastSequence(), messages: items)
    }

    /// The outbox: messages `agency` sent, the newest `limit`, with every recipient's reads.
    static func outbox(of agency: String, limit: Int, in transaction: LedgerReadTransaction) throws -> AgencyMailbox {
        let sent = try transaction.streamEvents(AgencyMessageEvents.outbox(agency)).filter { $0.type == AgencyMessageEvents.sent }
        let items = try sent.suffix(limit).reversed().compactMap { event in
            try item(event, in: transaction, viewer: agency) { _ in true }
        }
        return AgencyMailbox(agency: agency, position: try transaction.lastSequence(), messages: items)
    }

    /// The message sent by `event`, with the reads of recipients `counted` admits, as `viewer`
    /// (an agency) may see them; nil when its payload was destroyed by a court's order.
    static func item(
        _ event: RecordedEvent, in transaction: LedgerReadTransaction, viewer: String, counting counted: (String) -> Bool
    ) throws -> Item? {
        guard event.type == AgencyMessageEvents.sent, let payload = event.payload else { return nil }
        let sent = try SentAgencyMessage(canonicalJSON: payload)
        let reads = try transaction.streamEvents(AgencyMessageEvents.message(event.sequence))
            .filter { $0.type == AgencyMessageEvents.read && sent.recipients.contains($0.actor.agency) && counted($0.actor.agency) }
            .map { Receipt(agency: $0.actor.agency, userID: $0.actor.agency == viewer ? $0.actor.userID : nil, at: $0.recordedAt, sequence: $0.sequence) }
        return Item(id: event.sequence, from: event.actor.agency, sender: event.actor.userID, sentAt: event.recordedAt,
                    priority: sent.message.priority, subject: sent.message.subject, to: sent.message.to,
                    recipients: sent.recipients, reads: reads)
    }
}

/// A message opened by a user of a recipient agency: its text, and the read event that recorded
/// the opening.
public struct OpenedAgencyMessage: Hashable, Sendable, Codable {
    public let message: AgencyMailbox.Item
    public let text: String
    public let readSequence: UInt64
}

/// `{"message": id}`: what a delivery and a read name.
struct MessageReference: Hashable, Sendable, CanonicalJSON {
    let message: UInt64

    init(message: UInt64) {
        self.message = message
    }

    init(canonicalJSON reader: inout JSONReader) throws {
        self.init(message: try reader.require(try reader.readSingleMember("message") { try $0.readUInt64() }, "message"))
    }

    func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.singleMember("message") { $0.uint64(message) }
    }
}
