import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Each misuse signal fires on a scenario that holds it, naming the events behind it, and stays
/// silent on ordinary work.
@Suite("Misuse reports")
struct MisuseReportTests {
    static let auditor = EventActor(userID: "aud-state-1", agency: "CA0000000", clientAddress: "10.9.9.9")

    static func officer(_ index: Int, agency: String = "CA0194200") -> EventActor {
        EventActor(userID: "off-\(index)", agency: agency, clientAddress: "10.2.2.\(index)")
    }

    /// `count` people of `sex`, entered by Sacramento; their person records.
    static func people(_ fixture: RecordsFixture, _ count: Int, sex: String, from first: Int) async throws -> [RecordNumber] {
        var numbers: [RecordNumber] = []
        for index in first..<first + count {
            let person = Samples.person("PERSON, NUMBER \(String(repeating: "I", count: 1 + index % 3))", born: "19800101", sex: sex,
                                        stateID: String(format: "S%08d", index))
            numbers.append(try await fixture.enter(.person(person)).number)
        }
        return numbers
    }

    static func read(_ fixture: RecordsFixture, _ number: RecordNumber, by actor: EventActor, caseNumber: String? = "24-100",
                     purpose: PurposeCode = .criminalJustice) async throws -> UInt64 {
        try await fixture.service.record(number, context: QueryContext(purpose: purpose, caseNumber: caseNumber), by: actor).accessSequence
    }

    static func report(_ fixture: RecordsFixture) async throws -> MisuseReport {
        try await fixture.service.misuseReport(from: nil, to: nil, scope: .statewide, by: auditor).report
    }

    /// Ordinary work: a few users, a few reads each on several days, each under a case number,
    /// men and women alike.
    static func ordinaryWork(_ fixture: RecordsFixture) async throws {
        let men = try await people(fixture, 12, sex: "M", from: 0)
        let women = try await people(fixture, 12, sex: "F", from: 100)
        for day in 0..<4 {
            for user in 1...3 {
                for pick in 0..<2 {
                    _ = try await read(fixture, (pick == 0 ? men : women)[(day * 3 + user) % 12], by: officer(user), caseNumber: "24-\(day)\(user)\(pick)")
                }
            }
            fixture.clock.advance(days: 1)
        }
    }

    @Test func ordinaryWorkRaisesNothing() async throws {
        let fixture = try RecordsFixture()
        try await Self.ordinaryWork(fixture)
        let report = try await Self.report(fixture)
        #expect(report.accessesExamined == 24)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.summary))")
    }

    @Test func eachSignalFiresOnItsScenarioWithTheEventsBehindIt() async throws {
        let fixture = try RecordsFixture()
        try await Self.ordinaryWork(fixture)
        // A user who gives no case number (an administrative purpose needs none).
        let applicant = try await Self.people(fixture, 1, sex: "M", from: 400)[0]
        let uncased = try await Self.read(fixture, applicant, by: Self.officer(9), caseNumber: nil, purpose: .administrative)
        let victim = try await Self.people(fixture, 1, sex: "F", from: 500)[0]
        // A person in the news: five users open her record within hours.
        var crowd: [UInt64] = []
        for user in 10..<15 {
            crowd.append(try await Self.read(fixture, victim, by: Self.officer(user)))
            fixture.clock.advance(seconds: 600)
        }
        // An ex-partner: one user, the same record, over three weeks, under changing case numbers.
        let partner = try await Self.people(fixture, 1, sex: "F", from: 600)[0]
        var stalking: [UInt64] = []
        for week in 0..<3 {
            stalking.append(try await Self.read(fixture, partner, by: Self.officer(20), caseNumber: "24-90\(week)"))
            fixture.clock.advance(days: 8)
        }
        // A busy day: a user whose days hold two reads reads thirty (men and women). A burst with
        // no other day to compare is flagged too once it reaches the minimum (MisuseAnalysis).
        let subjects = try await Self.people(fixture, 20, sex: "M", from: 700) + Self.people(fixture, 10, sex: "F", from: 750)
        for _ in 0..<3 {
            _ = try await Self.read(fixture, subjects[0], by: Self.officer(30), caseNumber: "24-700")
            _ = try await Self.read(fixture, subjects[1], by: Self.officer(30), caseNumber: "24-701")
            fixture.clock.advance(days: 1)
        }
        var spike: [UInt64] = []
        for subject in subjects { spike.append(try await Self.read(fixture, subject, by: Self.officer(30), caseNumber: "24-702")) }
        // Women only: twenty of them, against everyone else's mix.
        let womenOnly = try await Self.people(fixture, 20, sex: "F", from: 800)
        var skewed: [UInt64] = []
        for (index, woman) in womenOnly.enumerated() {
            skewed.append(try await Self.read(fixture, woman, by: Self.officer(40), caseNumber: "24-80\(index % 5)"))
            if index % 5 == 4 { fixture.clock.advance(days: 1) }  // five a day: no spike
        }

        // Night work: a user of noon hours reads three records at 03:00.
        fixture.clock.advance(days: 1)
        for day in 0..<3 {
            for subject in subjects.prefix(10) { _ = try await Self.read(fixture, subject, by: Self.officer(50), caseNumber: "24-950") }
            if day < 2 { fixture.clock.advance(days: 1) }
        }
        fixture.clock.set(CalendarDate(fixture.clock.now()).adding(days: 1).startOfDay.adding(seconds: 3 * 3_600))
        var night: [UInt64] = []
        for subject in subjects.suffix(3) { night.append(try await Self.read(fixture, subject, by: Self.officer(50), caseNumber: "24-950")) }

        let report = try await Self.report(fixture)
        func findings(_ signal: MisuseReport.Signal) -> [MisuseReport.Finding] { report.findings.filter { $0.signal == signal } }
        #expect(findings(.unusualHours).map(\.userID) == ["off-50"] && findings(.unusualHours).first?.events == night,
                "\(findings(.unusualHours).map(\.summary))")
        #expect(findings(.noCaseNumber).map(\.userID) == ["off-9"] && findings(.noCaseNumber).first?.events == [uncased])
        #expect(findings(.manyUsersOneRecord).map(\.number) == [victim] && findings(.manyUsersOneRecord).first?.events == crowd)
        #expect(findings(.repeatedLookups).map(\.userID) == ["off-20"] && findings(.repeatedLookups).first?.events == stalking,
                "\(findings(.repeatedLookups).map(\.summary))")
        #expect(findings(.volumeSpike).map(\.userID) == ["off-30"] && findings(.volumeSpike).first?.events == spike,
                "\(findings(.volumeSpike).map(\.summary))")
        #expect(findings(.sexSkew).map(\.userID) == ["off-40"] && findings(.sexSkew).first?.eventCount == skewed.count,
                "\(findings(.sexSkew).map(\.summary))")
        #expect(report.findings.count == 6, "\(report.findings.map(\.summary))")

        // The same events give the same report, byte for byte; reading it is on the record.
        let again = try await Self.report(fixture)
        #expect(try MisuseReport.encoder.encode(again) == MisuseReport.encoder.encode(report))
        let recorded = try fixture.ledger.read { try $0.streamEvents(AccessRecord.stream(userID: Self.auditor.userID)) }
        #expect(recorded.map(\.type) == ["MisuseReportRead", "MisuseReportRead"])
        // An agency's auditor sees its own agency's users only.
        let other = try await fixture.service.misuseReport(from: nil, to: nil, scope: .agency("CA0340000"), by: Self.auditor).report
        #expect(other.accessesExamined == 0 && other.findings.isEmpty)
        // One user's report: their findings, judged against everyone's (the skew still fires),
        // and the findings about a record they were among the readers of.
        let skewedUser = try await fixture.service.misuseReport(from: nil, to: nil, scope: .statewide, user: "off-40", by: Self.auditor).report
        #expect(skewedUser.user == "off-40" && skewedUser.accessesExamined == skewed.count)
        #expect(skewedUser.findings.map(\.signal) == [.sexSkew], "\(skewedUser.findings.map(\.summary))")
        let reader = try await fixture.service.misuseReport(from: nil, to: nil, scope: .statewide, user: "off-12", by: Self.auditor).report
        #expect(reader.findings.map(\.signal) == [.manyUsersOneRecord])
        // A state auditor narrows to one agency; an agency's auditor cannot reach another.
        let narrowed = try await fixture.service.misuseReport(from: nil, to: nil, scope: .statewide, agency: "CA0340000", by: Self.auditor).report
        #expect(narrowed.scope == .agency("CA0340000") && narrowed.accessesExamined == 0)
        let outside = try await #require(throws: RecordRejection.self) {
            try await fixture.service.misuseReport(from: nil, to: nil, scope: .agency("CA0194200"), agency: "CA0340000", by: Self.auditor)
        }
        #expect(outside.rule == .outsideScope)
        let badUser = try await #require(throws: RecordRejection.self) {
            try await fixture.service.misuseReport(from: nil, to: nil, scope: .statewide, user: " ", by: Self.auditor)
        }
        #expect(badUser.problems.first?.field == "user")
    }

    @Test func readsOfAFlaggedSubjectAreReportedWhileTheFlagIsInForce() async throws {
        let fixture = try RecordsFixture()
        try await Self.ordinaryWork(fixture)
        let celebrity = try await Self.people(fixture, 1, sex: "F", from: 900)[0]
        let flag = try await fixture.service.flag(.stateID(String(format: "S%08d", 900)), reason: "PUBLIC FIGURE, IN THE NEWS", by: Self.auditor)
        let read = try await Self.read(fixture, celebrity, by: Self.officer(60))
        let report = try await Self.report(fixture)
        let flagged = report.findings.filter { $0.signal == .flaggedSubject }
        #expect(flagged.map(\.userID) == ["off-60"] && flagged.first?.events == [read], "\(report.findings.map(\.summary))")
        #expect(flagged.first?.summary.contains("flag \(flag): PUBLIC FIGURE") == true)
        // An agency's auditor sees the finding, not why a state auditor watches the person.
        let local = try await fixture.service.misuseReport(from: nil, to: nil, scope: .agency("CA0194200"), by: Self.auditor).report
        let localFlagged = local.findings.filter { $0.signal == .flaggedSubject }
        #expect(localFlagged.map(\.events) == [[read]])
        #expect(localFlagged.first?.summary.contains("set by an auditor of another agency") == true)
        #expect(localFlagged.first?.summary.contains("PUBLIC FIGURE") == false)

        // Refusals are recorded and change the list in no way; a removal ends the signal.
        let badKind = try await #require(throws: RecordRejection.self) { try await fixture.service.flag(.plate("7ABC123", state: "CA"), reason: "X", by: Self.auditor) }
        #expect(badKind.problems.contains { $0.field == "subject" })
        let noReason = try await #require(throws: RecordRejection.self) { try await fixture.service.flag(.stateID("S00000900"), reason: " ", by: Self.auditor) }
        #expect(noReason.problems.first?.field == "reason")
        let unknown = try await #require(throws: RecordRejection.self) { try await fixture.service.unflag(read, reason: "NOT A FLAG", by: Self.auditor) }
        #expect(unknown.rule == .notFound)
        _ = try await fixture.service.unflag(flag, reason: "NO LONGER IN THE NEWS", by: Self.auditor)
        let after = try await Self.report(fixture)
        #expect(!after.findings.contains { $0.signal == .flaggedSubject })
        let twice = try await #require(throws: RecordRejection.self) { try await fixture.service.unflag(flag, reason: "AGAIN", by: Self.auditor) }
        #expect(twice.rule == .notFound)
    }
}
