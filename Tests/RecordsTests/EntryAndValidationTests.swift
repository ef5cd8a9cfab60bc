import Foundation
import Ledger
@testable import Records
import Testing

@Suite("Entering records and validating fields")
struct EntryAndValidationTests {
    @Test func everyKindCanBeEnteredAndGetsANumberOfItsFile() async throws {
        let fixture = try RecordsFixture()
        let person = try await fixture.enter(.person(Samples.person()))
        let all: [RecordFacts] = [
            Samples.wanted(), Samples.missing(), Samples.order(), Samples.stolenVehicle(), Samples.stolenGun(),
            Samples.stolenArticle(), Samples.stolenPlate(), Samples.registration(), Samples.licence(),
            Samples.offenderRegistration(),
            .criminalHistory(CriminalHistoryFacts(person: person.number, subject: Samples.person())),
        ]
        for facts in all {
            let state = try await fixture.enter(facts)
            #expect(state.kind == facts.kind)
            #expect(state.number.text.hasPrefix(facts.kind.fileCode))
            #expect(state.owner == "CA0340000" && state.version == 1 && state.facts == facts)
        }
        #expect(RecordKind.allCases.count == all.count + 1)
    }

    /// Each invalid input is refused naming the field at fault.
    @Test(arguments: [
        ("subject.dateOfBirth", Samples.wanted(Samples.person(born: "20300101"))),
        ("subject.name", Samples.wanted(Samples.person("John Doe"))),
        ("subject.sex", Samples.wanted(PersonIdentity(name: PersonName("DOE, JOHN"), dateOfBirth: Samples.date("19800101"), sex: "Q", race: "W"))),
        ("subject.height", Samples.wanted({ var p = Samples.person(); p.height = "512"; return p }())),
        ("subject.weight", Samples.wanted({ var p = Samples.person(); p.weight = 1_200; return p }())),
        ("subject.eyes", Samples.wanted({ var p = Samples.person(); p.eyes = "PUR"; return p }())),
        ("vin", Samples.stolenVehicle(vin: "1HGCM82634A004352")),
        ("vin", Samples.stolenVehicle(vin: "ABC123")),
        ("plateState", .stolenPlate(StolenPlateFacts(plate: "5XYZ987", plateState: "ZZ", plateType: "PC", dateOfTheft: Samples.date("20260501"), caseNumber: "1"))),
        ("color", .stolenVehicle(StolenVehicleFacts(vin: Samples.validVIN, year: 2003, make: "HOND", model: "ACCORD", color: "BLUE", dateOfTheft: Samples.date("20260501"), caseNumber: "24-1"))),
        ("expiresOn", Samples.order(expires: "20260501")),
        ("fileControlNumber", Samples.order(fcn: "12345")),
        ("dateOfTheft", .stolenGun(StolenGunFacts(serialNumber: "X1", make: "GLOCK", caliber: "9MM", gunType: "PISTOL", dateOfTheft: Samples.date("20991231"), caseNumber: "24-1"))),
        ("gunType", .stolenGun(StolenGunFacts(serialNumber: "X1", make: "GLOCK", caliber: "9MM", gunType: "LASER", dateOfTheft: Samples.date("20260501"), caseNumber: "24-1"))),
        ("addresses", .offenderRegistration(OffenderRegistrationFacts(registrant: Samples.person(), registrationType: "PC 290", addresses: [], registeredOn: Samples.date("20240101")))),
    ] as [(String, RecordFacts)])
    func invalidFieldsAreRefusedByName(field: String, facts: RecordFacts) async throws {
        let fixture = try RecordsFixture()
        let rejection = try await fixture.rejection(.enter(facts))
        #expect(rejection.rule == .invalidField)
        #expect(rejection.problems.map(\.field).contains(field), "\(rejection.problems)")
    }

    @Test func anAgencyWithABadORIIsRefused() async throws {
        let fixture = try RecordsFixture()
        let actor = EventActor(userID: "u", agency: "ZZ1234567", clientAddress: "")
        let rejection = try await fixture.rejection(.enter(Samples.wanted()), by: actor)
        #expect(rejection.problems.count == 1)
        #expect(rejection.problems.first?.field == "agency")
        #expect(rejection.problems.first?.message.contains("ZZ") == true)
    }

    @Test func aRejectionIsAnEventAndChangesNoRecord() async throws {
        let fixture = try RecordsFixture()
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let rejection = try await fixture.rejection(.enter(Samples.wanted(Samples.person(born: "20300101"))))
        try fixture.ledger.read { transaction throws in
            #expect(try transaction.lastSequence() == before + 1)
            let event = try #require(try transaction.event(at: rejection.rejectionSequence))
            #expect(event.type == "CommandRejected")
            #expect(event.stream == "rejections/CA0340000")
            #expect(event.actor == RecordsFixture.sacramento)
            let text = String(decoding: event.payload ?? [], as: UTF8.self)
            #expect(text.contains("subject.dateOfBirth") && text.contains("in the future"))
            #expect(try transaction.tables(of: RecordsProjection.self).entries(in: RecordsProjection.records).isEmpty)
        }
    }

    @Test func aDuplicateInForceIsRefusedWithTheExistingNumber() async throws {
        let fixture = try RecordsFixture()
        let first = try await fixture.enter(Samples.stolenVehicle())
        let rejection = try await fixture.rejection(.enter(Samples.stolenVehicle(plate: nil)))
        #expect(rejection.rule == .duplicate)
        #expect(rejection.existingRecord == first.number)
        #expect(rejection.description.contains(first.number.text))
        try await fixture.service.execute(.clear(first.number, ClearDetails(clearedOn: fixture.today, how: "RECOVERED")), by: RecordsFixture.sacramento)
        let again = try await fixture.enter(Samples.stolenVehicle())
        #expect(again.number != first.number)
    }

    @Test func aCriminalHistoryNeedsItsPersonRecord() async throws {
        let fixture = try RecordsFixture()
        let missing = RecordNumber(kind: .person, sequence: 99)
        let rejection = try await fixture.rejection(.enter(.criminalHistory(CriminalHistoryFacts(person: missing, subject: Samples.person()))))
        #expect(rejection.problems.first?.field == "person")
        let person = try await fixture.enter(.person(Samples.person()))
        let wrongSubject = try await fixture.rejection(.enter(.criminalHistory(
            CriminalHistoryFacts(person: person.number, subject: Samples.person("ROE, RICHARD")))))
        #expect(wrongSubject.problems.first?.field == "subject")
    }

    @Test func aRetriedCommandWithItsKeyIsNotEnteredTwice() async throws {
        let fixture = try RecordsFixture()
        let first = try await fixture.service.execute(.enter(Samples.stolenGun()), by: RecordsFixture.sacramento, idempotencyKey: "k-1")
        let retry = try await fixture.service.execute(.enter(Samples.stolenGun()), by: RecordsFixture.sacramento, idempotencyKey: "k-1")
        #expect(retry.number == first.number)
        let bad = Samples.wanted(Samples.person(born: "20300101"))
        let firstRejection = await #expect(throws: RecordRejection.self) {
            try await fixture.service.execute(.enter(bad), by: RecordsFixture.sacramento, idempotencyKey: "k-2")
        }
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let secondRejection = await #expect(throws: RecordRejection.self) {
            try await fixture.service.execute(.enter(bad), by: RecordsFixture.sacramento, idempotencyKey: "k-2")
        }
        #expect(firstRejection != nil && secondRejection == firstRejection)
        #expect(try fixture.ledger.read { try $0.lastSequence() } == before)
    }

    @Test func aKeyReusedForAnotherRequestIsRefusedAndRecordedAndChangesNothing() async throws {
        let fixture = try RecordsFixture()
        let article = try await fixture.service.execute(.enter(Samples.stolenArticle()), by: RecordsFixture.sacramento, idempotencyKey: "k-1")
        let want = try await fixture.enter(Samples.wanted())
        let refusal = await #expect(throws: RecordRejection.self) {
            try await fixture.service.execute(
                .clear(want.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED")), by: RecordsFixture.sacramento, idempotencyKey: "k-1")
        }
        #expect(refusal?.rule == .idempotencyKeyReused)
        #expect(refusal?.problems.first?.field == "Idempotency-Key")
        #expect(try fixture.service.record(want.number)?.record.cleared == nil, "the clear must not happen")
        let rejection = try fixture.ledger.read { try $0.event(at: refusal?.rejectionSequence ?? 0) }
        #expect(rejection?.type == "CommandRejected" && rejection?.idempotencyKey == nil)
        // The same request with the key still gets its first outcome; another user's same key is theirs alone.
        let retry = try await fixture.service.execute(.enter(Samples.stolenArticle()), by: RecordsFixture.sacramento, idempotencyKey: "k-1")
        #expect(retry.number == article.number)
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }
}
