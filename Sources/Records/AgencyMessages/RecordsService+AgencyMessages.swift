import Ledger

/// Administrative messages between agencies: sent to the agencies the service resolved the
/// addressing to, delivered to each inbox in the same commit, opened only by users of a
/// recipient (or the sending) agency, every opening recorded as the read receipt.
extension RecordsService {
    /// What a send came to: the message's id and the agencies it reached.
    public struct SentMessage: Hashable, Sendable, Codable {
        public let id: UInt64
        public let recipients: [String]
    }

    /// Sends `message` to `recipients` (the agencies its addressing resolved to). A message that
    /// breaks a rule is refused and the refusal recorded; nothing else is written.
    public func send(_ message: AgencyMessage, to recipients: [String], by actor: EventActor) async throws -> SentMessage {
        let recipients = Array(Set(recipients)).sorted()
        let problems = AgencyMessageRules.problems(message, recipients: recipients)
        guard problems.isEmpty else { throw try await refuseAgencyMessage(problems, by: actor) }
        let payload = SentAgencyMessage(message: message, recipients: recipients).canonicalJSON()
        return try await writer.submit { transaction in
            let sent = try transaction.append(
                EventDraft(type: AgencyMessageEvents.sent, stream: AgencyMessageEvents.outbox(actor.agency), payload: payload), actor: actor)
            let reference = MessageReference(message: sent.sequence).canonicalJSON()
            try transaction.append(recipients.map {
                EventDraft(type: AgencyMessageEvents.delivered, stream: AgencyMessageEvents.inbox($0), payload: reference)
            }, actor: actor)
            return SentMessage(id: sent.sequence, recipients: recipients)
        }
    }

    /// Records a refused message (command `sendAgencyMessage`) and returns the rejection.
    public func refuseAgencyMessage(_ problems: [FieldProblem], by actor: EventActor) async throws -> RecordRejection {
        try await reject(.invalidField, target: nil, problems: problems, by: actor, command: "sendAgencyMessage")
    }

    /// Opens message `id` for a user of a recipient or the sending agency, recording the read
    /// before the text is returned; anyone else is refused, and that is recorded too.
    public func openAgencyMessage(_ id: UInt64, by actor: EventActor) async throws -> OpenedAgencyMessage {
        let opened = try await writer.submit { transaction -> Result<OpenedAgencyMessage, AgencyMessageRefusal> in
            guard let event = try transaction.event(at: id), event.type == AgencyMessageEvents.sent, let payload = event.payload else {
                return .failure(AgencyMessageRefusal(rule: .notFound, "no administrative message \(id)"))
            }
            let sent = try SentAgencyMessage(canonicalJSON: payload)
            guard sent.recipients.contains(actor.agency) || event.actor.agency == actor.agency else {
                return .failure(AgencyMessageRefusal(rule: .notRecipient, "\(actor.agency) is not an addressee of message \(id)"))
            }
            let read = try transaction.append(
                EventDraft(type: AgencyMessageEvents.read, stream: AgencyMessageEvents.message(id), payload: MessageReference(message: id).canonicalJSON()),
                actor: actor)
            guard let item = try AgencyMailbox.item(event, in: transaction, viewer: actor.agency, counting: { _ in true }) else {
                preconditionFailure("a sent message read back is an item")
            }
            return .success(OpenedAgencyMessage(message: item, text: sent.message.text, readSequence: read.sequence))
        }
        switch opened {
        case .success(let message): return message
        case .failure(let refusal):
            throw try await reject(refusal.rule, target: nil, problems: [FieldProblem(field: "message", refusal.reason)], by: actor, command: "readAgencyMessage")
        }
    }

    public func inbox(of agency: String, limit: Int = AgencyMailbox.defaultLimit) throws -> AgencyMailbox {
        try ledger.read { try AgencyMailbox.inbox(of: agency, limit: limit, in: $0) }
    }

    public func outbox(of agency: String, limit: Int = AgencyMailbox.defaultLimit) throws -> AgencyMailbox {
        try ledger.read { try AgencyMailbox.outbox(of: agency, limit: limit, in: $0) }
    }
}

/// Why a message could not be opened, decided in the writer and recorded after it.
struct AgencyMessageRefusal: Error {
    let rule: RecordRejection.Rule
    let reason: String

    init(rule: RecordRejection.Rule, _ reason: String) {
        self.rule = rule
        self.reason = reason
    }
}

/// What a message must be: a subject and a text within their lengths and the text policy, and
/// between one and `maximumRecipients` well-formed agencies.
enum AgencyMessageRules {
    static func problems(_ message: AgencyMessage, recipients: [String]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if message.subject.trimmingSpaces.isEmpty || message.subject.count > AgencyMessage.maximumSubjectLength {
            problems.append(FieldProblem(field: "subject", "1 to \(AgencyMessage.maximumSubjectLength) characters"))
        }
        if message.text.trimmingSpaces.isEmpty || message.text.count > AgencyMessage.maximumTextLength {
            problems.append(FieldProblem(field: "text", "1 to \(AgencyMessage.maximumTextLength) characters"))
        }
        if let problem = TextPolicy.problem(with: message.subject) { problems.append(FieldProblem(field: "subject", problem)) }
        // A message is lines of text: each line is held to the policy, the line breaks allowed.
        for (number, line) in message.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let problem = TextPolicy.problem(with: String(line)) {
                problems.append(FieldProblem(field: "text", "line \(number + 1) \(problem)"))
                break
            }
        }
        if recipients.isEmpty { problems.append(FieldProblem(field: "to", "reaches no registered agency")) }
        if recipients.count > AgencyMessage.maximumRecipients {
            problems.append(FieldProblem(field: "to", "reaches \(recipients.count) agencies; a message reaches at most \(AgencyMessage.maximumRecipients)"))
        }
        for recipient in recipients {
            if let problem = AgencyIdentifier.problem(with: recipient) { problems.append(FieldProblem(field: "to", problem)) }
        }
        return problems
    }
}
