import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// The record rules issue 12 named as missing: service of an order by the agency that served it,
/// registrations and licences that expire, missed annual updates flagged, and rap-sheet
/// corrections that keep the original.
@Suite("Record rules: service, expiry, annual updates, corrections")
struct RecordRulesTests {
    let court = RecordsFixture.court
    let sacramento = RecordsFixture.sacramento
    let losAngeles = RecordsFixture.losAngeles

    @Test func thePoliceRecordServiceOfACourtsOrderButTheCourtKeepsItsTerm() async throws {
        let fixture = try RecordsFixture()
        let order = try await fixture.enter(Samples.order(), by: court)
        #expect(try await fixture.rejection(.serveOrder(order.number, ServiceDetails(servedOn: fixture.today, method: "PERSONAL")), by: losAngeles).rule == .lifecycle,
                "an order none of its reads returned")
        try await fixture.hit(order.number)
        let served = try await fixture.service.execute(.serveOrder(order.number, ServiceDetails(servedOn: fixture.today, method: "PERSONAL")), by: losAngeles)
        #expect(served.service?.by.agency == losAngeles.agency && served.owner == court.agency)
        #expect(try await fixture.rejection(.renewOrder(order.number, expiresOn: Samples.date("20300101")), by: losAngeles).rule == .ownerOnly)
        #expect(try await fixture.rejection(.terminateOrder(order.number, TerminationDetails(terminatedOn: fixture.today, reason: "X")), by: losAngeles).rule == .ownerOnly)
        try await fixture.hit(order.number, by: sacramento)
        #expect(try await fixture.rejection(.serveOrder(order.number, ServiceDetails(servedOn: fixture.today, method: "MAIL")), by: sacramento).rule == .lifecycle,
                "served once")
        // An emergency order entered by a police agency is that agency's to renew or end.
        var emergency = Samples.order(fcn: "5555555555555", expires: nil)
        if case .protectiveOrder(var facts) = emergency {
            facts.orderType = .emergency
            facts.isTemporary = true
            facts.issuedOn = fixture.today
            facts.expiresOn = fixture.today.adding(days: 5)
            emergency = .protectiveOrder(facts)
        }
        let epo = try await fixture.enter(emergency, by: losAngeles)
        #expect(epo.owner == losAngeles.agency)
        _ = try await fixture.service.execute(.terminateOrder(epo.number, TerminationDetails(terminatedOn: fixture.today, reason: "SUPERSEDED BY TRO")), by: losAngeles)
    }

    @Test func registrationsAndLicencesExpireAndStillAnswerAStop() async throws {
        let fixture = try RecordsFixture()
        fixture.clock.set(Samples.date("20270301").startOfDay.adding(seconds: 12 * 3_600))
        let registration = try await fixture.enter(Samples.registration())
        let licence = try await fixture.enter(Samples.licence(number: "D7654321"))
        #expect(try fixture.service.record(registration.number)?.status.state == .active)
        fixture.clock.advance(days: 1)
        let lapsed = try #require(try fixture.service.record(registration.number))
        #expect(lapsed.status.state == .expired && lapsed.status.reason == "the registration expired on 20270301")
        let plate = try await fixture.query(.plate("6DEF456", state: "CA"))
        #expect(plate.hits.map(\.number) == [registration.number] && plate.hits.first?.status.state == .expired,
                "an expired plate is what the stop finds, shown as expired")
        fixture.clock.set(Samples.date("20280116").startOfDay)
        #expect(try fixture.service.record(licence.number)?.status.reason == "the licence expired on 20280115")
        #expect(try await fixture.query(.licence("D7654321", state: "CA")).hits.first?.status.state == .expired)
    }

    @Test func aMissedAnnualUpdateIsFlaggedUntilTheUpdateIsRecorded() async throws {
        let fixture = try RecordsFixture()
        let registrant = try await fixture.enter(Samples.offenderRegistration())
        // Registered 20240101; the fixture's clock stands in June 2026: the update of 20250101 is missed.
        let status = try #require(try fixture.service.record(registrant.number)?.status)
        #expect(status.state == .active && status.reason == "annual update missed: it was due on 20250101")
        #expect(try fixture.service.qualityReport(for: sacramento.agency).missedAnnualUpdates.map(\.number) == [registrant.number])
        #expect(try fixture.service.qualityReport(for: losAngeles.agency).missedAnnualUpdates.isEmpty)
        _ = try await fixture.service.execute(.recordAnnualUpdate(registrant.number, on: fixture.today), by: sacramento)
        #expect(try fixture.service.record(registrant.number)?.status == RecordStatus(.active))
        #expect(try fixture.service.qualityReport(for: sacramento.agency).missedAnnualUpdates.isEmpty)
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    @Test func aWrongRapSheetEntryIsCorrectedByItsAgencyAndTheOriginalIsKept() async throws {
        let fixture = try RecordsFixture()
        let person = try await fixture.enter(.person(Samples.person()))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: Samples.person())))
        let wrong = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20250101"), bookingNumber: "B-1", statute: "PC459",
                                         offenseLevel: .felony, offenseDescription: "BURGLARY")
        let arrest = try await fixture.service.execute(.addHistoryEntry(history.number, wrong), by: sacramento).history.last!.id
        var right = wrong
        right.statute = "PC460"
        right.offenseDescription = "BURGLARY, FIRST DEGREE"

        #expect(try await fixture.rejection(.correctHistoryEntry(history.number, id: arrest, entry: right, reason: "WRONG SECTION"), by: losAngeles).rule == .ownerOnly)
        var disposition = right
        disposition.kind = .disposition
        #expect(try await fixture.rejection(.correctHistoryEntry(history.number, id: arrest, entry: disposition, reason: "X")).problems.first?.field == "entry.kind")
        #expect(try await fixture.rejection(.correctHistoryEntry(history.number, id: "999", entry: right, reason: "X")).problems.first?.field == "id")
        #expect(try await fixture.rejection(.correctHistoryEntry(history.number, id: arrest, entry: right, reason: " ")).problems.first?.field == "reason")

        let corrected = try await fixture.service.execute(.correctHistoryEntry(history.number, id: arrest, entry: right, reason: "WRONG SECTION"), by: sacramento)
        let item = try #require(corrected.history.first { $0.id == arrest })
        #expect(item.entry == right && item.corrections?.map(\.previous) == [wrong] && item.corrections?.first?.reason == "WRONG SECTION")
        let types = try await fixture.history(history.number).map(\.type)
        #expect(types == ["RecordEntered", "ArrestRecorded", "HistoryEntryCorrected"], "the original entry stays in the history")
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    @Test func aBusinessMayOwnAVehicleButARegistrationNamesOneOwner() async throws {
        let fixture = try RecordsFixture()
        guard case .vehicleRegistration(var fleet) = Samples.registration(vin: "1M8GDM9AXKP042788", plate: "7FLT001") else { return }
        fleet.owner = nil
        fleet.businessOwner = BusinessOwner(name: "ACME RENTALS INC", number: "C1234567")
        let entered = try await fixture.enter(.vehicleRegistration(fleet))
        #expect(entered.facts.subject == nil)
        #expect(try await fixture.query(.plate("7FLT001", state: "CA")).hits.map(\.number) == [entered.number])

        var both = fleet
        both.plate = "7FLT002"
        both.owner = Samples.person()
        #expect(try await fixture.rejection(.enter(.vehicleRegistration(both))).problems.first?.field == "businessOwner")
        var neither = both
        neither.owner = nil
        neither.businessOwner = nil
        #expect(try await fixture.rejection(.enter(.vehicleRegistration(neither))).problems.first?.field == "owner")

        // The message vocabulary carries it too: BUS/ and BUN/ read into the same facts.
        let message = (["ER", "CA0340000"] + MessageFacts.fields(of: .vehicleRegistration(fleet)).map { "\($0.code)/\($0.value)" }).joined(separator: ".")
        #expect(message.contains(".BUS/ACME RENTALS INC.BUN/C1234567."))
        #expect(try MessageTranslator.request(for: try MessageParser.parse(message)) == .command(.enter(.vehicleRegistration(fleet))))
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    /// A correction is about the arrest its entry is: sealing withholds it with the arrest,
    /// and a destruction order removes it with the arrest.
    @Test func aCorrectionIsWithheldAndDestroyedWithItsArrest() async throws {
        let fixture = try RecordsFixture()
        let person = try await fixture.enter(.person(Samples.person()))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: Samples.person())))
        var entry = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20250101"), bookingNumber: "B-1", statute: "PC459",
                                         offenseLevel: .felony, offenseDescription: "BURGLARY")
        let arrest = try await fixture.service.execute(.addHistoryEntry(history.number, entry), by: sacramento).history.last!.id
        entry.bookingNumber = "B-11"
        let corrected = try await fixture.service.execute(.correctHistoryEntry(history.number, id: arrest, entry: entry, reason: "MISTYPED"), by: sacramento)
        _ = try await fixture.service.execute(.addHistoryEntry(history.number, CriminalHistoryEntry(
            kind: .relief, date: Samples.date("20260101"), arrestID: arrest, relief: .sealedPetition)), by: court)

        let forEmployer = try await fixture.history(history.number, purpose: .licensingOrEmployment).map(\.type)
        #expect(!forEmployer.contains("ArrestRecorded") && !forEmployer.contains("HistoryEntryCorrected"), "\(forEmployer)")
        #expect(try await fixture.history(history.number).map(\.type).contains("HistoryEntryCorrected"), "criminal justice sees it")

        let destruction = try await fixture.service.destroy(
            DestructionOrder(number: history.number, arrestID: arrest, citation: "SAC SUPERIOR COURT 26CR9, PC 851.8 ORDER"), by: court)
        #expect(destruction.removedEvents.contains(corrected.lastSequence))
        let payload = try fixture.ledger.read { try $0.event(at: corrected.lastSequence)?.payload }
        #expect(payload == nil, "no byte of the corrected arrest is left in its correction")
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }
}
