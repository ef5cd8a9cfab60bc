import Ledger

/// A court's order to destroy an arrest on a rap sheet (PC 851.8 factual innocence, juvenile
/// destruction): the arrest and every entry about it (charges, dispositions, sentences, relief)
/// are removed from the events that recorded them by the ledger's redaction primitive, and from
/// every projection with them; the redaction event keeps the order's citation. What remains is
/// that events were removed, and under which order.
public struct DestructionOrder: Hashable, Sendable {
    public let number: RecordNumber
    public let arrestID: String
    /// The order as the court cites it (court, case number, date); kept in the ledger, so it
    /// must not repeat the data it destroys.
    public let citation: String

    public init(number: RecordNumber, arrestID: String, citation: String) {
        self.number = number
        self.arrestID = arrestID
        self.citation = citation
    }

    static let maximumCitationLength = 200

    /// The reason the redaction event records.
    var reason: String { "PC 851.8 destruction of arrest \(arrestID) of \(number), ordered by \(citation)" }

    /// The events to remove, or why the order cannot be carried out.
    func targets(in transaction: LedgerWriteTransaction) throws -> Result<[UInt64], DestructionRefusal> {
        let trimmed = citation.trimmingSpaces
        if trimmed.isEmpty || citation.count > Self.maximumCitationLength {
            return .failure(DestructionRefusal(.invalidField, field: "order", "cite the order (court, case, date) in 1 to \(Self.maximumCitationLength) characters"))
        }
        if let problem = TextPolicy.problem(with: citation) { return .failure(DestructionRefusal(.invalidField, field: "order", problem)) }
        guard number.kind == .criminalHistory else {
            return .failure(DestructionRefusal(.invalidField, field: "number", "a destruction order names an arrest on a criminal history (a C number), not \(number)"))
        }
        let events = try transaction.streamEvents(number.stream)
        guard !events.isEmpty else { return .failure(DestructionRefusal(.notFound, field: "number", "no record \(number)")) }
        var targets: [UInt64] = []
        var arrestFound = false
        for event in events {
            guard let payload = event.payload, let recordEvent = try RecordEvent(type: event.type, payload: payload) else { continue }
            if case .historyEntryAdded(let id, let entry) = recordEvent, id == arrestID, entry.kind == .arrest { arrestFound = true }
            // The arrest, every entry about it, and every correction of either.
            if recordEvent.arrestConcerned == arrestID { targets.append(event.sequence) }
        }
        guard arrestFound else {
            return .failure(DestructionRefusal(.notFound, field: "arrestID", "\(number) has no arrest \(arrestID) (or it was destroyed already)"))
        }
        return .success(targets)
    }
}

/// Why a destruction order was refused: recorded as a `CommandRejected` event like any refusal.
struct DestructionRefusal: Error {
    let rule: RecordRejection.Rule
    let problem: FieldProblem

    init(_ rule: RecordRejection.Rule, field: String, _ message: String) {
        self.rule = rule
        self.problem = FieldProblem(field: field, message)
    }
}

/// A destruction carried out: the redaction event that records the order, and the events whose
/// payloads it removed.
public struct Destruction: Hashable, Sendable, Codable {
    public let number: RecordNumber
    public let arrestID: String
    public let redactionSequence: UInt64
    public let removedEvents: [UInt64]
}

extension RecordsService {
    /// Carries out a destruction order in one transaction: the payloads go, the projections are
    /// folded again without them, and the redaction event names the order. A refusal is a
    /// `CommandRejected` event, and nothing else is written.
    public func destroy(_ order: DestructionOrder, by actor: EventActor) async throws -> Destruction {
        let outcome = try await writer.submit { transaction -> Result<Destruction, RecordRejection> in
            switch try order.targets(in: transaction) {
            case .success(let targets):
                let event = try transaction.redactPayloads(of: targets, reason: order.reason, actor: actor)
                return .success(Destruction(number: order.number, arrestID: order.arrestID, redactionSequence: event.sequence, removedEvents: targets))
            case .failure(let refusal):
                let record = RejectionRecord(command: "destroy", target: order.number, rule: refusal.rule, problems: [refusal.problem], existingRecord: nil)
                let event = try transaction.append(
                    EventDraft(type: RejectionRecord.eventType, stream: RejectionRecord.stream(agency: actor.agency), payload: record.canonicalJSON()),
                    actor: actor)
                return .failure(RecordRejection(rule: refusal.rule, problems: [refusal.problem], rejectionSequence: event.sequence, existingRecord: nil))
            }
        }
        return try outcome.get()
    }
}
