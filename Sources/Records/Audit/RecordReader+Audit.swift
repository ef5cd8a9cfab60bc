import Ledger

/// The auditors' reads, computed from the log up to the reader's position like every other
/// answer, so that `rederive` can compute them again.
extension RecordReader {
    /// A record's events (as its history shows them to `purpose`) and every access that showed
    /// it, in log order: one timeline.
    func timeline(of number: RecordNumber, purpose: PurposeCode) throws -> [TimelineEntry] {
        let changes = try history(of: number, purpose: purpose).map { (number, $0) }
        let accesses = try audited(try accessSequences(to: number), subjectRecords: [number]) { _ in true }
        return TimelineEntry.merged(changes: changes, accesses: accesses)
    }

    /// Everything about one person (named by state id, FBI number, or name and date of birth):
    /// their records within `scope`, every event that shaped them, every access that showed
    /// them, and every search whose criteria fit them, whatever it returned. The person's
    /// names and identifiers are taken from all their records, in scope or not, so that a
    /// search under an alias or a licence number is found too.
    func subject(_ query: RecordQuery, purpose: PurposeCode, scope: AuditScope, asOf: LedgerTime) throws -> SubjectInvestigation {
        let all = try subjectRecords(query)
        let found = all.filter { scope.includes($0.owner) }
        let allNumbers = Set(all.map(\.number))
        let shown = Set(found.map(\.number))
        // An auditor of one agency sees reads that showed its records, and every read its own
        // users made of the person, whoever owns what they were shown.
        let inScope: (AuditedAccess) -> Bool = { access in
            scope.includes(access.actor.agency) || access.access.results.contains { shown.contains($0.number) }
        }
        var changes: [(RecordNumber, RecordHistory.Step)] = []
        for number in found.map(\.number) {
            changes += try history(of: number, purpose: purpose).map { (number, $0) }
        }
        let sequences = try accessSequences(about: query, records: all)
        let accesses = try audited(sequences.sorted(), subjectRecords: allNumbers, include: inScope)
        let records = found.map { record in
            SearchHit(record: Disclosure.disclose(record, purpose: purpose), status: record.status(at: asOf, policy: policy), score: nil)
        }
        return SubjectInvestigation(subject: query, records: records, timeline: TimelineEntry.merged(changes: changes, accesses: accesses))
    }

    /// Every access up to `position` that showed one of the person's `records`, or whose
    /// search criteria fit the person, whatever it returned.
    func accessSequences(about query: RecordQuery, records all: [RecordState]) throws -> Set<UInt64> {
        var sequences: Set<UInt64> = []
        for number in all.map(\.number) { sequences.formUnion(try accessSequences(to: number)) }
        let identities = Self.identities(of: query, all)
        for prefix in identities.identifierPrefixes {
            sequences.formUnion(try self.sequences(in: RecordsProjection.searches, under: prefix))
        }
        // A name search is judged by its entry alone (the window and sex it could match); only
        // those that fit are read.
        for (sound, people) in identities.bySound {
            try forEachSequence(in: RecordsProjection.searches, under: SearchCriteria.namePrefix(sound: sound)) { sequence, value in
                guard let window = SearchCriteria.NameWindow(value) else {
                    throw LedgerError.corrupted(sequence: sequence, reason: "a name search's entry in the searches table is not 9 bytes")
                }
                if people.contains(where: { window.admits(dateOfBirth: $0.dateOfBirth, sex: $0.sex) }) { sequences.insert(sequence) }
            }
        }
        return sequences
    }

    /// The records about the person, in number order: those under the identifier, or those
    /// whose subject has a name of the same sounds born within the window.
    func subjectRecords(_ query: RecordQuery) throws -> [RecordState] {
        guard let records else { preconditionFailure("a subject investigation reads the records projection") }
        let context = QueryContext(purpose: .administrative, includeInactive: true, limit: QueryContext.maximumLimit)
        let hits = try RecordSearch.run(query, context: context, in: records, asOf: LedgerTime(microsecondsSinceEpoch: 0), policy: policy)
        let states = hits.map(\.record).filter { record in
            guard case .name(let last, let first, let dateOfBirth, _, let tolerance) = query else { return true }
            guard let subject = record.facts.subject else { return record.kind == .criminalHistory }
            return subject.allNames.contains { name in
                NYSIIS.code(name.last) == NYSIIS.code(last)
                    && ((first ?? "").isEmpty || NYSIIS.code(name.first) == NYSIIS.code(first ?? ""))
            } && abs(subject.dateOfBirth.dayNumber - dateOfBirth.dayNumber) <= tolerance
        }
        return states.sorted { $0.number < $1.number }
    }

    /// The access events at `sequences` as an auditor sees them, those `include` keeps.
    private func audited(
        _ sequences: [UInt64], subjectRecords: Set<RecordNumber>, include: (AuditedAccess) -> Bool
    ) throws -> [AuditedAccess] {
        var accesses: [AuditedAccess] = []
        accesses.reserveCapacity(sequences.count)
        for sequence in sequences {
            let audited = try transaction.withStoredEvent(at: sequence) { event -> AuditedAccess? in
                guard let payload = event.payload else { return nil }
                let access = try AccessRecord(canonicalJSON: payload)
                let relation: AuditedAccess.Relation = access.results.contains { subjectRecords.contains($0.number) } ? .returned : .matchedCriteria
                return AuditedAccess(
                    sequence: sequence, recordedAt: event.recordedAt, actor: event.actor, relation: relation, access: access, payload: [UInt8](payload))
            }
            if let audited = audited ?? nil, include(audited) { accesses.append(audited) }
        }
        return accesses
    }

    /// Who the person is, as searches could have named them: every name (and alias) with its
    /// birth date and sex, grouped by the sound of its surname, and every identifier of their
    /// records.
    struct SubjectIdentities {
        var bySound: [String: [(dateOfBirth: CalendarDate, sex: String)]] = [:]
        var identifierPrefixes: [[UInt8]] = []

        mutating func add(_ name: PersonName, dateOfBirth: CalendarDate, sex: String) {
            bySound[NYSIIS.code(name.last), default: []].append((dateOfBirth, sex))
        }
    }

    private static func identities(of query: RecordQuery, _ records: [RecordState]) -> SubjectIdentities {
        var identities = SubjectIdentities()
        var prefixes: Set<[UInt8]> = []
        if case .name(let last, _, let dateOfBirth, let sex, _) = query {
            identities.add(PersonName(last), dateOfBirth: dateOfBirth, sex: sex ?? "U")
        } else {
            prefixes.formUnion(SearchCriteria.criteria(of: query).map(\.prefix))
        }
        for record in records {
            guard let subject = record.facts.subject else { continue }
            for name in subject.allNames { identities.add(name, dateOfBirth: subject.dateOfBirth, sex: subject.sex) }
            for key in subject.indexKeys { prefixes.insert(key.prefix) }
        }
        identities.identifierPrefixes = prefixes.sorted { $0.lexicographicallyPrecedes($1) }
        return identities
    }
}

extension RecordReader {
    /// Everything the user (or the agency's users) did from `from` (included) to `to`
    /// (excluded), up to the reader's position, oldest first: searches, reads, commands,
    /// refusals, logins and failed logins, every event they are the actor of. An auditor of
    /// one agency sees only what was done under its own agency.
    func activity(of subject: RecordQuery, from: LedgerTime?, to: LedgerTime?, scope: AuditScope) throws -> ActivityInvestigation {
        let first = try from.map { try transaction.firstSequence(recordedAtOrAfter: $0) } ?? 1
        let end = try to.map { try transaction.firstSequence(recordedAtOrAfter: $0) } ?? .max
        let last = min(position, end == 0 ? 0 : end - 1)
        var entries: [ActivityEntry] = []
        var truncated = false
        guard first <= last else { return ActivityInvestigation(subject: subject, entries: [], truncated: false) }
        try transaction.forEachEvent(from: first, through: last) { event in
            guard Self.isDone(by: subject, event.actor), scope.includes(event.actor.agency) else { return true }
            guard entries.count < ActivityInvestigation.maximumEntries else {
                truncated = true
                return false
            }
            entries.append(try ActivityEntry(event))
            return true
        }
        return ActivityInvestigation(subject: subject, entries: entries, truncated: truncated)
    }

    private static func isDone(by subject: RecordQuery, _ actor: EventActor) -> Bool {
        switch subject {
        case .user(let userID): return actor.userID == userID
        case .agency(let ori): return actor.agency == ori
        default: preconditionFailure("an activity investigation names a user or an agency")
        }
    }
}
