import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Disclosure is decided in the domain, for every answer, by the annotations in force now.
@Suite("Disclosure of sealed, destroyed and protected data")
struct DisclosureTests {
    /// A rap sheet with arrests PC459, PC484 and HS11350; PC484 sealed (PC 851.91), HS11350
    /// found factually innocent (PC 851.8). Returns the history's number, each arrest's id and
    /// the sequence just before the first relief.
    static func rapSheet(_ fixture: RecordsFixture) async throws -> (RecordNumber, [String: String], UInt64) {
        let subject = Samples.person("GARCIA, LUIS", born: "19900101", stateID: "A7777777")
        let person = try await fixture.enter(.person(subject))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject)))
        var arrests: [String: String] = [:]
        for statute in ["PC459", "PC484", "HS11350"] {
            let arrest = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20250101"), bookingNumber: "B-\(statute)",
                                              statute: statute, offenseLevel: .misdemeanor)
            arrests[statute] = try await fixture.service.execute(.addHistoryEntry(history.number, arrest), by: RecordsFixture.sacramento).history.last!.id
            let charge = CriminalHistoryEntry(kind: .chargeFiled, date: Samples.date("20250110"), arrestID: arrests[statute],
                                              statute: statute, offenseLevel: .misdemeanor, courtCase: "25CR-\(statute)")
            try await fixture.service.execute(.addHistoryEntry(history.number, charge), by: RecordsFixture.court)
        }
        let beforeRelief = try fixture.ledger.read { try $0.lastSequence() }
        for (statute, relief) in [("PC484", CriminalHistoryEntry.Relief.sealedPetition), ("HS11350", .factualInnocence)] {
            let entry = CriminalHistoryEntry(kind: .relief, date: Samples.date("20260101"), arrestID: arrests[statute], relief: relief)
            try await fixture.service.execute(.addHistoryEntry(history.number, entry), by: RecordsFixture.court)
        }
        return (history.number, arrests, beforeRelief)
    }

    static func statutes(_ record: RecordState?) -> Set<String> {
        Set((record?.history ?? []).compactMap(\.entry.statute))
    }

    @Test func sealedAndFactuallyInnocentArrestsDoNotLeakThroughHistoryOrAsOfReads() async throws {
        let fixture = try RecordsFixture()
        let (number, _, beforeRelief) = try await Self.rapSheet(fixture)

        // Administrative purpose: the sealed and the destroyed arrest are gone from every step,
        // and so are the steps that added them, their charges and their reliefs.
        let steps = try await fixture.history(number, purpose: .administrative)
        #expect(steps.map(\.type) == ["RecordEntered", "ArrestRecorded", "ChargeFiled"])
        for step in steps where step.record != nil {
            #expect(Self.statutes(step.record).isSubset(of: ["PC459"]), "step \(step.sequence) shows \(Self.statutes(step.record))")
        }
        let before = try #require(try await fixture.read(number, .recordAsOfSequence(beforeRelief), purpose: .administrative))
        #expect(Self.statutes(before.record) == ["PC459"])
        let beforeByTime = try #require(try await fixture.read(number, .recordAsOfTime(before.record.lastChangedAt), purpose: .administrative))
        #expect(Self.statutes(beforeByTime.record) == ["PC459"])
        let search = try await fixture.query(.stateID("A7777777"), purpose: .administrative)
        #expect(Self.statutes(search.hits.first { $0.number == number }?.record) == ["PC459"])

        // Criminal justice sees the sealed arrest, never the factually innocent one, in any view.
        for step in try await fixture.history(number) where step.record != nil {
            #expect(!Self.statutes(step.record).contains("HS11350"))
        }
        let beforeForJustice = try #require(try await fixture.read(number, .recordAsOfSequence(beforeRelief)))
        #expect(Self.statutes(beforeForJustice.record) == ["PC459", "PC484"])
        #expect(Self.statutes(try await fixture.read(number)?.record) == ["PC459", "PC484"])
    }

    @Test func protectedPersonsAreWithheldFromOtherPurposesInEveryView() async throws {
        let fixture = try RecordsFixture()
        let order = try await fixture.enter(Samples.order(), by: RecordsFixture.court)
        func protected(_ record: RecordState?) -> [String] {
            guard case .protectiveOrder(let facts)? = record?.facts else { return [] }
            return facts.protectedPersons.map(\.name.text)
        }
        #expect(protected(try await fixture.read(order.number, purpose: .licensingOrEmployment)?.record) == [Disclosure.withheldName.text])
        #expect(protected(try await fixture.history(order.number, purpose: .licensingOrEmployment).first?.record) == [Disclosure.withheldName.text])
        #expect(protected(try await fixture.read(order.number)?.record) == ["DOE, MARY"])
    }

    @Test func disclosedAnswersRederiveToTheSameDigest() async throws {
        let fixture = try RecordsFixture()
        let (number, _, beforeRelief) = try await Self.rapSheet(fixture)
        var accesses: [UInt64] = []
        for purpose in [PurposeCode.administrative, .criminalJustice] {
            let context = QueryContext(purpose: purpose, caseNumber: "24-000777")
            accesses.append(try await fixture.service.history(of: number, context: context, by: RecordsFixture.losAngeles).accessSequence)
            accesses.append(try await fixture.service.record(number, read: .recordAsOfSequence(beforeRelief), context: context, by: RecordsFixture.losAngeles).accessSequence)
        }
        // A later entry changes what a new read shows, never what an earlier one re-derives to.
        let arrest = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20260201"), statute: "PC211", offenseLevel: .felony)
        try await fixture.service.execute(.addHistoryEntry(number, arrest), by: RecordsFixture.sacramento)
        for sequence in accesses {
            let rederivation = try fixture.service.rederive(accessSequence: sequence)
            #expect(rederivation.matches && rederivation.recordedDigest != nil, "\(rederivation)")
        }
    }
}

@Suite("Verify of a records ledger")
struct RecordsVerifyTests {
    /// A payload that no longer decodes (re-sealed, so its digest holds) is a finding named by
    /// its sequence, not an abort.
    @Test func aPayloadThatDoesNotDecodeIsAFindingAtItsSequence() async throws {
        let fixture = try RecordsFixture()
        try await fixture.enter(Samples.stolenGun())
        let want = try await fixture.enter(Samples.wanted())
        try await fixture.enter(Samples.stolenArticle())
        let sequence = want.entered.sequence
        try Forger(ledger: fixture.ledger).forge(sequence) { $0.payload = Array("{\"kind\":\"wantedPerson\",\"facts\":".utf8) }
        let report = try LedgerVerifier.verify(fixture.ledger)
        #expect(!report.isValid)
        #expect(report.firstBadSequence == sequence, "\(report.failures)")
        #expect(report.failures.first?.component == .projections)
        #expect(try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false).isValid)
    }
}
