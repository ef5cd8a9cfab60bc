import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

@Suite("Record quality: second-party checks and validation")
struct QualityTests {
    @Test func anEntryStaysUncheckedUntilAnotherUserOfTheAgencyChecksIt() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        #expect(try fixture.service.qualityReport(for: "CA0340000").unchecked == [want.number])
        #expect(try await fixture.rejection(.checkEntry(want.number), by: RecordsFixture.sacramento).rule == .lifecycle)
        #expect(try await fixture.rejection(.checkEntry(want.number), by: RecordsFixture.losAngeles).rule == .ownerOnly)
        // Three days on, the check is overdue: flagged, the record still in force.
        #expect(try fixture.service.qualityReport(for: "CA0340000").checksOverdue.isEmpty)
        fixture.clock.advance(hours: 71)
        #expect(try fixture.service.qualityReport(for: "CA0340000").checksOverdue.isEmpty)
        fixture.clock.advance(hours: 1)
        let overdue = try fixture.service.qualityReport(for: "CA0340000").checksOverdue
        #expect(overdue.map(\.number) == [want.number] && overdue.first?.due == want.entered.at.adding(seconds: 72 * 3_600))
        #expect(try fixture.service.record(want.number)?.status.state == .active)
        let checked = try await fixture.service.execute(.checkEntry(want.number), by: RecordsFixture.sacramentoChecker)
        #expect(checked.checked?.userID == "op-sac-2")
        #expect(try fixture.service.qualityReport(for: "CA0340000").unchecked.isEmpty)
        #expect(try fixture.service.qualityReport(for: "CA0340000").checksOverdue.isEmpty)
        #expect(try await fixture.rejection(.checkEntry(want.number), by: RecordsFixture.sacramentoChecker).rule == .lifecycle)
    }

    @Test func recordsFallDueForValidationAndRetireWhenOverdue() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let gun = try await fixture.enter(Samples.stolenGun())
        let person = try await fixture.enter(.person(Samples.person(stateID: "B7654321")))
        fixture.clock.advance(days: 59)
        var report = try fixture.service.qualityReport(for: "CA0340000")
        #expect(report.dueForValidation.isEmpty && report.overdue.isEmpty)
        fixture.clock.advance(days: 2)
        report = try fixture.service.qualityReport(for: "CA0340000")
        #expect(Set(report.dueForValidation.map(\.number)) == [want.number, gun.number])
        let validated = try await fixture.service.execute(.validate(want.number, remarks: "WARRANT CONFIRMED WITH COURT"), by: RecordsFixture.sacramento)
        #expect(validated.lastValidated?.userID == "op-sac-1")
        fixture.clock.advance(days: 30)
        report = try fixture.service.qualityReport(for: "CA0340000")
        #expect(report.overdue.map(\.number) == [gun.number])
        #expect(report.dueForValidation.isEmpty)
        #expect(try fixture.service.record(gun.number)?.status.state == .retired)
        #expect(try fixture.service.record(want.number)?.status.state == .active)
        #expect(try fixture.service.record(person.number)?.status.state == .active)
        #expect(try await fixture.rejection(.validate(person.number, remarks: nil)).rule == .lifecycle)
        // Validated on day 61: the next window opens on day 61 + 365 - 30 = 396; this is day 397.
        fixture.clock.advance(days: 306)
        #expect(try fixture.service.qualityReport(for: "CA0340000").dueForValidation.map(\.number) == [want.number])
    }

    @Test func retiredRecordsLeaveStreetSearchesButNotTheAuditView() async throws {
        let fixture = try RecordsFixture()
        let gun = try await fixture.enter(Samples.stolenGun(serial: "ZZ998877"))
        #expect(try await fixture.query(.gunSerial("ZZ998877")).hits.map(\.number) == [gun.number])
        fixture.clock.advance(days: 91)
        #expect(try await fixture.query(.gunSerial("ZZ998877")).hits.isEmpty)
        let audit = try await fixture.query(.gunSerial("ZZ998877"), includeInactive: true)
        #expect(audit.hits.map(\.status.state) == [.retired])
    }

    @Test func stolenArticlesAndPlatesRetireByTheirRetentionPeriods() async throws {
        let fixture = try RecordsFixture()
        let article = try await fixture.enter(Samples.stolenArticle())
        let plate = try await fixture.enter(Samples.stolenPlate())
        let policy = RetentionPolicy.standard
        let articleState = try #require(try fixture.service.record(article.number)?.record)
        let plateState = try #require(try fixture.service.record(plate.number)?.record)
        #expect(articleState.status(at: Samples.date("20280101").startOfDay, policy: policy).state == .retired)
        #expect(plateState.status(at: Samples.date("20310101").startOfDay, policy: policy).state == .retired)
        // With validation pushed out of the way, the retention rule alone decides.
        var longValidation = policy
        longValidation.firstValidationDueDays = 100_000
        #expect(articleState.status(at: Samples.date("20271231").startOfDay, policy: longValidation).state == .active)
        #expect(articleState.status(at: Samples.date("20280101").startOfDay, policy: longValidation).reason?.contains("retention") == true)
        #expect(plateState.status(at: Samples.date("20301231").startOfDay, policy: longValidation).state == .active)
    }

    @Test func anAgencysStatisticsCountItsEntriesClearsCancelsAndLocates() async throws {
        let fixture = try RecordsFixture()
        let first = try await fixture.enter(Samples.wanted())
        let second = try await fixture.enter(Samples.wanted(Samples.person("ROE, RICHARD", stateID: "B1111111"), case: "24-000124"))
        let gun = try await fixture.enter(Samples.stolenGun())
        let cutoff = fixture.clock.now()
        fixture.clock.advance(hours: 1)
        _ = try await fixture.service.execute(.clear(first.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED")), by: RecordsFixture.sacramento)
        _ = try await fixture.service.execute(.cancel(second.number, reason: "ENTERED IN ERROR", identifierAsEntered: "ROE, RICHARD"), by: RecordsFixture.sacramento)
        try await fixture.confirmHit(gun.number)
        _ = try await fixture.service.execute(.locate(gun.number, LocateDetails(locatedOn: fixture.today, caseNumber: "L-1", recovered: "RECOVERED")),
                                              by: RecordsFixture.losAngeles)
        let all = try fixture.service.statistics(for: "CA0340000", from: nil, to: nil)
        #expect(all.total == AgencyStatistics.Counts(entered: 3, cleared: 1, cancelled: 1, located: 0))
        #expect(all.byKind.map(\.kind) == [.wantedPerson, .stolenGun])
        #expect(all.byKind.first?.counts == AgencyStatistics.Counts(entered: 2, cleared: 1, cancelled: 1, located: 0))
        // The locate counts for the agency that placed it.
        #expect(try fixture.service.statistics(for: "CA0194200", from: nil, to: nil).total.located == 1)
        // A period: after the entries.
        let later = try fixture.service.statistics(for: "CA0340000", from: cutoff.adding(seconds: 1), to: nil)
        #expect(later.total == AgencyStatistics.Counts(entered: 0, cleared: 1, cancelled: 1, located: 0))
    }
}
