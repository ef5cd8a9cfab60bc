import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// The misuse signals that need the users' accounts, given accounts as they stood: each fires
/// on its scenario with the events behind it, and none fires on ordinary work.
@Suite("Misuse reports: signals from the users' accounts")
struct PersonnelSignalTests {
    /// Accounts that change at given events: each user's standing from a sequence on.
    final class Accounts: PersonnelLookup {
        var standings: [String: [(from: UInt64, standing: UserStanding)]] = [:]

        func set(_ userID: String, from sequence: UInt64 = 0, name: String, purposes: Set<PurposeCode> = [.criminalJustice, .domesticViolence],
                 barredBecause: String? = nil, address: String? = nil) {
            standings[userID, default: []].append(
                (sequence, UserStanding(name: name, purposes: purposes, disabled: barredBecause, address: address)))
        }

        func standing(of userID: String, before sequence: UInt64, at time: LedgerTime) -> UserStanding? {
            standings[userID]?.last { $0.from < sequence }?.standing
        }
    }

    static func report(_ fixture: RecordsFixture, _ accounts: Accounts) throws -> MisuseReport {
        try fixture.ledger.read { transaction in
            try RecordReader.live(transaction, policy: fixture.service.policy)
                .misuseReport(from: nil, to: nil, scope: .statewide, thresholds: MisuseReport.Thresholds(), personnel: accounts)
        }
    }

    static func ordinaryAccounts() -> Accounts {
        let accounts = Accounts()
        for user in 1...3 { accounts.set("off-\(user)", name: "OFFICER, NUMBER \(user)") }
        return accounts
    }

    @Test func ordinaryWorkRaisesNothing() async throws {
        let fixture = try RecordsFixture()
        try await MisuseReportTests.ordinaryWork(fixture)
        let report = try Self.report(fixture, Self.ordinaryAccounts())
        #expect(report.personnelSignals)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.summary))")
    }

    @Test func ownSurnameFiresOnSearchesAndReadsOfTheUsersOwnName() async throws {
        let fixture = try RecordsFixture()
        try await MisuseReportTests.ordinaryWork(fixture)
        let accounts = Self.ordinaryAccounts()
        accounts.set("off-70", name: "Dana Whitfield")
        let herself = try await fixture.enter(.person(Samples.person("WHITFIELD, DANA", born: "19850303", sex: "F", stateID: "W00000001"))).number
        let brother = try await fixture.enter(.person(Samples.person("WHITFIELD, ROBERT", born: "19820404", stateID: "W00000002"))).number
        let officer = MisuseReportTests.officer(70)
        var expected: [UInt64] = []
        expected.append(try await MisuseReportTests.read(fixture, herself, by: officer))
        // A protective order that protects someone of her name (she is not its subject).
        guard case .protectiveOrder(var facts) = Samples.order(fcn: "7654321098765", restrained: Samples.person("ROE, RICHARD", stateID: "R00000001"))
        else { preconditionFailure() }
        facts.protectedPersons = [.init(name: PersonName("WHITFIELD, KAREN"), dateOfBirth: Samples.date("19900909"), relationship: "SPOUSE")]
        let order = try await fixture.enter(.protectiveOrder(facts), by: RecordsFixture.court).number
        expected.append(try await MisuseReportTests.read(fixture, order, by: officer))
        expected.append(try await MisuseReportTests.read(fixture, brother, by: officer))
        // A name search for the surname that found nobody counts too.
        let born = CalendarDate(year: 1990, month: 1, day: 1)!
        expected.append(try await fixture.service.search(
            .name(last: "WHITFIELD", first: "ANNE", dateOfBirth: born, sex: nil, toleranceDays: 0),
            context: QueryContext(purpose: .criminalJustice, caseNumber: "24-1"), by: officer).accessSequence)
        // Someone else's name is not a lead.
        let other = try await MisuseReportTests.people(fixture, 1, sex: "M", from: 70)[0]
        _ = try await MisuseReportTests.read(fixture, other, by: officer)

        let findings = try Self.report(fixture, accounts).findings
        #expect(findings.map(\.signal) == [.ownSurname], "\(findings.map(\.summary))")
        #expect(findings.first?.userID == "off-70" && findings.first?.events == expected)
        #expect(findings.first?.summary.contains("WHITFIELD 4 times, 1 of them with their own first name too") == true, "\(findings.map(\.summary))")
    }

    @Test func userAddressFiresOnRecordsAtTheUsersHome() async throws {
        let fixture = try RecordsFixture()
        try await MisuseReportTests.ordinaryWork(fixture)
        let accounts = Self.ordinaryAccounts()
        accounts.set("off-73", name: "OFFICER, SEVENTY THREE", address: "12 Elm Street, Sacramento, CA")
        // Samples.offenderRegistration lives at 12 ELM ST, SACRAMENTO CA; Samples.registration elsewhere.
        let neighbour = try await fixture.enter(Samples.offenderRegistration(registrant: Samples.person("NEIGHBOUR, NED", stateID: "N00000001"))).number
        let elsewhere = try await fixture.enter(Samples.registration(owner: Samples.person("OWNER, OLGA", sex: "F", stateID: "N00000002"))).number
        let atHome = try await MisuseReportTests.read(fixture, neighbour, by: MisuseReportTests.officer(73))
        _ = try await MisuseReportTests.read(fixture, elsewhere, by: MisuseReportTests.officer(73))
        let findings = try Self.report(fixture, accounts).findings
        #expect(findings.map(\.signal) == [.userAddress], "\(findings.map(\.summary))")
        #expect(findings.first?.userID == "off-73" && findings.first?.events == [atHome])
    }

    @Test func addressesCompareAcrossSpellings() {
        #expect(AddressKey.normalized("1200 N. Main Street, Apt 4, Los Angeles CA") == AddressKey.normalized("1200 NORTH MAIN ST #4, LOS ANGELES, CA 90012"))
        #expect(AddressKey.normalized("12 Elm Street, Sacramento, CA") == "12 ELM ST")
        #expect(AddressKey.normalized("12 ELM ST UNIT 4B, SACRAMENTO CA 95814") == "12 ELM ST", "a neighbour in the same building")
        #expect(AddressKey.normalized("300 Saint James Place") == "300 ST JAMES PL")
        #expect(AddressKey.normalized("12 Elm Street") != AddressKey.normalized("14 Elm Street"))
        #expect(AddressKey.normalized(" , # ").isEmpty)
    }

    @Test func purposeOutsideRoleFiresOnAPurposeTheRolesDoNotServe() async throws {
        let fixture = try RecordsFixture()
        try await MisuseReportTests.ordinaryWork(fixture)
        let accounts = Self.ordinaryAccounts()
        accounts.set("off-71", name: "OFFICER, SEVENTY ONE")
        let applicant = try await MisuseReportTests.people(fixture, 1, sex: "M", from: 71)[0]
        let fitting = try await MisuseReportTests.read(fixture, applicant, by: MisuseReportTests.officer(71))
        let licensing = try await MisuseReportTests.read(fixture, applicant, by: MisuseReportTests.officer(71), purpose: .licensingOrEmployment)
        let findings = try Self.report(fixture, accounts).findings
        #expect(findings.map(\.signal) == [.purposeOutsideRole], "\(findings.map(\.summary))")
        #expect(findings.first?.events == [licensing] && !(findings.first?.events.contains(fitting) ?? true))
        #expect(findings.first?.summary.contains("(I ×1)") == true)
    }

    @Test func activityWhileBarredCountsOnlyWhatCameAfterTheAccountStopped() async throws {
        let fixture = try RecordsFixture()
        try await MisuseReportTests.ordinaryWork(fixture)
        let accounts = Self.ordinaryAccounts()
        let subject = try await MisuseReportTests.people(fixture, 1, sex: "M", from: 72)[0]
        let before = try await MisuseReportTests.read(fixture, subject, by: MisuseReportTests.officer(72))
        accounts.set("off-72", name: "OFFICER, SEVENTY TWO")
        accounts.set("off-72", from: before, name: "OFFICER, SEVENTY TWO", barredBecause: "disabled (LEFT THE AGENCY)")
        let after = try await MisuseReportTests.read(fixture, subject, by: MisuseReportTests.officer(72))
        let findings = try Self.report(fixture, accounts).findings
        #expect(findings.map(\.signal) == [.activityWhileBarred], "\(findings.map(\.summary))")
        #expect(findings.first?.events == [after])
        #expect(findings.first?.summary.contains("disabled (LEFT THE AGENCY)") == true)
    }

    @Test func withoutAccountsTheReportSaysItLeftThoseSignalsOut() async throws {
        let fixture = try RecordsFixture()
        try await MisuseReportTests.ordinaryWork(fixture)
        let report = try await MisuseReportTests.report(fixture)
        #expect(!report.personnelSignals)
    }

    @Test func surnamesAreReadFromEitherWayOfWritingAName() {
        #expect(UserStanding(name: "WHITFIELD, DANA", purposes: []).surname == "WHITFIELD")
        #expect(UserStanding(name: "WHITFIELD JR, DANA", purposes: []).surname == "WHITFIELD")
        let hyphenated = UserStanding(name: "Dana O'Neil-Whitfield", purposes: [])
        #expect(hyphenated.surname == "ONEILWHITFIELD" && hyphenated.surnameForms == ["ONEILWHITFIELD", "ONEIL", "WHITFIELD"])
        #expect(UserStanding(name: "Maria de la Cruz", purposes: []).surnameForms == ["DELACRUZ", "CRUZ"])
        #expect(UserStanding.forms(ofRecordSurname: "DE LA CRUZ") == ["DELACRUZ", "CRUZ"])
        #expect(UserStanding(name: "Dana Whitfield", purposes: []).givenName == "DANA")
        #expect(UserStanding(name: "Operator", purposes: []).givenName == "" && UserStanding(name: "Operator", purposes: []).surname == "")
    }

    @Test func reviewWeeksRunFromMondayToMonday() throws {
        // 2026-12-02 is a Wednesday.
        let week = ReviewWeek(containing: try #require(CalendarDate("20261202")))
        #expect(week.monday.description == "20261130")
        #expect(week.from == CalendarDate("20261130")!.startOfDay && week.to == CalendarDate("20261207")!.startOfDay)
        #expect(ReviewWeek(containing: CalendarDate("20261130")!) == week && ReviewWeek(containing: CalendarDate("20261206")!) == week)
        #expect(ReviewWeek.lastComplete(before: CalendarDate("20261202")!.startOfDay.adding(seconds: 3_600)).monday.description == "20261123")
        // Monday at midnight: the week just ended is the last complete one.
        #expect(ReviewWeek.lastComplete(before: CalendarDate("20261207")!.startOfDay).monday.description == "20261130")
        #expect(ReviewWeek(containing: CalendarDate("19700101")!).monday.description == "19691229")
    }
}
