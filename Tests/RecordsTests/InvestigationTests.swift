import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// The auditors' reads: a subject's whole story, a record's timeline, and reproducing a past
/// answer, before and after a court-ordered destruction.
@Suite("Audit investigations and reproduction")
struct InvestigationTests {
    static let stateAuditor = EventActor(userID: "aud-state-1", agency: "CA0000000", clientAddress: "10.9.9.9")
    static let sacramentoAuditor = EventActor(userID: "aud-sac-1", agency: "CA0340000", clientAddress: "10.9.9.8")
    static let auditContext = QueryContext(purpose: .administrative, caseNumber: "COMPLAINT-7")

    /// Luis Garcia (SID A7777777, born 1990-01-01) with a person record and a want, and the
    /// reads that could have shown him: searches before he was entered (no hits), searches
    /// after, reads by number and a history; plus reads that could not have (another person,
    /// a birth-date window that misses him). Returns the sequences that must be listed.
    struct Workload {
        let records: [RecordNumber]
        /// Searches whose criteria fit him and which showed none of his records.
        let matchedCriteria: Set<UInt64>
        /// Reads that showed his records.
        let returned: Set<UInt64>
        /// The one of them a Sacramento user made.
        let sacramentoSearch: UInt64
        let unrelated: Set<UInt64>
    }

    static func workload(_ fixture: RecordsFixture) async throws -> Workload {
        let garcia = Samples.person("GARCIA, LUIS", born: "19900101", stateID: "A7777777")
        let bornWindow = RecordQuery.name(last: "GARCIA", first: "LUIS", dateOfBirth: Samples.date("19900301"), sex: nil, toleranceDays: 365)
        let caseContext = QueryContext(purpose: .criminalJustice, caseNumber: "24-1")
        var matched: Set<UInt64> = []
        matched.insert(try await fixture.query(bornWindow).accessSequence)
        matched.insert(try await fixture.query(.stateID("A7777777")).accessSequence)
        // Another spelling of the same sound, and a sex of "U", fit too.
        #expect(NYSIIS.code("GARCEA") == NYSIIS.code("GARCIA"))
        matched.insert(try await fixture.query(.name(last: "GARCEA", first: nil, dateOfBirth: Samples.date("19900101"), sex: "U", toleranceDays: 0)).accessSequence)
        var unrelated: Set<UInt64> = []
        unrelated.insert(try await fixture.query(.name(last: "GARCIA", first: "LUIS", dateOfBirth: Samples.date("19700101"), sex: nil, toleranceDays: 365)).accessSequence)
        unrelated.insert(try await fixture.query(.name(last: "GARCIA", first: "LUIS", dateOfBirth: Samples.date("19900101"), sex: "F", toleranceDays: 0)).accessSequence)
        unrelated.insert(try await fixture.query(.stateID("A1111111")).accessSequence)

        let person = try await fixture.enter(.person(garcia))
        let want = try await fixture.enter(Samples.wanted(garcia))
        let smith = try await fixture.enter(.person(Samples.person("SMITH, ANNA", born: "19850505", sex: "F", stateID: "A2222222")))
        var returned: Set<UInt64> = []
        returned.insert(try await fixture.query(bornWindow).accessSequence)
        let sacramentoSearch = try await fixture.query(.stateID("A7777777"), by: RecordsFixture.sacramento).accessSequence
        returned.insert(sacramentoSearch)
        returned.insert(try await fixture.service.record(want.number, context: caseContext, by: RecordsFixture.losAngeles).accessSequence)
        returned.insert(try await fixture.service.history(of: person.number, context: caseContext, by: RecordsFixture.losAngeles).accessSequence)
        unrelated.insert(try await fixture.query(.stateID("A2222222")).accessSequence)
        unrelated.insert(try await fixture.service.record(smith.number, context: caseContext, by: RecordsFixture.losAngeles).accessSequence)
        return Workload(records: [person.number, want.number].sorted(), matchedCriteria: matched,
                        returned: returned, sacramentoSearch: sacramentoSearch, unrelated: unrelated)
    }

    static func accesses(_ timeline: [TimelineEntry]) -> [UInt64: AuditedAccess.Relation] {
        var relations: [UInt64: AuditedAccess.Relation] = [:]
        for case .access(let access) in timeline { relations[access.sequence] = access.relation }
        return relations
    }

    @Test func aSubjectInvestigationListsEveryReadThatCouldHaveShownThemAndNoOther() async throws {
        let fixture = try RecordsFixture()
        let workload = try await Self.workload(fixture)
        for subject in [RecordQuery.stateID("A7777777"), .name(last: "GARCIA", first: "LUIS", dateOfBirth: Samples.date("19900101"), sex: "M", toleranceDays: 0)] {
            let answer = try await fixture.service.investigate(subject, context: Self.auditContext, scope: .statewide, by: Self.stateAuditor)
            let investigation = answer.investigation
            #expect(investigation.records.map(\.number) == workload.records)
            let relations = Self.accesses(investigation.timeline)
            let listed = Set(relations.keys)
            #expect(workload.matchedCriteria.allSatisfy { relations[$0] == .matchedCriteria }, "\(relations)")
            #expect(workload.returned.allSatisfy { relations[$0] == .returned }, "\(relations)")
            #expect(listed.isDisjoint(with: workload.unrelated), "listed unrelated reads \(listed.intersection(workload.unrelated).sorted())")
            #expect(listed == workload.matchedCriteria.union(workload.returned).union(Self.earlierInvestigations(investigation.timeline)))
            // Both records' entries are there, and the timeline is in log order.
            let changes = investigation.timeline.compactMap { entry -> RecordNumber? in
                if case .change(let number, _) = entry { return number } else { return nil }
            }
            #expect(Set(changes) == Set(workload.records))
            #expect(investigation.timeline.map(\.sequence) == investigation.timeline.map(\.sequence).sorted())
            // The investigation is itself an access event, and can be computed again.
            let rederivation = try fixture.service.rederive(accessSequence: answer.accessSequence)
            #expect(rederivation.matches, "\(rederivation)")
            #expect(rederivation.read == .subject)
        }
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    /// The second investigation lists the first: it showed the subject's records too.
    static func earlierInvestigations(_ timeline: [TimelineEntry]) -> Set<UInt64> {
        var sequences: Set<UInt64> = []
        for case .access(let access) in timeline where access.access.read == .subject { sequences.insert(access.sequence) }
        return sequences
    }

    @Test func anAgencyAuditorSeesReadsOfItsOwnRecordsAndEveryReadItsOwnUsersMade() async throws {
        let fixture = try RecordsFixture()
        let workload = try await Self.workload(fixture)
        let answer = try await fixture.service.investigate(.stateID("A7777777"), context: Self.auditContext, scope: .agency("CA0340000"), by: Self.sacramentoAuditor)
        #expect(answer.investigation.records.map(\.number) == workload.records)
        let relations = Self.accesses(answer.investigation.timeline)
        // Los Angeles searched before the records existed: not Sacramento's users, not its records.
        #expect(relations.values.allSatisfy { $0 == .returned })
        #expect(Set(relations.keys) == workload.returned)

        // An auditor of Los Angeles: none of his records are its agency's, so it sees none of
        // them and none of their events, but every read its own users made of him; not the
        // search a Sacramento user made.
        let losAngeles = try await fixture.service.investigate(.stateID("A7777777"), context: Self.auditContext, scope: .agency("CA0194200"), by: Self.stateAuditor)
        #expect(losAngeles.investigation.records.isEmpty)
        #expect(!losAngeles.investigation.timeline.contains { if case .change = $0 { true } else { false } })
        let seen = Self.accesses(losAngeles.investigation.timeline)
        var expected: [UInt64: AuditedAccess.Relation] = [:]
        for sequence in workload.matchedCriteria { expected[sequence] = .matchedCriteria }
        for sequence in workload.returned where sequence != workload.sacramentoSearch { expected[sequence] = .returned }
        #expect(seen == expected, "\(seen)")
    }

    @Test func aRecordTimelineInterleavesItsEventsAndItsAccessesAndCanBeComputedAgain() async throws {
        let fixture = try RecordsFixture()
        let workload = try await Self.workload(fixture)
        let want = workload.records[1]
        let answer = try await fixture.service.timeline(of: want, context: Self.auditContext, scope: .statewide, by: Self.stateAuditor)
        let events = try fixture.ledger.read { try $0.streamEvents(want.stream) }.map(\.sequence)
        let accesses = try await fixture.service.accesses(to: want, context: Self.auditContext, by: Self.stateAuditor).accesses.map(\.sequence)
        #expect(answer.timeline.map(\.sequence) == (events + accesses.filter { $0 < answer.position }).sorted())
        let rederivation = try fixture.service.rederive(accessSequence: answer.accessSequence)
        #expect(rederivation.matches && rederivation.read == .timeline, "\(rederivation)")

        let outside = try await #require(throws: RecordRejection.self) {
            try await fixture.service.timeline(of: want, context: Self.auditContext, scope: .agency("CA0194200"), by: Self.stateAuditor)
        }
        #expect(outside.rule == .outsideScope && outside.rejectionSequence > answer.accessSequence)
    }

    @Test func reproductionMatchesUntilADestructionOrderAndThenSaysWhichOrderChangedTheAnswer() async throws {
        let fixture = try RecordsFixture()
        let workload = try await Self.workload(fixture)
        let want = workload.records[1]
        let read = try await fixture.service.record(want, context: QueryContext(purpose: .criminalJustice, caseNumber: "24-1"), by: RecordsFixture.losAngeles)
        let before = try await fixture.service.reproduce(accessSequence: read.accessSequence, scope: .statewide, by: Self.stateAuditor)
        #expect(before.matches && before.laterRedactions.isEmpty, "\(before.finding)")
        #expect(before.finding.contains("equals"))

        let entry = try fixture.ledger.read { try $0.streamEvents(want.stream) }[0].sequence
        let order = try await fixture.writer.submit { transaction in
            try transaction.redactPayloads(of: [entry], reason: "PC 851.8 order 26-CR-1", actor: RecordsFixture.court).sequence
        }
        let after = try await fixture.service.reproduce(accessSequence: read.accessSequence, scope: .statewide, by: Self.stateAuditor)
        #expect(!after.matches)
        #expect(after.laterRedactions.map(\.sequence) == [order])
        #expect(after.laterRedactions.first?.removedEvents == [entry])
        #expect(after.finding.contains("PC 851.8 order 26-CR-1") && after.finding.contains("\(want) v1"), "\(after.finding)")
        // Each reproduction is on the record.
        let recorded = try fixture.ledger.read { try $0.streamEvents(AccessRecord.stream(userID: Self.stateAuditor.userID)) }
        #expect(recorded.filter { $0.type == "AccessReproduced" }.map(\.sequence) == [before.reproductionSequence, after.reproductionSequence])

        let refused = try await #require(throws: RecordRejection.self) {
            try await fixture.service.reproduce(accessSequence: read.accessSequence, scope: .agency("CA0340000"), by: Self.sacramentoAuditor)
        }
        #expect(refused.rule == .outsideScope)
    }

    @Test func aUsersActivityListsWhatTheyDidInTheRangeAndNothingElse() async throws {
        let fixture = try RecordsFixture()
        let caseContext = QueryContext(purpose: .criminalJustice, caseNumber: "24-1")
        let early = try await fixture.query(.stateID("A1111111")).accessSequence
        fixture.clock.advance(hours: 1)
        let from = fixture.clock.now()
        let want = try await fixture.enter(Samples.wanted())
        let search = try await fixture.query(.stateID("A12345678")).accessSequence
        let read = try await fixture.service.record(want.number, context: caseContext, by: RecordsFixture.losAngeles).accessSequence
        let refused = try await fixture.rejection(.clear(want.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED")), by: RecordsFixture.losAngeles)
        let request = try await fixture.confirmHit(want.number, readFirst: false)
        let located = try await fixture.service.execute(
            .locate(want.number, LocateDetails(locatedOn: fixture.today, caseNumber: "L-1", recovered: "SUBJECT IN CUSTODY")), by: RecordsFixture.losAngeles)
        fixture.clock.advance(hours: 1)
        let to = fixture.clock.now()
        _ = try await fixture.query(.stateID("A2222222")).accessSequence

        let answer = try await fixture.service.activity(
            of: .user(RecordsFixture.losAngeles.userID), from: from, to: to, context: Self.auditContext, scope: .statewide, by: Self.stateAuditor)
        let entries = answer.investigation.entries
        // The request to confirm the hit is Los Angeles's act; the confirmation is Sacramento's.
        #expect(entries.map(\.sequence) == [search, read, refused.rejectionSequence, request, located.lastSequence])
        #expect(!entries.contains { $0.sequence == early }, "before the range")
        #expect(entries[0].access?.query == .stateID("A12345678") && entries[0].access?.read == .search)
        #expect(entries[1].access?.read == .record)
        #expect(entries[2].type == "CommandRejected" && entries[2].details["command"] == "clear" && entries[2].details["target"] == want.number.text)
        #expect(entries[2].details["rule"] != nil && entries[2].details["reason"]?.isEmpty == false)
        #expect(entries[3].type == "HitConfirmationRequested")
        #expect(entries[4].details == ["number": want.number.text])
        #expect(!answer.investigation.truncated)
        let rederivation = try fixture.service.rederive(accessSequence: answer.accessSequence)
        #expect(rederivation.matches && rederivation.read == .activity(from: from, to: to), "\(rederivation)")

        // The agency's activity: Sacramento's entry and its confirmation, none of Los Angeles's.
        let sacramento = try await fixture.service.activity(
            of: .agency("CA0340000"), from: nil, to: nil, context: Self.auditContext, scope: .agency("CA0340000"), by: Self.sacramentoAuditor)
        #expect(sacramento.investigation.entries.map(\.sequence) == [want.entered.sequence, request + 1])
        #expect(sacramento.investigation.entries.last?.type == "HitConfirmationAnswered")
        // An auditor of Sacramento may not investigate Los Angeles, and sees none of its users' acts.
        let outside = try await #require(throws: RecordRejection.self) {
            try await fixture.service.activity(
                of: .agency("CA0194200"), from: nil, to: nil, context: Self.auditContext, scope: .agency("CA0340000"), by: Self.sacramentoAuditor)
        }
        #expect(outside.rule == .outsideScope)
        let scoped = try await fixture.service.activity(
            of: .user(RecordsFixture.losAngeles.userID), from: nil, to: nil, context: Self.auditContext, scope: .agency("CA0340000"), by: Self.sacramentoAuditor)
        #expect(scoped.investigation.entries.isEmpty)
        // A search may not name a user.
        let search2 = try await #require(throws: RecordRejection.self) { try await fixture.query(.user("off-la-1")) }
        #expect(search2.rule == .invalidField)
    }

    /// Thousands of accesses made concurrently (one commit batch holding many): every one is
    /// listed, once, in log order, and the answer re-derives.
    @Test func anInvestigationOfThousandsOfConcurrentAccessesListsEachOnceInLogOrder() async throws {
        let fixture = try RecordsFixture()
        let garcia = Samples.person("GARCIA, LUIS", born: "19900101", stateID: "A7777777")
        let person = try await fixture.enter(.person(garcia))
        let readers = (0..<16).map { EventActor(userID: "off-\($0)", agency: "CA0194200", clientAddress: "10.2.2.\($0)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for reader in readers {
                group.addTask {
                    for index in 0..<140 {
                        let query: RecordQuery = index % 2 == 0 ? .stateID("A7777777") : .name(last: "GARCIA", first: "LUIS", dateOfBirth: Samples.date("19900101"), sex: nil, toleranceDays: 0)
                        _ = try await fixture.query(query, by: reader)
                    }
                }
            }
            try await group.waitForAll()
        }
        let answer = try await fixture.service.investigate(.stateID("A7777777"), context: Self.auditContext, scope: .statewide, by: Self.stateAuditor)
        let accesses = Self.accesses(answer.investigation.timeline)
        #expect(accesses.count == 16 * 140 && accesses.values.allSatisfy { $0 == .returned })
        let sequences = answer.investigation.timeline.map(\.sequence)
        #expect(sequences == sequences.sorted() && sequences.first == person.entered.sequence)
        let rederivation = try fixture.service.rederive(accessSequence: answer.accessSequence)
        #expect(rederivation.matches, "\(rederivation)")
    }
}
