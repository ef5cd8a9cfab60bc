import Foundation
import Ledger

/// The records domain over a ledger: runs transactions through the group-commit writer and
/// answers audited searches. Every command leaves an event (the record's, or its rejection);
/// every answer leaves an access event, durable before the answer is returned.
public final class RecordsService: Sendable {
    public let ledger: Ledger
    public let writer: LedgerWriter
    public let policy: RetentionPolicy
    let clock: any LedgerClock

    /// The projections a ledger holding records must register (in every process).
    public static var projections: [any Projection] { [StreamCatalogProjection(), RecordsProjection()] }

    public init(ledger: Ledger, writer: LedgerWriter, clock: any LedgerClock = SystemClock(), policy: RetentionPolicy = .standard) {
        precondition(ledger.projections.contains { $0.name == "records" }, "the ledger must fold RecordsProjection")
        self.ledger = ledger
        self.writer = writer
        self.clock = clock
        self.policy = policy
    }

    // MARK: Transactions

    /// Runs `command` for `actor`. Returns the record as it now stands; throws `RecordRejection`
    /// (already recorded as an event) when a rule refuses it. A retry with the same
    /// `idempotencyKey` appends nothing: it returns the record the first attempt entered or
    /// changed (as it stands now), or throws the first attempt's rejection again. A key names one
    /// command; reusing it for another returns the first command's record.
    @discardableResult
    public func execute(_ command: RecordCommand, by actor: EventActor, idempotencyKey: String? = nil) async throws -> RecordState {
        let clock = self.clock
        let policy = self.policy
        let result = try await writer.submit { transaction in
            try RecordCommandHandler.execute(
                command, actor: actor, idempotencyKey: idempotencyKey, in: transaction, now: clock.now(), policy: policy)
        }
        switch result {
        case .accepted(let state, _): return state
        case .rejected(let rejection): throw rejection
        }
    }

    // MARK: Searches

    /// Answers `query` at the current log position, then records the access (who, agency,
    /// purpose, case number, criteria, the records and versions returned, the position read)
    /// and returns only once that record is durable.
    public func search(_ query: RecordQuery, context: QueryContext, by actor: EventActor) async throws -> SearchAnswer {
        let problems = QueryValidation.problems(query, context)
        if !problems.isEmpty { throw try await rejectQuery(problems, by: actor) }
        let asOf = clock.now()
        let policy = self.policy
        let (position, hits) = try ledger.read { transaction in
            (try transaction.lastSequence(),
             try RecordSearch.run(query, context: context, in: transaction.tables(of: RecordsProjection.self), asOf: asOf, policy: policy))
        }
        let access = AccessRecord(
            query: query, context: context, position: position, asOf: asOf,
            results: hits.map { ReturnedRecord(number: $0.number, version: $0.record.version) })
        let payload = Array(try RecordJSON.encoder.encode(access))
        let event = try await writer.submit { transaction in
            try transaction.append(
                EventDraft(type: AccessRecord.eventType, stream: AccessRecord.stream(userID: actor.userID), payload: payload),
                actor: actor)
        }
        return SearchAnswer(position: position, asOf: asOf, accessSequence: event.sequence, hits: hits)
    }

    private func rejectQuery(_ problems: [FieldProblem], by actor: EventActor) async throws -> RecordRejection {
        let record = RejectionRecord(command: "search", target: nil, rule: .invalidField, problems: problems, existingRecord: nil)
        let payload = Array(try RecordJSON.encoder.encode(record))
        let event = try await writer.submit { transaction in
            try transaction.append(
                EventDraft(type: RejectionRecord.eventType, stream: RejectionRecord.stream(agency: actor.agency), payload: payload),
                actor: actor)
        }
        return RecordRejection(rule: .invalidField, problems: problems, rejectionSequence: event.sequence, existingRecord: nil)
    }

    // MARK: Audited reads of one record

    /// A record's history (every event, and the record as each left it), released after an
    /// access event records who read it and why.
    public func history(of number: RecordNumber, context: QueryContext, by actor: EventActor) async throws -> [RecordHistory.Step] {
        let steps = try history(of: number)
        try await recordAccess(to: number, version: steps.last?.version, context: context, by: actor)
        return steps
    }

    /// The record now (status judged now), or as of a sequence or a time (status judged then),
    /// released after its access event.
    public func record(
        _ number: RecordNumber, asOfSequence sequence: UInt64?, asOf time: LedgerTime?, context: QueryContext, by actor: EventActor
    ) async throws -> SearchHit? {
        let hit: SearchHit?
        if let time {
            hit = try record(number, asOf: time)
        } else if let sequence {
            hit = try record(number, asOfSequence: sequence)
        } else {
            hit = try record(number)
        }
        try await recordAccess(to: number, version: hit?.record.version, context: context, by: actor)
        return hit
    }

    private func recordAccess(to number: RecordNumber, version: UInt32?, context: QueryContext, by actor: EventActor) async throws {
        let problems = QueryValidation.problems(.recordNumber(number), context)
        if !problems.isEmpty { throw try await rejectQuery(problems, by: actor) }
        let position = try ledger.read { try $0.lastSequence() }
        // A read by number shows the record whatever its status: the access says so, so that
        // re-deriving it returns the record too.
        var shown = context
        shown.includeInactive = true
        let access = AccessRecord(
            query: .recordNumber(number), context: shown, position: position, asOf: clock.now(),
            results: version.map { [ReturnedRecord(number: number, version: $0)] } ?? [])
        let payload = Array(try RecordJSON.encoder.encode(access))
        _ = try await writer.submit { transaction in
            try transaction.append(
                EventDraft(type: AccessRecord.eventType, stream: AccessRecord.stream(userID: actor.userID), payload: payload), actor: actor)
        }
    }

    // MARK: Reading a record's past

    /// The record as it stands now, with its status now.
    public func record(_ number: RecordNumber) throws -> SearchHit? {
        let now = clock.now()
        return try ledger.read { transaction in
            try RecordsProjection.state(of: number, in: transaction.tables(of: RecordsProjection.self)).map {
                SearchHit(record: $0, status: $0.status(at: now, policy: policy), score: nil)
            }
        }
    }

    /// The record as it stood after the last of its events at or before `sequence`, with its status then.
    public func record(_ number: RecordNumber, asOfSequence sequence: UInt64) throws -> SearchHit? {
        try RecordHistory.state(of: number, in: ledger, through: { $0.sequence <= sequence }, policy: policy)
    }

    /// The record as it stood at `time`, with its status at that moment.
    public func record(_ number: RecordNumber, asOf time: LedgerTime) throws -> SearchHit? {
        try RecordHistory.state(of: number, in: ledger, through: { $0.recordedAt <= time }, at: time, policy: policy)
    }

    /// Every event of the record, oldest first, with the record as each left it.
    public func history(of number: RecordNumber) throws -> [RecordHistory.Step] {
        try RecordHistory.steps(of: number, in: ledger)
    }

    /// Every query whose answer included the record.
    public func accesses(to number: RecordNumber) throws -> [RecordHistory.Access] {
        try RecordHistory.accesses(to: number, in: ledger)
    }

    // MARK: Record quality

    /// An agency's entries awaiting their second-party check, and its records due or overdue
    /// for validation, as of now.
    public func qualityReport(for agency: String) throws -> QualityReport {
        let now = clock.now()
        return try ledger.read { transaction in
            try QualityReport.make(for: agency, in: transaction.tables(of: RecordsProjection.self), at: now, policy: policy)
        }
    }

    // MARK: Audit

    /// Re-derives the answer an access event recorded: folds the log up to the position it was
    /// read at and runs the same query at the same moment. Equal results prove the answer.
    public func rederive(accessSequence: UInt64) throws -> (recorded: [ReturnedRecord], rederived: [ReturnedRecord]) {
        try AccessRederivation.rederive(accessSequence: accessSequence, in: ledger, policy: policy)
    }
}
