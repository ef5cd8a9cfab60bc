import Foundation
import Ledger

/// What a command came to.
public enum CommandResult: Hashable, Sendable {
    /// The record after the command, and the sequences of the events that recorded it.
    case accepted(RecordState, sequences: [UInt64])
    case rejected(RecordRejection)
}

/// Runs one command inside the ledger's write transaction: decides it, then appends either the
/// record's events or a `CommandRejected` event. Either way something durable says what happened.
enum RecordCommandHandler {
    /// `idempotencyKey`, when given, is bound to a digest of the command and the user: a retry
    /// of the same command gets the first outcome, the key on another command is refused.
    static func execute(
        _ command: RecordCommand, actor: EventActor, idempotencyKey key: String?,
        in transaction: LedgerWriteTransaction, now: LedgerTime, policy: RetentionPolicy
    ) throws -> CommandResult {
        let idempotencyKey = key.map { IdempotencyKey($0, requestDigest: command.requestDigest(userID: actor.userID)) }
        var decision: CommandDecision?
        if let idempotencyKey {
            switch try transaction.idempotentOutcome(for: idempotencyKey) {
            case .unused: break
            case .replay(let prior): return try replay(prior, in: transaction)
            case .conflict(let first):
                decision = .reject(.idempotencyKeyReused, field: "Idempotency-Key",
                                   "\(idempotencyKey.key) was used for another request (event \(first)); send a new key with a new request")
            }
        }
        let textProblems = command.textProblems()
        if decision == nil && !textProblems.isEmpty { decision = .reject(.invalidField, textProblems) }
        let context = CommandContext(transaction: transaction, actor: actor, now: now, policy: policy)
        switch try decision ?? (command.target == nil ? try decideEntry(command, context) : try LifecycleRules.decide(command, context)) {
        case .accept(let number, let events, let expectedVersion):
            return try append(events, to: number, prior: nil, expectedVersion: expectedVersion, actor: actor, idempotencyKey: idempotencyKey, transaction)
        case .acceptChange(let prior, let events, let expectedVersion):
            return try append(events, to: prior.number, prior: prior, expectedVersion: expectedVersion, actor: actor, idempotencyKey: idempotencyKey, transaction)
        case .reject(let rule, let problems, let existing):
            let record = RejectionRecord(command: command.name, target: command.target, rule: rule, problems: problems, existingRecord: existing)
            // A refusal for a reused key is recorded without the key: it belongs to another request.
            let event = try transaction.append(
                EventDraft(type: RejectionRecord.eventType, stream: RejectionRecord.stream(agency: actor.agency),
                           payload: record.canonicalJSON()),
                actor: actor, idempotencyKey: rule == .idempotencyKeyReused ? nil : idempotencyKey)
            return .rejected(RecordRejection(rule: rule, problems: problems, rejectionSequence: event.sequence, existingRecord: existing))
        }
    }

    /// Appends the record's events; returns the record after them (the fold the projection just
    /// stored, computed again here rather than decoded back).
    private static func append(
        _ events: [RecordEvent], to number: RecordNumber, prior: RecordState?, expectedVersion: ExpectedVersion,
        actor: EventActor, idempotencyKey: IdempotencyKey?, _ transaction: LedgerWriteTransaction
    ) throws -> CommandResult {
        let drafts = try events.enumerated().map { index, event in
            EventDraft(type: event.type, stream: number.stream, payload: try event.payload(),
                       expectedVersion: index == 0 ? expectedVersion : .any)
        }
        let outcome = try transaction.append(drafts, actor: actor, idempotencyKey: idempotencyKey)
        var state = prior
        for (event, appended) in zip(events, outcome.events) {
            let action = RecordAction(userID: actor.userID, agency: actor.agency, at: appended.recordedAt, sequence: appended.sequence)
            state = RecordState.folding(state, event, number: number, action: action, version: appended.streamVersion)
        }
        guard let state else { preconditionFailure("an accepted command left no record") }
        return .accepted(state, sequences: outcome.events.map(\.sequence))
    }

    private static func decideEntry(_ command: RecordCommand, _ context: CommandContext) throws -> CommandDecision {
        guard case .enter(let facts) = command else { preconditionFailure("only an entry has no target") }
        return try EntryRules.decide(facts, context)
    }

    /// The outcome of a command retried with its idempotency key: what the first attempt came to.
    private static func replay(_ prior: [AppendedEvent], in transaction: LedgerWriteTransaction) throws -> CommandResult {
        let first = prior[0]
        if first.type == RejectionRecord.eventType, let event = try transaction.event(at: first.sequence), let payload = event.payload {
            let record = try RejectionRecord(canonicalJSON: payload)
            return .rejected(RecordRejection(
                rule: record.rule, problems: record.problems, rejectionSequence: first.sequence, existingRecord: record.existingRecord))
        }
        guard first.stream.hasPrefix("record/"), let number = RecordNumber(String(first.stream.dropFirst(7))),
              let state = try RecordsProjection.state(of: number, in: transaction.tables(of: RecordsProjection.self))
        else { throw LedgerError.corrupted(sequence: first.sequence, reason: "an idempotent outcome names no record") }
        return .accepted(state, sequences: prior.map(\.sequence))
    }
}
