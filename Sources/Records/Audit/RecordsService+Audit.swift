import Foundation
import Ledger

/// The auditors' reads. Each is an access event like any other read (so an investigation is
/// itself on the record of what it showed) and names its scope, so `rederive` computes it
/// again exactly.
extension RecordsService {
    /// A record's history with every access that showed it, as one timeline. An auditor of one
    /// agency reads only that agency's records.
    public func timeline(of number: RecordNumber, context: QueryContext, scope: AuditScope, by actor: EventActor) async throws -> TimelineAnswer {
        let context = Self.byNumber(context)
        try await checkQuery(.recordNumber(number), context, by: actor)
        let asOf = clock.now()
        let policy = self.policy
        let (position, current, timeline) = try ledger.read { transaction in
            let reader = try RecordReader.live(transaction, policy: policy)
            let current = try reader.current(number)
            guard scope.includes(current?.owner) else { return (reader.position, current, [TimelineEntry]()) }
            return (reader.position, current, try reader.timeline(of: number, purpose: context.purpose))
        }
        if !scope.includes(current?.owner) { throw try await outsideScope(number, owner: current?.owner, scope: scope, by: actor) }
        let access = AccessRecord(
            read: .timeline, query: .recordNumber(number), context: context, position: position, asOf: asOf,
            results: current.map { [ReturnedRecord(number: number, version: $0.version)] } ?? [], answerDigest: AnswerDigest.of(timeline),
            scope: scope)
        return TimelineAnswer(position: position, accessSequence: try await recordAccess(access, by: actor), number: number, timeline: timeline)
    }

    /// Everything about one person, named by state id, FBI number, or name and date of birth
    /// (`SubjectInvestigation`). An auditor of one agency sees that agency's records and the
    /// searches its own users made.
    public func investigate(_ subject: RecordQuery, context: QueryContext, scope: AuditScope, by actor: EventActor) async throws -> SubjectAnswer {
        var context = context
        context.includeInactive = true
        context.limit = QueryContext.maximumLimit
        try await checkQuery(subject, context, by: actor)
        guard [.stateID, .fbiNumber, .name].contains(subject.kind) else {
            throw try await rejectQuery([FieldProblem(field: "by", "an investigation names a person by stateID, fbiNumber, or name and dateOfBirth")], by: actor)
        }
        let asOf = clock.now()
        let policy = self.policy
        let (position, investigation) = try ledger.read { transaction in
            let reader = try RecordReader.live(transaction, policy: policy)
            return (reader.position, try reader.subject(subject, purpose: context.purpose, scope: scope, asOf: asOf))
        }
        let access = AccessRecord(
            read: .subject, query: subject, context: context, position: position, asOf: asOf, results: investigation.shown,
            answerDigest: AnswerDigest.of(value: investigation, capacity: investigation.expectedEncodedSize), scope: scope)
        return SubjectAnswer(position: position, asOf: asOf, accessSequence: try await recordAccess(access, by: actor), investigation: investigation)
    }

    /// Everything a user (`.user`) or an agency's users (`.agency`) did in a time range: every
    /// search, read, command, refusal, login and failed login they are the actor of. An
    /// auditor of one agency investigates its own agency and its own users only.
    public func activity(
        of subject: RecordQuery, from: LedgerTime?, to: LedgerTime?, context: QueryContext, scope: AuditScope, by actor: EventActor
    ) async throws -> ActivityAnswer {
        try await checkQuery(subject, context, by: actor)
        guard subject.isAuditOnly else {
            throw try await rejectQuery([FieldProblem(field: "by", "an activity investigation names a user or an agency")], by: actor)
        }
        if case .agency(let ori) = subject, !scope.includes(ori) {
            throw try await reject(.outsideScope, target: nil, problems: [FieldProblem(field: nil,
                "an auditor of \(scope) investigates its own agency only, not \(ori)")], by: actor)
        }
        if let from, let to, !(from < to) {
            throw try await rejectQuery([FieldProblem(field: "to", "must be after from")], by: actor)
        }
        let asOf = clock.now()
        let policy = self.policy
        let (position, investigation) = try ledger.read { transaction in
            let reader = try RecordReader.live(transaction, policy: policy)
            return (reader.position, try reader.activity(of: subject, from: from, to: to, scope: scope))
        }
        let access = AccessRecord(
            read: .activity(from: from, to: to), query: subject, context: context, position: position, asOf: asOf, results: [],
            answerDigest: AnswerDigest.of(value: investigation), scope: scope)
        return ActivityAnswer(position: position, accessSequence: try await recordAccess(access, by: actor), investigation: investigation)
    }

    /// The misuse signals over the accesses of a period, by the users within `scope` (an
    /// auditor of one agency reports on its own agency only), narrowed to one `agency` within
    /// it or to one `user`'s findings if asked. Recorded as a `MisuseReportRead` event with the
    /// report's digest.
    public func misuseReport(
        from: LedgerTime?, to: LedgerTime?, scope: AuditScope, agency: String? = nil, user: String? = nil,
        thresholds: MisuseReport.Thresholds = MisuseReport.Thresholds(), by actor: EventActor
    ) async throws -> MisuseReportAnswer {
        if let from, let to, !(from < to) {
            throw try await rejectQuery([FieldProblem(field: "to", "must be after from")], by: actor)
        }
        var problems = QueryValidation.problems(.agency(agency ?? "X"), QueryContext(purpose: .administrative)).map { FieldProblem(field: "agency", $0.message) }
        problems += QueryValidation.problems(.user(user ?? "X"), QueryContext(purpose: .administrative)).map { FieldProblem(field: "user", $0.message) }
        if !problems.isEmpty { throw try await rejectQuery(problems, by: actor) }
        var scope = scope
        if let agency {
            guard scope.includes(agency) else {
                throw try await reject(.outsideScope, target: nil, problems: [FieldProblem(field: "agency",
                    "an auditor of \(scope) reports on its own agency only, not \(agency)")], by: actor)
            }
            scope = .agency(agency)
        }
        let policy = self.policy
        let personnel = self.personnel
        let (position, report) = try ledger.read { transaction in
            let reader = try RecordReader.live(transaction, policy: policy)
            let accounts = personnel?.personnel(in: transaction, through: reader.position)
            return (reader.position, try reader.misuseReport(from: from, to: to, scope: scope, user: user, thresholds: thresholds, personnel: accounts))
        }
        let digest = Digest32.sha256([UInt8](try MisuseReport.encoder.encode(report)))
        let record = MisuseReportRecord(from: from, to: to, scope: scope, user: user, position: position, findings: report.findings.count, digest: digest)
        let payload = record.canonicalJSON()
        let sequence = try await writer.submit { transaction in
            try transaction.append(
                EventDraft(type: MisuseReportRecord.eventType, stream: AccessRecord.stream(userID: actor.userID), payload: payload), actor: actor
            ).sequence
        }
        return MisuseReportAnswer(position: position, reportSequence: sequence, report: report)
    }

    /// Computes the answer of a past access event again and says whether it equals what was
    /// shown, or why not: the redactions (court-ordered destructions) made since that removed
    /// events the answer was computed from. The reproduction is itself recorded. An auditor of
    /// one agency reproduces the reads of that agency's users only.
    public func reproduce(accessSequence: UInt64, scope: AuditScope, by actor: EventActor) async throws -> Reproduction {
        let policy = self.policy
        let computed = try ledger.read { transaction -> (Rederivation, [Reproduction.LaterRedaction])? in
            guard let event = try transaction.event(at: accessSequence), event.type == AccessRecord.eventType, let payload = event.payload
            else { throw LedgerError.eventNotFound(sequence: accessSequence) }
            guard scope.includes(event.actor.agency) else { return nil }
            let access = try AccessRecord(canonicalJSON: payload)
            let (results, digest) = try Self.answer(to: access, in: transaction, policy: policy)
            let rederivation = Rederivation(
                accessSequence: accessSequence, read: access.read, position: access.position, recorded: access.results,
                rederived: results, recordedDigest: access.answerDigest, rederivedDigest: digest)
            return (rederivation, try Reproduction.laterRedactions(after: access.position, in: transaction))
        }
        guard let (rederivation, redactions) = computed else {
            let problem = FieldProblem(field: nil, "access event \(accessSequence) is not by a user of \(scope); an auditor of \(scope) reproduces only its own agency's reads")
            throw try await reject(.outsideScope, target: nil, problems: [problem], by: actor)
        }
        let record = ReproductionRecord(accessSequence: accessSequence, matches: rederivation.matches)
        let payload = record.canonicalJSON()
        let sequence = try await writer.submit { transaction in
            try transaction.append(
                EventDraft(type: ReproductionRecord.eventType, stream: AccessRecord.stream(userID: actor.userID), payload: payload), actor: actor
            ).sequence
        }
        return Reproduction(reproductionSequence: sequence, rederivation: rederivation, laterRedactions: redactions)
    }

    private func outsideScope(_ number: RecordNumber, owner: String?, scope: AuditScope, by actor: EventActor) async throws -> RecordRejection {
        try await reject(.outsideScope, target: number, problems: [FieldProblem(field: nil,
            "\(number) belongs to \(owner ?? "another agency"); an auditor of \(scope) reads only its own agency's records")], by: actor)
    }
}
