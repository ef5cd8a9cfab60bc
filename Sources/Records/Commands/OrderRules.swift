import Ledger

/// Serving, renewing and terminating protective orders: renewing and terminating by the owning
/// agency (the court, or the police agency that entered an emergency order) only; service by
/// whichever agency served the order, which records it.
enum OrderRules {
    static func decide(
        _ command: RecordCommand, state: RecordState, isOwner: Bool, status: RecordStatus, _ context: CommandContext
    ) throws -> CommandDecision {
        guard case .protectiveOrder(let order) = state.facts else {
            return .reject(.lifecycle, field: nil, "\(state.number) is not a protective order")
        }
        switch command {
        case .serveOrder(_, let details):
            guard status.isInForce else { return LifecycleRules.notInForce("served", state, status) }
            // Another agency records the service of an order it served: one its reads returned,
            // not any order number it could type.
            guard try isOwner || HitConfirmationRules.agencyWasShown(state.number, context) else {
                return .reject(.lifecycle, field: nil, "no read of \(context.actor.agency) returned \(state.number); read the order you served, then record its service")
            }
            guard state.service == nil else { return .reject(.lifecycle, field: nil, "\(state.number) was already served") }
            if details.servedOn > context.today { return .reject(.invalidField, field: "servedOn", "\(details.servedOn) is in the future") }
            if details.servedOn < order.issuedOn { return .reject(.invalidField, field: "servedOn", "is before the order was issued on \(order.issuedOn)") }
            if details.method.trimmingSpaces.isEmpty { return .reject(.invalidField, field: "method", "is required") }
            return .accept(state.number, [.orderServed(details)], expectedVersion: .any)
        case .renewOrder(_, let expiresOn):
            guard isOwner else { return LifecycleRules.ownerOnly("renew", state) }
            guard state.isOpen else { return LifecycleRules.notInForce("renewed", state, status) }
            if let expiresOn {
                if let current = order.expiresOn, expiresOn <= current {
                    return .reject(.invalidField, field: "expiresOn", "a renewal moves the expiry past \(current)")
                }
                if expiresOn <= context.today { return .reject(.invalidField, field: "expiresOn", "a renewal must expire after today") }
            }
            // A renewal runs the type's term again, from the day it is made.
            if let problem = order.termProblem(expiresOn: expiresOn, from: context.today) {
                return .reject(.invalidField, field: "expiresOn", problem)
            }
            return .accept(state.number, [.orderRenewed(expiresOn: expiresOn)], expectedVersion: .any)
        case .terminateOrder(_, let details):
            guard isOwner else { return LifecycleRules.ownerOnly("terminate", state) }
            guard status.isInForce else { return LifecycleRules.notInForce("terminated", state, status) }
            if details.terminatedOn > context.today { return .reject(.invalidField, field: "terminatedOn", "\(details.terminatedOn) is in the future") }
            if details.reason.trimmingSpaces.isEmpty { return .reject(.invalidField, field: "reason", "is required") }
            return .accept(state.number, [.orderTerminated(details)], expectedVersion: .any)
        default:
            preconditionFailure("not an order command")
        }
    }
}

/// Adding to a criminal history: any agency adds, and owns, its own entries.
enum HistoryRules {
    static func addEntry(_ entry: CriminalHistoryEntry, to state: RecordState, _ context: CommandContext) throws -> CommandDecision {
        guard state.kind == .criminalHistory else {
            return .reject(.lifecycle, field: nil, "\(state.number) is not a criminal history")
        }
        guard state.cancelled == nil else {
            return LifecycleRules.notInForce("added to", state, state.status(at: context.now, policy: context.policy))
        }
        let arrests = Set(state.history.filter { $0.entry.kind == .arrest }.map(\.id))
        var checks = FieldChecks(today: context.today, prefix: "entry")
        checks.historyEntry(entry, knownArrests: arrests, bornOn: state.facts.subject?.dateOfBirth)
        if !checks.problems.isEmpty { return .reject(.invalidField, checks.problems) }
        // An entry's id is the stream version it is added at: unique within the history for
        // good. The stream's version, not the record's: after a destruction order the record's
        // version stays at its last unredacted event, and a new entry must not take the id of
        // the destroyed arrest (a retried order would destroy it).
        let version = try context.transaction.streamVersion(state.number.stream)
        return .accept(state.number, [.historyEntryAdded(id: String(version + 1), entry: entry)], expectedVersion: .any)
    }

    /// A correction, by the agency that added the entry, keeping its kind (an arrest stays an
    /// arrest: a wrong kind is cancelled by a new entry, not rewritten) and giving a reason.
    static func correct(_ id: String, to entry: CriminalHistoryEntry, reason: String, in state: RecordState, _ context: CommandContext) -> CommandDecision {
        guard state.kind == .criminalHistory else {
            return .reject(.lifecycle, field: nil, "\(state.number) is not a criminal history")
        }
        guard state.cancelled == nil else {
            return LifecycleRules.notInForce("corrected", state, state.status(at: context.now, policy: context.policy))
        }
        guard let item = state.history.first(where: { $0.id == id }) else {
            return .reject(.invalidField, field: "id", "\(state.number) has no entry \(id)")
        }
        guard item.by.agency == context.actor.agency else {
            return .reject(.ownerOnly, field: nil, "only \(item.by.agency), which added entry \(id), may correct it")
        }
        guard entry.kind == item.entry.kind else {
            return .reject(.invalidField, field: "entry.kind", "a correction keeps the entry's kind (\(item.entry.kind.rawValue))")
        }
        guard entry != item.entry else { return .reject(.invalidField, field: "entry", "is the entry as it stands; nothing to correct") }
        if reason.trimmingSpaces.isEmpty || reason.count > 200 {
            return .reject(.invalidField, field: "reason", "say why the entry was wrong, 1 to 200 characters")
        }
        let arrests = Set(state.history.filter { $0.entry.kind == .arrest && $0.id != id }.map(\.id))
        var checks = FieldChecks(today: context.today, prefix: "entry")
        checks.historyEntry(entry, knownArrests: arrests, bornOn: state.facts.subject?.dateOfBirth)
        if !checks.problems.isEmpty { return .reject(.invalidField, checks.problems) }
        return .accept(state.number, [.historyEntryCorrected(id: id, entry: entry, reason: reason)], expectedVersion: .any)
    }
}

/// Offender registrations: moves and annual updates, by the registering agency.
enum RegistrationRules {
    static func decide(_ command: RecordCommand, state: RecordState, isOwner: Bool, _ context: CommandContext) -> CommandDecision {
        guard case .offenderRegistration(let registration) = state.facts else {
            return .reject(.lifecycle, field: nil, "\(state.number) is not an offender registration")
        }
        guard isOwner else { return LifecycleRules.ownerOnly("update", state) }
        guard state.isOpen else {
            return LifecycleRules.notInForce("updated", state, state.status(at: context.now, policy: context.policy))
        }
        switch command {
        case .reportMove(_, let address):
            var checks = FieldChecks(today: context.today, prefix: "address")
            checks.required(address.address, "address", maximumLength: 200)
            checks.notInFuture(address.since, "since")
            if let current = registration.addresses.last, address.since < current.since {
                checks.fail("since", "is before the current address's date \(current.since)")
            }
            if !checks.problems.isEmpty { return .reject(.invalidField, checks.problems) }
            return .accept(state.number, [.registrantMoved(address)], expectedVersion: .any)
        case .recordAnnualUpdate(_, let date):
            if date > context.today { return .reject(.invalidField, field: "on", "\(date) is in the future") }
            return .accept(state.number, [.annualUpdateRecorded(on: date)], expectedVersion: .any)
        default:
            preconditionFailure("not a registration command")
        }
    }
}
