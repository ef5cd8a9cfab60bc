import Ledger

/// The records domain over a ledger: runs transactions through the group-commit writer and
/// answers audited reads. Every command leaves an event (the record's, or its rejection);
/// every answer leaves an access event, durable before the answer is returned, that names the
/// kind of read, the log position the answer was computed at (in the same snapshot), the
/// records and versions it showed and a digest of it, so `rederive` can prove it later.
/// Every answer is disclosed here (`Disclosure`), so no caller can forget it.
public final class RecordsService: Sendable {
    public let ledger: Ledger
    public let writer: LedgerWriter
    public let policy: RetentionPolicy
    let clock: any LedgerClock
    /// The users' accounts as misuse reports need them (supplied by the Access module).
    let personnel: (any PersonnelHistory)?

    /// The projections a ledger holding records must register (in every process).
    public static func projections(policy: RetentionPolicy = .standard) -> [any Projection] {
        [StreamCatalogProjection(), RecordsProjection(policy: policy)]
    }

    /// The retention policy is the records projection's, as the ledger was opened with it.
    public init(ledger: Ledger, writer: LedgerWriter, clock: any LedgerClock = SystemClock(), personnel: (any PersonnelHistory)? = nil) {
        self.ledger = ledger
        self.writer = writer
        self.clock = clock
        self.personnel = personnel
        self.policy = ledger.projection(RecordsProjection.self).policy
    }

    // MARK: Transactions

    /// Runs `command` for `actor`. Returns the record as it now stands, as a criminal-justice
    /// user may see it (those who run commands are such users); throws `RecordRejection`
    /// (already recorded as an event) when a rule refuses it. A retry with the same
    /// `idempotencyKey` appends nothing: it returns the record the first attempt entered or
    /// changed (as it stands now), or throws the first attempt's rejection again.
    @discardableResult
    public func execute(_ command: RecordCommand, by actor: EventActor, idempotencyKey: String? = nil) async throws -> RecordState {
        let clock = self.clock
        let policy = self.policy
        let result = try await writer.submit { transaction in
            try RecordCommandHandler.execute(
                command, actor: actor, idempotencyKey: idempotencyKey, in: transaction, now: clock.now(), policy: policy)
        }
        switch result {
        case .accepted(let state, _): return Disclosure.disclose(state, purpose: .criminalJustice)
        case .rejected(let rejection): throw rejection
        }
    }

    // MARK: Audited reads

    /// Answers `query` at the current log position, then records the access and returns only
    /// once that record is durable.
    public func search(_ query: RecordQuery, context: QueryContext, by actor: EventActor) async throws -> SearchAnswer {
        try await checkQuery(query, context, by: actor)
        if query.isAuditOnly {
            throw try await rejectQuery([FieldProblem(field: "by", "a search names a person, an identifier or a record; \(query.kind.rawValue) is for audit reads (/audit/…/activity)")], by: actor)
        }
        let asOf = clock.now()
        let (position, hits) = try ledger.read { transaction in
            let reader = try RecordReader.live(transaction, policy: policy)
            return (reader.position, try reader.search(query, context: context, asOf: asOf))
        }
        let access = AccessRecord(
            read: .search, query: query, context: context, position: position, asOf: asOf,
            results: hits.map { ReturnedRecord(number: $0.number, version: $0.record.version) }, answerDigest: AnswerDigest.of(hits))
        return SearchAnswer(position: position, asOf: asOf, accessSequence: try await recordAccess(access, by: actor), hits: hits)
    }

    /// The record now (status judged now), as of a sequence (status judged at its last event
    /// by then) or as of a moment (status judged then); the purpose rules apply to what it
    /// shows. A record no longer in force now is in the historical file: read, in any of these
    /// forms, only when `context.includeInactive` says the reader has that right (refused and
    /// recorded otherwise), so record numbers cannot be walked to reach it.
    public func record(_ number: RecordNumber, read: RecordRead = .record, context: QueryContext, by actor: EventActor) async throws -> RecordAnswer {
        let mayReadHistoricalFile = context.includeInactive
        let context = Self.byNumber(context)
        try await checkQuery(.recordNumber(number), context, by: actor)
        let asOf = clock.now()
        let policy = self.policy
        let outcome = try ledger.read { transaction -> (UInt64, SearchHit?)? in
            let reader = try RecordReader.live(transaction, policy: policy)
            do {
                let hit = try reader.record(number, read: read, asOf: asOf, purpose: context.purpose, mayReadHistoricalFile: mayReadHistoricalFile)
                return (reader.position, hit)
            } catch is RecordReader.HistoricalFileRefused {
                return nil
            }
        }
        guard let (position, hit) = outcome else { throw try await historicalFileRefusal(number, by: actor) }
        let access = AccessRecord(
            read: read, query: .recordNumber(number), context: context, position: position, asOf: asOf,
            results: hit.map { [ReturnedRecord(number: number, version: $0.record.version)] } ?? [], answerDigest: AnswerDigest.of(hit))
        return RecordAnswer(position: position, asOf: asOf, accessSequence: try await recordAccess(access, by: actor), hit: hit)
    }

    /// Every event of the record, oldest first, with the record as each left it; the access
    /// event names every version shown.
    public func history(of number: RecordNumber, context: QueryContext, by actor: EventActor) async throws -> HistoryAnswer {
        let mayReadHistoricalFile = context.includeInactive
        let context = Self.byNumber(context)
        try await checkQuery(.recordNumber(number), context, by: actor)
        let asOf = clock.now()
        let policy = self.policy
        let outcome = try ledger.read { transaction -> (UInt64, [RecordHistory.Step])? in
            let reader = try RecordReader.live(transaction, policy: policy)
            guard try mayReadHistoricalFile || reader.isInForce(number, at: asOf) else { return nil }
            return (reader.position, try reader.history(of: number, purpose: context.purpose))
        }
        guard let (position, steps) = outcome else { throw try await historicalFileRefusal(number, by: actor) }
        let access = AccessRecord(
            read: .history, query: .recordNumber(number), context: context, position: position, asOf: asOf,
            results: Self.versions(shownIn: steps, of: number), answerDigest: AnswerDigest.of(steps))
        return HistoryAnswer(position: position, accessSequence: try await recordAccess(access, by: actor), number: number, steps: steps)
    }

    /// Every read that showed the record: the audit trail, itself read only on the record. An
    /// auditor of one agency reads the trails of that agency's records only.
    public func accesses(to number: RecordNumber, context: QueryContext, scope: AuditScope = .statewide, by actor: EventActor) async throws -> AccessesAnswer {
        let context = Self.byNumber(context)
        try await checkQuery(.recordNumber(number), context, by: actor)
        let asOf = clock.now()
        let (position, current, accesses) = try ledger.read { transaction in
            let reader = try RecordReader.live(transaction, policy: policy)
            let current = try reader.current(number)
            guard scope.includes(current?.owner) else { return (reader.position, current, [RecordHistory.Access]()) }
            return (reader.position, current, try reader.accesses(to: number))
        }
        if !scope.includes(current?.owner) {
            throw try await reject(.outsideScope, target: number, problems: [FieldProblem(field: nil,
                "\(number) belongs to \(current?.owner ?? "another agency"); an auditor of \(scope) reads only its own agency's records")], by: actor)
        }
        let version = current?.version
        let access = AccessRecord(
            read: .accesses, query: .recordNumber(number), context: context, position: position, asOf: asOf,
            results: version.map { [ReturnedRecord(number: number, version: $0)] } ?? [], answerDigest: AnswerDigest.of(accesses))
        return AccessesAnswer(position: position, accessSequence: try await recordAccess(access, by: actor), number: number, accesses: accesses)
    }

    /// The refusal of a read of a record in the historical file, recorded.
    private func historicalFileRefusal(_ number: RecordNumber, by actor: EventActor) async throws -> RecordRejection {
        try await reject(.historicalFile, target: number, problems: [FieldProblem(field: nil,
            "\(number) is no longer in force: the historical file is read only by operators, supervisors and court clerks, for criminal-justice purposes")], by: actor)
    }

    /// Reads by number show records whatever their status, one at a time.
    static func byNumber(_ context: QueryContext) -> QueryContext {
        var shown = context
        shown.includeInactive = true
        shown.limit = 1
        return shown
    }

    /// The versions a history showed: each distinct one, in order.
    static func versions(shownIn steps: [RecordHistory.Step], of number: RecordNumber) -> [ReturnedRecord] {
        var versions: [ReturnedRecord] = []
        for step in steps where step.record != nil && versions.last?.version != step.record!.version {
            versions.append(ReturnedRecord(number: number, version: step.record!.version))
        }
        return versions
    }

    /// Appends the access event; returns its sequence once it is durable.
    func recordAccess(_ access: AccessRecord, by actor: EventActor) async throws -> UInt64 {
        let payload = access.canonicalJSON(capacity: 512)
        return try await writer.submit { transaction in try Self.appendAccess(payload, by: actor, to: transaction) }
    }

    /// Appends an access event (its payload an `AccessRecord`) to the reader's stream.
    static func appendAccess(_ payload: [UInt8], by actor: EventActor, to transaction: LedgerWriteTransaction) throws -> UInt64 {
        try transaction.append(
            EventDraft(type: AccessRecord.eventType, stream: AccessRecord.stream(userID: actor.userID), payload: payload), actor: actor
        ).sequence
    }

    func checkQuery(_ query: RecordQuery, _ context: QueryContext, by actor: EventActor) async throws {
        let problems = QueryValidation.problems(query, context)
        if !problems.isEmpty { throw try await rejectQuery(problems, by: actor) }
    }

    func rejectQuery(_ problems: [FieldProblem], by actor: EventActor) async throws -> RecordRejection {
        try await reject(.invalidField, target: nil, problems: problems, by: actor)
    }

    /// Records a refused read (its rule, its target, why) and returns the rejection to throw.
    func reject(
        _ rule: RecordRejection.Rule, target: RecordNumber?, problems: [FieldProblem], by actor: EventActor, command: String = "read"
    ) async throws -> RecordRejection {
        let record = RejectionRecord(command: command, target: target, rule: rule, problems: problems, existingRecord: nil)
        let payload = record.canonicalJSON()
        let event = try await writer.submit { transaction in
            try transaction.append(
                EventDraft(type: RejectionRecord.eventType, stream: RejectionRecord.stream(agency: actor.agency), payload: payload),
                actor: actor)
        }
        return RecordRejection(rule: rule, problems: problems, rejectionSequence: event.sequence, existingRecord: nil)
    }

    // MARK: Reading without an access event (the domain's own work)

    /// The record as it stands now, with its status now, undisclosed: for the domain's and the
    /// tests' own checks, never for an answer that leaves the process.
    public func record(_ number: RecordNumber) throws -> SearchHit? {
        let now = clock.now()
        return try ledger.read { transaction in
            try RecordsProjection.state(of: number, in: transaction.tables(of: RecordsProjection.self)).map {
                SearchHit(record: $0, status: $0.status(at: now, policy: policy), score: nil)
            }
        }
    }

    /// The record folded from its own events up to `sequence`, undisclosed (see `record(_:)`).
    public func record(_ number: RecordNumber, foldedThrough sequence: UInt64) throws -> RecordState? {
        try ledger.read { transaction in
            try RecordReader.fold(try transaction.streamEvents(number.stream, throughSequence: sequence), number: number)
        }
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

    /// An agency's requests to confirm hits, incoming and outgoing, as of now.
    public func hitConfirmations(for agency: String, overdueOnly: Bool = false) throws -> HitConfirmationReport {
        let now = clock.now()
        return try ledger.read { transaction in
            try HitConfirmationReport.make(for: agency, in: transaction.tables(of: RecordsProjection.self), at: now, overdueOnly: overdueOnly)
        }
    }

    // MARK: Audit

    /// Computes a past answer again: the read the access event names, over the log as it stood
    /// at the position it recorded, judged at the moment it recorded. A search replays the
    /// records projection to that position; a read of one record folds its events.
    public func rederive(accessSequence: UInt64) throws -> Rederivation {
        try ledger.read { transaction in
            guard let event = try transaction.event(at: accessSequence), event.type == AccessRecord.eventType,
                  let payload = event.payload
            else { throw LedgerError.eventNotFound(sequence: accessSequence) }
            let access = try AccessRecord(canonicalJSON: payload)
            let (results, digest) = try Self.answer(to: access, in: transaction, policy: policy)
            return Rederivation(
                accessSequence: accessSequence, read: access.read, position: access.position, recorded: access.results,
                rederived: results, recordedDigest: access.answerDigest, rederivedDigest: digest)
        }
    }

    static func answer(to access: AccessRecord, in transaction: LedgerReadTransaction, policy: RetentionPolicy) throws
        -> ([ReturnedRecord], Digest32)
    {
        let projection = transaction.ledger.projection(RecordsProjection.self)
        switch (access.read, access.query) {
        case (.activity(let from, let to), let subject):
            let reader = RecordReader(transaction: transaction, position: access.position, records: nil, policy: policy)
            let investigation = try reader.activity(of: subject, from: from, to: to, scope: access.scope ?? .statewide)
            return ([], AnswerDigest.of(value: investigation))
        case (.search, let query):
            let replayed = try transaction.replay(projection, through: access.position)
            let reader = RecordReader(transaction: transaction, position: access.position, records: replayed, policy: policy)
            let hits = try reader.search(query, context: access.context, asOf: access.asOf)
            return (hits.map { ReturnedRecord(number: $0.number, version: $0.record.version) }, AnswerDigest.of(hits))
        case (.history, .recordNumber(let number)):
            let reader = RecordReader(transaction: transaction, position: access.position, records: nil, policy: policy)
            let steps = try reader.history(of: number, purpose: access.context.purpose)
            return (versions(shownIn: steps, of: number), AnswerDigest.of(steps))
        case (.accesses, .recordNumber(let number)):
            let reader = RecordReader(
                transaction: transaction, position: access.position, records: transaction.tables(of: RecordsProjection.self), policy: policy)
            let version = try RecordReader(transaction: transaction, position: access.position, records: nil, policy: policy).current(number)?.version
            return (version.map { [ReturnedRecord(number: number, version: $0)] } ?? [], AnswerDigest.of(try reader.accesses(to: number)))
        case (.timeline, .recordNumber(let number)):
            let reader = RecordReader(
                transaction: transaction, position: access.position, records: transaction.tables(of: RecordsProjection.self), policy: policy)
            let version = try RecordReader(transaction: transaction, position: access.position, records: nil, policy: policy).current(number)?.version
            let timeline = try reader.timeline(of: number, purpose: access.context.purpose)
            return (version.map { [ReturnedRecord(number: number, version: $0)] } ?? [], AnswerDigest.of(timeline))
        case (.subject, let query):
            let replayed = try transaction.replay(projection, through: access.position)
            let reader = RecordReader(transaction: transaction, position: access.position, records: replayed, policy: policy)
            let investigation = try reader.subject(query, purpose: access.context.purpose, scope: access.scope ?? .statewide, asOf: access.asOf)
            return (investigation.shown, AnswerDigest.of(value: investigation, capacity: investigation.expectedEncodedSize))
        case (.discovery(let order, let earlierTreeSize), _):
            let bundle = try rederiveDiscovery(access, order: order, earlierTreeSize: earlierTreeSize, in: transaction, policy: policy)
            return (bundle.records, bundle.digest)
        case (let read, .recordNumber(let number)):
            let reader = RecordReader(transaction: transaction, position: access.position, records: nil, policy: policy)
            let hit = try reader.record(number, read: read, asOf: access.asOf, purpose: access.context.purpose)
            return (hit.map { [ReturnedRecord(number: number, version: $0.record.version)] } ?? [], AnswerDigest.of(hit))
        default:
            throw LedgerError.corrupted(sequence: 0, reason: "an access event reads \(access.read.kind) by \(access.query.kind.rawValue)")
        }
    }
}
