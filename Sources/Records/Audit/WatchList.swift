import Ledger

/// The subjects auditors flag (public figures, people in the news, complainants): any read of
/// their records is a misuse signal (`flaggedSubject`). The list is events on the `watchlist`
/// stream, so who flagged whom, when and why is on the record like everything else:
/// `SubjectFlagged` `{"reason", "subject": query}` and `SubjectUnflagged` `{"flag": sequence,
/// "reason"}`.
public enum WatchList {
    static let stream = "watchlist"
    static let flaggedType = "SubjectFlagged"
    static let unflaggedType = "SubjectUnflagged"
    static let maximumReasonLength = 200

    /// A subject on the list: the event that put it there, whom it names and why.
    public struct Flag: Hashable, Sendable, Codable {
        public let sequence: UInt64
        public let subject: RecordQuery
        public let reason: String
        public let flaggedBy: EventActor
    }

    /// The flags in force after the events up to `position`, oldest first.
    static func flags(in transaction: LedgerReadTransaction, through position: UInt64) throws -> [Flag] {
        var flags: [UInt64: Flag] = [:]
        for event in try transaction.streamEvents(stream, throughSequence: position) {
            guard let payload = event.payload else { continue }
            if event.type == flaggedType {
                let record = try FlagRecord(canonicalJSON: payload)
                flags[event.sequence] = Flag(sequence: event.sequence, subject: record.subject, reason: record.reason, flaggedBy: event.actor)
            } else if event.type == unflaggedType {
                flags[try UnflagRecord(canonicalJSON: payload).flag] = nil
            }
        }
        return flags.keys.sorted().map { flags[$0]! }
    }

    /// Why a reason is refused, or nil.
    static func reasonProblem(_ reason: String) -> FieldProblem? {
        if reason.trimmingSpaces.isEmpty || reason.count > maximumReasonLength {
            return FieldProblem(field: "reason", "say why, in 1 to \(maximumReasonLength) characters")
        }
        return TextPolicy.problem(with: reason).map { FieldProblem(field: "reason", $0) }
    }

    struct FlagRecord: CanonicalJSON {
        let reason: String
        let subject: RecordQuery

        init(reason: String, subject: RecordQuery) {
            self.reason = reason
            self.subject = subject
        }

        init(canonicalJSON reader: inout JSONReader) throws {
            var reason: String?, subject: RecordQuery?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key == "reason" { reason = try reader.readString() }
                else if key == "subject" { subject = try reader.read(RecordQuery.self) }
                else { try reader.skipValue() }
            }
            self.init(reason: try reader.require(reason, "reason"), subject: try reader.require(subject, "subject"))
        }

        func writeCanonicalJSON(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.key("reason")
            writer.string(reason)
            writer.key("subject")
            writer.value(subject)
            writer.endObject()
        }
    }

    struct UnflagRecord: CanonicalJSON {
        let flag: UInt64
        let reason: String

        init(flag: UInt64, reason: String) {
            self.flag = flag
            self.reason = reason
        }

        init(canonicalJSON reader: inout JSONReader) throws {
            var flag: UInt64?, reason: String?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key == "flag" { flag = try reader.readUInt64() }
                else if key == "reason" { reason = try reader.readString() }
                else { try reader.skipValue() }
            }
            self.init(flag: try reader.require(flag, "flag"), reason: try reader.require(reason, "reason"))
        }

        func writeCanonicalJSON(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.key("flag")
            writer.uint64(flag)
            writer.key("reason")
            writer.string(reason)
            writer.endObject()
        }
    }
}

/// The watch list as an auditor may read it.
public struct WatchListAnswer: Hashable, Sendable {
    /// The log position the list was read at.
    public let position: UInt64
    public let flags: [WatchList.Flag]
}

extension RecordsService {
    /// The flags in force, oldest first: every flag for a state auditor, the flags its own
    /// agency's auditors set for an auditor of one agency (a flag's reason can say why a
    /// person is watched, which is no business of another agency).
    public func watchList(scope: AuditScope) throws -> WatchListAnswer {
        try ledger.read { transaction in
            let position = try transaction.lastSequence()
            let flags = try WatchList.flags(in: transaction, through: position).filter { scope.includes($0.flaggedBy.agency) }
            return WatchListAnswer(position: position, flags: flags)
        }
    }

    /// Puts a subject (state id, FBI number, or name and date of birth) on the watch list;
    /// returns the flag's sequence. A refusal is recorded.
    public func flag(_ subject: RecordQuery, reason: String, by actor: EventActor) async throws -> UInt64 {
        var problems = QueryValidation.problems(subject, QueryContext(purpose: .administrative))
        if ![.stateID, .fbiNumber, .name].contains(subject.kind) {
            problems.append(FieldProblem(field: "subject", "a watch list names a person by stateID, fbiNumber, or name and dateOfBirth"))
        }
        if let problem = WatchList.reasonProblem(reason) { problems.append(problem) }
        if !problems.isEmpty { throw try await rejectQuery(problems, by: actor) }
        let payload = WatchList.FlagRecord(reason: reason, subject: subject).canonicalJSON()
        return try await writer.submit { transaction in
            try transaction.append(EventDraft(type: WatchList.flaggedType, stream: WatchList.stream, payload: payload), actor: actor).sequence
        }
    }

    /// Takes a flag off the list, saying why. Refused (and recorded) when no flag in force has
    /// that sequence. Decided in the writer's transaction, so two removals cannot both pass.
    public func unflag(_ flag: UInt64, reason: String, by actor: EventActor) async throws -> UInt64 {
        if let problem = WatchList.reasonProblem(reason) { throw try await rejectQuery([problem], by: actor) }
        let payload = WatchList.UnflagRecord(flag: flag, reason: reason).canonicalJSON()
        let outcome = try await writer.submit { transaction -> UInt64? in
            let position = try transaction.lastSequence()
            guard try WatchList.flags(in: transaction, through: position).contains(where: { $0.sequence == flag }) else { return nil }
            return try transaction.append(EventDraft(type: WatchList.unflaggedType, stream: WatchList.stream, payload: payload), actor: actor).sequence
        }
        guard let outcome else {
            throw try await reject(.notFound, target: nil, problems: [FieldProblem(field: "flag", "no flag in force is event \(flag)")], by: actor)
        }
        return outcome
    }
}
