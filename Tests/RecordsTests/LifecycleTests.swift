import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

@Suite("Transactions and lifecycles")
struct LifecycleTests {
    let sacramento = RecordsFixture.sacramento
    let losAngeles = RecordsFixture.losAngeles

    @Test func onlyTheOwnerModifiesCancelsOrClears() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let modified = Samples.wanted(case: "24-000123")
        for command in [
            RecordCommand.modify(want.number, modified, expectedVersion: 1),
            .cancel(want.number, reason: "ENTERED IN ERROR", identifierAsEntered: "DOE, JOHN ALLEN"),
            .clear(want.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED")),
        ] {
            let rejection = try await fixture.rejection(command, by: losAngeles)
            #expect(rejection.rule == .ownerOnly, "\(command.name)")
        }
    }

    @Test func aModifyMustStateTheVersionItRead() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        var subject = Samples.person()
        subject.scarsMarksTattoos = ["SC R CHEEK"]
        let changed = Samples.wanted(subject)
        let updated = try await fixture.service.execute(.modify(want.number, changed, expectedVersion: 1), by: sacramento)
        #expect(updated.version == 2 && updated.facts == changed)
        let stale = try await fixture.rejection(.modify(want.number, changed, expectedVersion: 1))
        #expect(stale.rule == .versionConflict)
        let identity = try await fixture.rejection(.modify(want.number, Samples.wanted(case: "OTHER-1"), expectedVersion: 2))
        #expect(identity.rule == .invalidField)
    }

    @Test func cancelNeedsTheNameExactlyAsEnteredAndEndsTheRecord() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let wrongName = try await fixture.rejection(.cancel(want.number, reason: "WARRANT RECALLED", identifierAsEntered: "DOE, JOHN"))
        #expect(wrongName.problems.first?.field == "identifierAsEntered")
        let noReason = try await fixture.rejection(.cancel(want.number, reason: " ", identifierAsEntered: "DOE, JOHN ALLEN"))
        #expect(noReason.problems.first?.field == "reason")
        let cancelled = try await fixture.service.execute(
            .cancel(want.number, reason: "WARRANT RECALLED", identifierAsEntered: "DOE, JOHN ALLEN"), by: sacramento)
        #expect(cancelled.status(at: fixture.clock.now()).state == .cancelled)
        for command in [
            RecordCommand.modify(want.number, Samples.wanted(), expectedVersion: 2),
            .clear(want.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED")),
            .validate(want.number, remarks: nil),
        ] {
            #expect(try await fixture.rejection(command).rule == .lifecycle, "\(command.name)")
        }
        #expect(try await fixture.rejection(.locate(want.number, LocateDetails(locatedOn: fixture.today, caseNumber: "LA-1", recovered: "SUBJECT")),
                                            by: losAngeles).rule == .lifecycle)
    }

    @Test func locatesComeFromAnotherAgencyAndAreRetiredIfNeverCleared() async throws {
        let fixture = try RecordsFixture()
        let vehicle = try await fixture.enter(Samples.stolenVehicle())
        let details = LocateDetails(locatedOn: fixture.today, caseNumber: "LA-24-55", recovered: "VEHICLE, MINOR DAMAGE")
        #expect(try await fixture.rejection(.locate(vehicle.number, details), by: sacramento).rule == .otherAgencyOnly)
        try await fixture.confirmHit(vehicle.number)
        let located = try await fixture.service.execute(.locate(vehicle.number, details), by: losAngeles)
        #expect(located.status(at: fixture.clock.now()).state == .located)
        #expect(located.locates.first?.by.agency == "CA0194200")
        fixture.clock.advance(days: 13)
        #expect(try fixture.service.record(vehicle.number)?.status.state == .located)
        fixture.clock.advance(days: 1)
        #expect(try fixture.service.record(vehicle.number)?.status.state == .retired)
    }

    @Test func aLocateEndsAMissingPersonRecordAtOnce() async throws {
        let fixture = try RecordsFixture()
        let missing = try await fixture.enter(Samples.missing())
        let details = LocateDetails(locatedOn: fixture.today, caseNumber: "LA-24-56", recovered: "JUVENILE, UNHARMED")
        try await fixture.confirmHit(missing.number)
        let located = try await fixture.service.execute(.locate(missing.number, details), by: losAngeles)
        #expect(located.status(at: fixture.clock.now()).state == .ended)
        #expect(try await fixture.rejection(.locate(missing.number, details), by: losAngeles).rule == .lifecycle)
        #expect(try await fixture.rejection(.clear(missing.number, ClearDetails(clearedOn: fixture.today, how: "FOUND"))).rule == .lifecycle)
    }

    @Test func aClearNeedsRecoveryDetailsAndEndsTheRecord() async throws {
        let fixture = try RecordsFixture()
        let gun = try await fixture.enter(Samples.stolenGun())
        #expect(try await fixture.rejection(.clear(gun.number, ClearDetails(clearedOn: fixture.today, how: ""))).problems.first?.field == "how")
        #expect(try await fixture.rejection(.clear(gun.number, ClearDetails(clearedOn: fixture.today.adding(days: 1), how: "RECOVERED"))).problems.first?.field == "clearedOn")
        let cleared = try await fixture.service.execute(.clear(gun.number, ClearDetails(clearedOn: fixture.today, how: "RECOVERED")), by: sacramento)
        #expect(cleared.status(at: fixture.clock.now()).state == .cleared)
        #expect(try await fixture.rejection(.clear(gun.number, ClearDetails(clearedOn: fixture.today, how: "RECOVERED"))).rule == .lifecycle)
        #expect(try await fixture.rejection(.clear(try await fixture.enter(Samples.order()).number,
                                                   ClearDetails(clearedOn: fixture.today, how: "X"))).rule == .lifecycle)
    }

    @Test func aTemporaryFelonyWantLapsesAfter48Hours() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted(classification: .temporaryFelony))
        fixture.clock.advance(hours: 47)
        #expect(try fixture.service.record(want.number)?.status.state == .active)
        fixture.clock.advance(hours: 1)
        let status = try #require(try fixture.service.record(want.number)?.status)
        #expect(status.state == .expired)
        #expect(try await fixture.rejection(.validate(want.number, remarks: nil)).rule == .lifecycle)
    }

    @Test func protectiveOrdersAreServedRenewedTerminatedAndExpire() async throws {
        let fixture = try RecordsFixture()
        let order = try await fixture.enter(Samples.order(expires: "20260610"), by: RecordsFixture.court)
        let served = try await fixture.service.execute(.serveOrder(order.number, ServiceDetails(servedOn: fixture.today, method: "PERSONAL")), by: RecordsFixture.court)
        #expect(served.service?.details.method == "PERSONAL")
        #expect(try await fixture.rejection(.serveOrder(order.number, ServiceDetails(servedOn: fixture.today, method: "MAIL")), by: RecordsFixture.court).rule == .lifecycle)
        #expect(try await fixture.rejection(.renewOrder(order.number, expiresOn: Samples.date("20260601")), by: RecordsFixture.court).problems.first?.field == "expiresOn")
        #expect(try await fixture.rejection(.renewOrder(order.number, expiresOn: Samples.date("20310101")), by: sacramento).rule == .ownerOnly)
        fixture.clock.advance(days: 9)
        #expect(try fixture.service.record(order.number)?.status.state == .active)
        fixture.clock.advance(days: 1)
        #expect(try fixture.service.record(order.number)?.status.state == .expired)
        let renewed = try await fixture.service.execute(.renewOrder(order.number, expiresOn: Samples.date("20310101")), by: RecordsFixture.court)
        #expect(renewed.status(at: fixture.clock.now()).state == .active)
        let terminated = try await fixture.service.execute(
            .terminateOrder(order.number, TerminationDetails(terminatedOn: CalendarDate(fixture.clock.now()), reason: "DISSOLVED BY COURT")),
            by: RecordsFixture.court)
        #expect(terminated.status(at: fixture.clock.now()).state == .terminated)
    }

    @Test func anOrderIsActiveAsOfAnyMomentWithoutABackgroundJob() async throws {
        let fixture = try RecordsFixture()
        let order = try await fixture.enter(Samples.order(expires: "20260705"), by: RecordsFixture.court)
        let stateNow = try #require(try fixture.service.record(order.number)?.record)
        #expect(stateNow.status(at: Samples.date("20260705").startOfDay.adding(seconds: 86_399)).state == .active)
        #expect(stateNow.status(at: Samples.date("20260706").startOfDay).state == .expired)
    }

    @Test func criminalHistoriesCollectEntriesFromAnyAgency() async throws {
        let fixture = try RecordsFixture()
        let person = try await fixture.enter(.person(Samples.person()))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: Samples.person())))
        let arrest = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20250101"), bookingNumber: "B123", statute: "PC459", offenseLevel: .felony, offenseDescription: "BURGLARY")
        let afterArrest = try await fixture.service.execute(.addHistoryEntry(history.number, arrest), by: losAngeles)
        let arrestID = try #require(afterArrest.history.last?.id)
        #expect(afterArrest.history.last?.by.agency == "CA0194200")
        let orphan = CriminalHistoryEntry(kind: .disposition, date: Samples.date("20250301"), arrestID: "999", outcome: .convicted)
        #expect(try await fixture.rejection(.addHistoryEntry(history.number, orphan)).problems.first?.field == "entry.arrestID")
        let disposition = CriminalHistoryEntry(kind: .disposition, date: Samples.date("20250301"), arrestID: arrestID, outcome: .convicted)
        let sheet = try await fixture.service.execute(.addHistoryEntry(history.number, disposition), by: RecordsFixture.court)
        #expect(sheet.history.map(\.entry.kind) == [.arrest, .disposition])
        let events = try await fixture.history(history.number).map(\.type)
        #expect(events == ["RecordEntered", "ArrestRecorded", "DispositionRecorded"])
    }

    @Test func offenderRegistrationsRecordMovesAndAnnualUpdates() async throws {
        let fixture = try RecordsFixture()
        let registration = try await fixture.enter(Samples.offenderRegistration())
        let moved = try await fixture.service.execute(
            .reportMove(registration.number, .init(address: "9 OAK AVE, DAVIS CA", since: fixture.today)), by: sacramento)
        guard case .offenderRegistration(let facts) = moved.facts else { Issue.record("wrong kind"); return }
        #expect(facts.addresses.map(\.address) == ["12 ELM ST, SACRAMENTO CA", "9 OAK AVE, DAVIS CA"])
        #expect(try await fixture.rejection(.reportMove(registration.number, .init(address: "X", since: Samples.date("20200101")))).problems.first?.field == "address.since")
        let updated = try await fixture.service.execute(.recordAnnualUpdate(registration.number, on: fixture.today), by: sacramento)
        guard case .offenderRegistration(let after) = updated.facts else { return }
        #expect(after.lastAnnualUpdate == fixture.today)
    }
}
