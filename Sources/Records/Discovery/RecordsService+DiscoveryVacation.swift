import Ledger

/// A court vacating a discovery order: decided in the writer, so two clerks vacating one order
/// at once cannot both succeed, and an export racing the vacation is judged there too.
extension RecordsService {
    /// Records that the court vacated order `id` (the acting user is a clerk of the court that
    /// entered it): its recipient exports nothing under it from then on. Refused and recorded,
    /// each refusal naming the order, in this order: no such order, another court's order (no
    /// clerk sets aside what another court ordered), an order vacated already, a blank or
    /// malformed reason.
    public func vacateDiscoveryOrder(id: String, reason: String, by actor: EventActor) async throws -> EnteredDiscoveryOrder {
        let payload = DiscoveryOrderVacation.payload(reason: reason)
        let outcome = try await writer.submit { transaction -> Result<UInt64, VacationRefusal> in
            guard let entered = try Self.discoveryOrder(id: id, through: .max, in: transaction) else { return .failure(.noOrder) }
            guard entered.court == actor.agency else { return .failure(.otherCourt(entered.court)) }
            if let vacation = entered.vacation { return .failure(.vacatedAlready(vacation)) }
            let problems = DiscoveryOrderVacation.problems(reason: reason, order: id)
            guard problems.isEmpty else { return .failure(.invalid(problems)) }
            let stream = DiscoveryOrder.stream(id: id)
            let version = try transaction.streamVersion(stream)
            return .success(try transaction.append(
                EventDraft(type: DiscoveryOrderVacation.eventType, stream: stream, payload: payload, expectedVersion: .exactly(version)),
                actor: actor
            ).sequence)
        }
        let command = "vacateDiscoveryOrder"
        switch outcome {
        case .success(let sequence):
            guard let entered = try discoveryOrder(id: id), entered.vacation != nil else {
                throw LedgerError.corrupted(sequence: sequence, reason: "discovery order \(id) does not show the vacation just appended")
            }
            return entered
        case .failure(.noOrder):
            throw try await reject(.notFound, target: nil, problems: [Self.noOrder(id)], by: actor, command: command)
        case .failure(.otherCourt(let court)):
            throw try await reject(.ownerOnly, target: nil, problems: [FieldProblem(field: "order",
                "discovery order \(id) was entered by court \(court); only its clerks record that it was vacated")], by: actor, command: command)
        case .failure(.vacatedAlready(let vacation)):
            throw try await reject(.orderVacated, target: nil, problems: [Self.vacated(id, vacation)], by: actor, command: command)
        case .failure(.invalid(let problems)):
            throw try await reject(.invalidField, target: nil, problems: problems, by: actor, command: command)
        }
    }

    enum VacationRefusal: Error {
        case noOrder
        case otherCourt(String)
        case vacatedAlready(DiscoveryOrderVacation)
        case invalid([FieldProblem])
    }

    struct OrderVacated: Error {
        let vacation: DiscoveryOrderVacation
    }

    /// The court's vacation among the events of an order's stream after its order: the first
    /// `DiscoveryOrderVacated`.
    static func vacation(among sequences: ArraySlice<UInt64>, in transaction: LedgerReadTransaction) throws -> DiscoveryOrderVacation? {
        for sequence in sequences {
            guard let event = try transaction.event(at: sequence), event.type == DiscoveryOrderVacation.eventType else { continue }
            return try DiscoveryOrderVacation(event: event)
        }
        return nil
    }

    /// The refusal of an order id the log does not hold; an id that is no order id at all is
    /// not copied into the refusal.
    static func noOrder(_ id: String) -> FieldProblem {
        FieldProblem(field: "order", DiscoveryOrder.isOrderID(id)
            ? "no discovery order \(id) was entered"
            : "no discovery order has that id (1 to \(DiscoveryOrder.maximumIDLength) letters, digits and - . _)")
    }

    static func vacated(_ id: String, _ vacation: DiscoveryOrderVacation) -> FieldProblem {
        FieldProblem(field: "order", "discovery order \(id) was vacated by the court (event \(vacation.sequence)): \(vacation.reason)")
    }
}
