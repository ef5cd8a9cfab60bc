import Ledger

/// The rules for every transaction on an existing record: who may do it and in which states.
enum LifecycleRules {
    static func decide(_ command: RecordCommand, _ context: CommandContext) throws -> CommandDecision {
        guard let number = command.target else { preconditionFailure("an entry has no target") }
        if let problem = AgencyIdentifier.problem(with: context.actor.agency) {
            return .reject(.invalidField, field: "agency", problem)
        }
        guard let state = try context.state(of: number) else {
            return .reject(.notFound, field: "recordNumber", "no record \(number)")
        }
        let status = state.status(at: context.now, policy: context.policy)
        let decision = try decide(command, state: state, status: status, context)
        if case .accept(_, let events, _) = decision {
            // Decided on the record as this transaction sees it, so the stream must still be
            // where it is now. The stream's version, not the record's: after a destruction order
            // removed its last events the record's version is that of its last remaining one.
            return .acceptChange(state, events, expectedVersion: .exactly(try context.transaction.streamVersion(number.stream)))
        }
        return decision
    }

    private static func decide(
        _ command: RecordCommand, state: RecordState, status: RecordStatus, _ context: CommandContext
    ) throws -> CommandDecision {
        let isOwner = state.owner == context.actor.agency
        switch command {
        case .enter:
            preconditionFailure("entries are decided by EntryRules")
        case .modify(_, let facts, let expectedVersion):
            return modify(state, facts: facts, expectedVersion: expectedVersion, isOwner: isOwner, status: status, context)
        case .cancel(_, let reason, let identifier):
            return cancel(state, reason: reason, identifier: identifier, isOwner: isOwner, context)
        case .clear(_, let details):
            return clear(state, details: details, isOwner: isOwner, status: status, context)
        case .recordDissemination(_, let details):
            return disseminate(state, details: details, context)
        case .locate(_, let details):
            return locate(state, details: details, isOwner: isOwner, status: status, context)
        case .checkEntry:
            return checkEntry(state, isOwner: isOwner, context)
        case .validate(_, let remarks):
            return validate(state, remarks: remarks, isOwner: isOwner, status: status)
        case .serveOrder, .renewOrder, .terminateOrder:
            return try OrderRules.decide(command, state: state, isOwner: isOwner, status: status, context)
        case .addHistoryEntry(_, let entry):
            return try HistoryRules.addEntry(entry, to: state, context)
        case .correctHistoryEntry(_, let id, let entry, let reason):
            return HistoryRules.correct(id, to: entry, reason: reason, in: state, context)
        case .reportMove, .recordAnnualUpdate:
            return RegistrationRules.decide(command, state: state, isOwner: isOwner, context)
        case .requestHitConfirmation(_, let details):
            return try HitConfirmationRules.request(state, details: details, isOwner: isOwner, status: status, context)
        case .answerHitConfirmation(_, let details):
            return HitConfirmationRules.answer(state, details: details, isOwner: isOwner)
        }
    }

    /// A criminal history passed on by a user who received it: on any agency's rap sheet, in
    /// any status (what was passed on is logged whatever became of the record since).
    private static func disseminate(_ state: RecordState, details: DisseminationDetails, _ context: CommandContext) -> CommandDecision {
        guard state.kind == .criminalHistory else {
            return .reject(.invalidField, field: "number", "secondary dissemination is recorded on a criminal history (a C number), not \(state.number)")
        }
        var problems: [FieldProblem] = []
        if details.recipient.trimmingSpaces.isEmpty || details.recipient.count > 120 {
            problems.append(FieldProblem(field: "recipient", "name who received it (person and agency), 1 to 120 characters"))
        }
        if details.authority.trimmingSpaces.isEmpty || details.authority.count > 120 {
            problems.append(FieldProblem(field: "authority", "cite the statute or agreement that allows it, 1 to 120 characters"))
        }
        if details.disseminatedOn > context.today {
            problems.append(FieldProblem(field: "disseminatedOn", "cannot be in the future"))
        }
        if details.purpose.requiresCaseNumber && (details.caseNumber ?? "").trimmingSpaces.isEmpty {
            problems.append(FieldProblem(field: "caseNumber", "purpose \(details.purpose.rawValue) needs the case or incident number it served"))
        }
        if !problems.isEmpty { return .reject(.invalidField, problems) }
        return .accept(state.number, [.disseminated(details)], expectedVersion: .any)
    }

    static func ownerOnly(_ what: String, _ state: RecordState) -> CommandDecision {
        .reject(.ownerOnly, field: nil, "only the owning agency \(state.owner) may \(what) \(state.number)")
    }

    static func notInForce(_ what: String, _ state: RecordState, _ status: RecordStatus) -> CommandDecision {
        .reject(.lifecycle, field: nil, "\(state.number) is \(status.state.rawValue)\(status.reason.map { " (\($0))" } ?? ""); it cannot be \(what)")
    }

    private static func modify(
        _ state: RecordState, facts: RecordFacts, expectedVersion: UInt32, isOwner: Bool, status: RecordStatus,
        _ context: CommandContext
    ) -> CommandDecision {
        guard isOwner else { return ownerOnly("modify", state) }
        guard state.isOpen else { return notInForce("modified", state, status) }
        guard expectedVersion == state.version else {
            return .reject(.versionConflict, field: "expectedVersion",
                           "\(state.number) is at version \(state.version), not \(expectedVersion); read it again")
        }
        guard facts.kind == state.kind else {
            return .reject(.invalidField, field: "kind", "a \(state.kind.rawValue) record cannot become a \(facts.kind.rawValue)")
        }
        guard facts.duplicateKey == state.facts.duplicateKey else {
            return .reject(.invalidField, field: nil, "a modify cannot change the record's identifying fields; cancel and re-enter instead")
        }
        let problems = FactsValidator.problems(in: facts, today: context.today)
        if !problems.isEmpty { return .reject(.invalidField, problems) }
        return .accept(state.number, [.modified(facts)], expectedVersion: .exactly(expectedVersion))
    }

    private static func cancel(
        _ state: RecordState, reason: String, identifier: String, isOwner: Bool, _ context: CommandContext
    ) -> CommandDecision {
        guard isOwner else { return ownerOnly("cancel", state) }
        guard state.cancelled == nil, state.cleared == nil else {
            return notInForce("cancelled", state, state.status(at: context.now, policy: context.policy))
        }
        guard !reason.trimmingSpaces.isEmpty else { return .reject(.invalidField, field: "reason", "a cancel states its reason") }
        guard identifier == state.facts.identifierAsEntered else {
            return .reject(.invalidField, field: "identifierAsEntered",
                           "does not match the record's name (or number) exactly as entered")
        }
        return .accept(state.number, [.cancelled(reason: reason)], expectedVersion: .any)
    }

    private static func clear(
        _ state: RecordState, details: ClearDetails, isOwner: Bool, status: RecordStatus, _ context: CommandContext
    ) -> CommandDecision {
        guard state.kind.acceptsClears else {
            return .reject(.lifecycle, field: nil, "\(state.kind.rawValue) records are not cleared")
        }
        guard isOwner else { return ownerOnly("clear", state) }
        guard status.isInForce else { return notInForce("cleared", state, status) }
        if details.clearedOn > context.today { return .reject(.invalidField, field: "clearedOn", "\(details.clearedOn) is in the future") }
        if details.how.trimmingSpaces.isEmpty { return .reject(.invalidField, field: "how", "a clear says how the subject or property was recovered") }
        return .accept(state.number, [.cleared(details)], expectedVersion: .any)
    }

    private static func locate(
        _ state: RecordState, details: LocateDetails, isOwner: Bool, status: RecordStatus, _ context: CommandContext
    ) -> CommandDecision {
        guard state.kind.acceptsLocates else {
            return .reject(.lifecycle, field: nil, "\(state.kind.rawValue) records do not take locates")
        }
        guard !isOwner else {
            return .reject(.otherAgencyOnly, field: nil, "a locate is placed by another agency; the owner clears its own record")
        }
        guard status.isInForce else { return notInForce("located", state, status) }
        guard state.hitConfirmed(to: context.actor.agency) else {
            return .reject(.hitNotConfirmed, field: nil,
                           "\(context.actor.agency) has no confirmation of this hit from \(state.owner); request one and place the locate once it is confirmed")
        }
        var problems: [FieldProblem] = []
        if details.locatedOn > context.today { problems.append(FieldProblem(field: "locatedOn", "\(details.locatedOn) is in the future")) }
        if details.caseNumber.trimmingSpaces.isEmpty { problems.append(FieldProblem(field: "caseNumber", "is required")) }
        if details.recovered.trimmingSpaces.isEmpty { problems.append(FieldProblem(field: "recovered", "is required")) }
        if !problems.isEmpty { return .reject(.invalidField, problems) }
        return .accept(state.number, [.located(details)], expectedVersion: .any)
    }

    private static func checkEntry(_ state: RecordState, isOwner: Bool, _ context: CommandContext) -> CommandDecision {
        guard isOwner else { return ownerOnly("check the entry of", state) }
        guard state.checked == nil else { return .reject(.lifecycle, field: nil, "\(state.number) was already checked") }
        guard state.isOpen else { return notInForce("checked", state, state.status(at: context.now, policy: context.policy)) }
        guard context.actor.userID != state.entered.userID else {
            return .reject(.lifecycle, field: nil, "the second-party check is made by a user other than the one who entered \(state.number)")
        }
        return .accept(state.number, [.entryChecked], expectedVersion: .any)
    }

    private static func validate(_ state: RecordState, remarks: String?, isOwner: Bool, status: RecordStatus) -> CommandDecision {
        guard state.kind.requiresValidation else {
            return .reject(.lifecycle, field: nil, "\(state.kind.rawValue) records are not validated")
        }
        guard isOwner else { return ownerOnly("validate", state) }
        guard status.isInForce else { return notInForce("validated", state, status) }
        return .accept(state.number, [.validated(remarks: remarks)], expectedVersion: .any)
    }
}
