import Ledger

/// An order as the log holds it: the order, its `DiscoveryOrdered` event, and the court's
/// vacation of it, if any.
public struct EnteredDiscoveryOrder: Sendable {
    public let order: DiscoveryOrder
    /// Its `DiscoveryOrdered` event.
    public let orderedSequence: UInt64
    /// The court whose clerk entered it: only its clerks record its vacation.
    public let court: String
    public let vacation: DiscoveryOrderVacation?
}

/// A discovery export, released after its access event is durable.
public struct DiscoveryAnswer: Sendable {
    public let accessSequence: UInt64
    public let bundle: DiscoveryBundle
}

/// Discovery: a court clerk enters an order; the recipient it names exports the bundle. The
/// export is an access event like any read (kind `discovery`, the order's selection as its
/// query, the records it showed, the bundle's manifest digest as the answer's digest), so it
/// shows in the records' access logs, timelines and investigations, and can be re-derived.
extension RecordsService {
    /// Enters `order` (the acting user is the court clerk; the caller has checked that the
    /// recipient is a discovery user). Returns the `DiscoveryOrdered` event's sequence; a
    /// refusal is recorded and thrown.
    public func orderDiscovery(_ order: DiscoveryOrder, by actor: EventActor) async throws -> UInt64 {
        var problems = order.problems + TextPolicy.problems(in: order)
        // Nobody orders discovery for themselves (a clerk who also holds the discovery role).
        if order.recipient == actor.userID {
            problems.append(FieldProblem(field: "recipient", "the clerk entering an order cannot be its recipient"))
        }
        if !problems.isEmpty { throw try await reject(.invalidField, target: nil, problems: problems, by: actor) }
        let payload = order.canonicalJSON()
        let outcome = try await writer.submit { transaction -> Result<UInt64, DiscoveryOrderExists> in
            guard try transaction.streamVersion(order.stream) == 0 else { return .failure(DiscoveryOrderExists()) }
            let appended = try transaction.append(
                EventDraft(type: DiscoveryOrder.eventType, stream: order.stream, payload: payload, expectedVersion: .noStream), actor: actor)
            return .success(appended.sequence)
        }
        switch outcome {
        case .success(let sequence): return sequence
        case .failure:
            throw try await reject(.duplicate, target: nil, problems: [FieldProblem(field: "id", "discovery order \(order.id) was entered already")], by: actor)
        }
    }

    struct DiscoveryOrderExists: Error {}

    /// The order with this id as the log stands now, if it was entered.
    public func discoveryOrder(id: String) throws -> EnteredDiscoveryOrder? {
        try ledger.read { transaction in try Self.discoveryOrder(id: id, through: .max, in: transaction) }
    }

    /// The order as the log stood at `position`: its event, and the court's vacation of it if
    /// that came by then (an export made before it is derived again as it was).
    static func discoveryOrder(id: String, through position: UInt64, in transaction: LedgerReadTransaction) throws -> EnteredDiscoveryOrder? {
        guard DiscoveryOrder.isOrderID(id) else { return nil }
        let sequences = try transaction.streamSequences(DiscoveryOrder.stream(id: id)).filter { $0 <= position }
        guard let sequence = sequences.first, let event = try transaction.event(at: sequence), event.type == DiscoveryOrder.eventType,
              let payload = event.payload
        else { return nil }
        return EnteredDiscoveryOrder(
            order: try DiscoveryOrder(canonicalJSON: payload), orderedSequence: sequence, court: event.actor.agency,
            vacation: try vacation(among: sequences.dropFirst(), in: transaction))
    }

    /// Builds the bundle order `id` asks for, as the log stands now, for its recipient only;
    /// records the export and returns the bundle once that record is durable. A refusal (no
    /// such order, another user, an earlier tree that cannot be) is recorded and thrown.
    public func exportDiscovery(orderID id: String, earlierTreeSize: UInt64?, by actor: EventActor) async throws -> DiscoveryAnswer {
        let asOf = clock.now()
        let policy = self.policy
        let outcome = try ledger.read { transaction -> ExportOutcome in
            guard let entered = try Self.discoveryOrder(id: id, through: .max, in: transaction) else { return .noOrder }
            let order = entered.order
            guard order.recipient == actor.userID else { return .notRecipient(order) }
            if let vacation = entered.vacation { return .vacated(order, vacation) }
            let reader = try RecordReader.live(transaction, policy: policy)
            if let earlierTreeSize, earlierTreeSize < 1 || earlierTreeSize > reader.position {
                return .invalid(FieldProblem(field: "earlierTreeSize", "must be from 1 to the ledger's \(reader.position) events, not \(earlierTreeSize)"))
            }
            let export = DiscoveryExport(reader: reader, order: order, orderSequence: entered.orderedSequence, asOf: asOf, earlierTreeSize: earlierTreeSize)
            return .built(order, try export.build())
        }
        switch outcome {
        case .noOrder:
            throw try await reject(.notFound, target: nil, problems: [Self.noOrder(id)], by: actor)
        case .notRecipient(let order):
            throw try await reject(.notRecipient, target: nil, problems: [FieldProblem(field: "order",
                "discovery order \(order.id) names \(order.recipient) as its recipient, not \(actor.userID)")], by: actor)
        case .vacated(let order, let vacation):
            throw try await reject(.orderVacated, target: nil, problems: [Self.vacated(order.id, vacation)], by: actor)
        case .invalid(let problem):
            throw try await reject(.invalidField, target: nil, problems: [problem], by: actor)
        case .built(let order, let bundle):
            let access = AccessRecord(
                read: .discovery(order: order.id, earlierTreeSize: earlierTreeSize), query: order.selection,
                context: Self.discoveryContext(order), position: bundle.position, asOf: asOf, results: bundle.records,
                answerDigest: bundle.digest)
            let payload = access.canonicalJSON(capacity: 512)
            // The order is judged again in the writer: a vacation committed while the bundle was
            // built stops it here, before a byte leaves.
            let recorded = try await writer.submit { transaction -> Result<UInt64, OrderVacated> in
                if let vacation = try Self.discoveryOrder(id: order.id, through: .max, in: transaction)?.vacation {
                    return .failure(OrderVacated(vacation: vacation))
                }
                return .success(try Self.appendAccess(payload, by: actor, to: transaction))
            }
            switch recorded {
            case .success(let sequence): return DiscoveryAnswer(accessSequence: sequence, bundle: bundle)
            case .failure(let vacated):
                throw try await reject(.orderVacated, target: nil, problems: [Self.vacated(order.id, vacated.vacation)], by: actor)
            }
        }
    }

    enum ExportOutcome {
        case noOrder
        case notRecipient(DiscoveryOrder)
        case vacated(DiscoveryOrder, DiscoveryOrderVacation)
        case invalid(FieldProblem)
        case built(DiscoveryOrder, DiscoveryBundle)
    }

    /// An export serves the order's criminal case.
    static func discoveryContext(_ order: DiscoveryOrder) -> QueryContext {
        QueryContext(purpose: .criminalJustice, caseNumber: order.caseNumber, includeInactive: true, limit: QueryContext.maximumLimit)
    }

    /// The bundle a past export built, built again from the log as it stood then.
    static func rederiveDiscovery(_ access: AccessRecord, order id: String, earlierTreeSize: UInt64?, in transaction: LedgerReadTransaction, policy: RetentionPolicy) throws -> DiscoveryBundle {
        guard let entered = try discoveryOrder(id: id, through: access.position, in: transaction) else {
            throw LedgerError.corrupted(sequence: 0, reason: "an export names discovery order \(id), which the log up to \(access.position) does not hold")
        }
        // The live records tables are at the head of the snapshot; the export's position is
        // earlier, so they are replayed to it.
        let replayed = try transaction.replay(transaction.ledger.projection(RecordsProjection.self), through: access.position)
        let reader = RecordReader(transaction: transaction, position: access.position, records: replayed, policy: policy)
        return try DiscoveryExport(
            reader: reader, order: entered.order, orderSequence: entered.orderedSequence, asOf: access.asOf, earlierTreeSize: earlierTreeSize
        ).build()
    }
}
