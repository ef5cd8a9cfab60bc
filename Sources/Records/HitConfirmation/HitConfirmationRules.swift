import Ledger

/// Who may ask for and answer a hit confirmation, and when: NCIC's rule that a hit is confirmed
/// with the owner before anyone is detained or property seized, and that an unanswered request
/// is asked again and then escalated to the control terminal.
enum HitConfirmationRules {
    static func request(
        _ state: RecordState, details: HitConfirmationRequest, isOwner: Bool, status: RecordStatus, _ context: CommandContext
    ) throws -> CommandDecision {
        guard state.kind.acceptsLocates else {
            return .reject(.lifecycle, field: nil, "\(state.kind.rawValue) records are not hits to confirm")
        }
        guard !isOwner else {
            return .reject(.otherAgencyOnly, field: nil, "the owner answers requests to confirm its hits; it does not send them")
        }
        guard status.isInForce else { return LifecycleRules.notInForce("confirmed as a hit", state, status) }
        // A hit is what a query showed: an agency asks about records its reads returned, so a
        // record number typed from nowhere (to read a record without a query) is refused.
        guard try agencyWasShown(state.number, context) else {
            return .reject(.lifecycle, field: nil, "no read of \(context.actor.agency) returned \(state.number); query it, then ask to confirm the hit")
        }
        var problems: [FieldProblem] = []
        if details.caseNumber.trimmingSpaces.isEmpty || details.caseNumber.count > 40 {
            problems.append(FieldProblem(field: "caseNumber", "name the inquiring agency's case, 1 to 40 characters"))
        }
        if let remarks = details.remarks, remarks.count > 200 { problems.append(FieldProblem(field: "remarks", "at most 200 characters")) }
        if !problems.isEmpty { return .reject(.invalidField, problems) }
        guard let open = state.openHitConfirmation(from: context.actor.agency) else {
            return .accept(state.number, [.hitConfirmationRequested(details)], expectedVersion: .any)
        }
        guard open.isOverdue(at: context.now) else {
            return .reject(.lifecycle, field: nil,
                           "request \(open.id) of \(open.requester) is awaiting its answer until \(open.deadline); ask again once it is overdue")
        }
        if open.requestedAgain.isEmpty {
            return .accept(state.number, [.hitConfirmationRequestedAgain(request: open.id)], expectedVersion: .any)
        }
        guard let escalated = open.escalated else {
            return .accept(state.number, [.hitConfirmationEscalated(request: open.id)], expectedVersion: .any)
        }
        return .reject(.lifecycle, field: nil, "request \(open.id) was escalated to the control terminal at \(escalated.at)")
    }

    /// Whether a read by a user of the acting agency returned the record (its access events,
    /// listed under the record in the projection's `accesses` table; the latest first few
    /// thousand are enough: a hit is confirmed soon after the query that found it).
    static func agencyWasShown(_ number: RecordNumber, _ context: CommandContext) throws -> Bool {
        let prefix = Array(number.text.utf8) + [0]
        var sequences: [UInt64] = []
        try context.records.forEach(in: RecordsProjection.accesses, keyPrefix: prefix) { key, _ in
            guard key.count == prefix.count + 8 else { return true }
            sequences.append(key.suffix(8).reduce(0) { $0 << 8 | UInt64($1) })
            return true
        }
        for sequence in sequences.suffix(maximumAccessesExamined).reversed() {
            if try context.transaction.event(at: sequence)?.actor.agency == context.actor.agency { return true }
        }
        return false
    }

    static let maximumAccessesExamined = 5_000

    static func answer(_ state: RecordState, details: HitConfirmationAnswer, isOwner: Bool) -> CommandDecision {
        guard isOwner else { return LifecycleRules.ownerOnly("answer requests to confirm hits on", state) }
        guard let request = state.hitConfirmations?.first(where: { $0.id == details.request }) else {
            return .reject(.invalidField, field: "request", "\(state.number) has no request \(details.request) to confirm a hit")
        }
        guard !request.isAnswered else {
            return .reject(.lifecycle, field: nil, "request \(request.id) was already answered: \(request.standing.rawValue)")
        }
        var problems: [FieldProblem] = []
        switch details.answer {
        case .pending:
            if !(1...HitConfirmationAnswer.maximumPendingMinutes).contains(details.withinMinutes ?? 0) {
                problems.append(FieldProblem(field: "withinMinutes", "a pending answer says within how many minutes (1 to \(HitConfirmationAnswer.maximumPendingMinutes)) the final one comes"))
            }
        case .confirmed, .denied:
            if details.withinMinutes != nil { problems.append(FieldProblem(field: "withinMinutes", "only a pending answer names minutes")) }
        }
        if let remarks = details.remarks, remarks.count > 200 { problems.append(FieldProblem(field: "remarks", "at most 200 characters")) }
        if !problems.isEmpty { return .reject(.invalidField, problems) }
        return .accept(state.number, [.hitConfirmationAnswered(details)], expectedVersion: .any)
    }
}
