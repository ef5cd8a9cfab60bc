import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Hit confirmation: the inquiring agency asks, the owner answers within the priority's time,
/// an unanswered request is asked again and then escalated, a locate waits for a confirmed hit,
/// and every step is an event in the record's history and in the agencies' report.
@Suite("Hit confirmation")
struct HitConfirmationTests {
    let sacramento = RecordsFixture.sacramento
    let losAngeles = RecordsFixture.losAngeles

    static func ask(_ priority: HitConfirmationRequest.Priority = .urgent) -> HitConfirmationRequest {
        HitConfirmationRequest(priority: priority, caseNumber: "LA-26-77", remarks: "DRIVER DETAINED")
    }

    func locate(_ fixture: RecordsFixture) -> LocateDetails {
        LocateDetails(locatedOn: fixture.today, caseNumber: "LA-26-77", recovered: "VEHICLE")
    }

    @Test func aLocateWaitsForTheOwnersConfirmation() async throws {
        let fixture = try RecordsFixture()
        let vehicle = try await fixture.enter(Samples.stolenVehicle())
        #expect(try await fixture.rejection(.requestHitConfirmation(vehicle.number, Self.ask()), by: losAngeles).rule == .lifecycle,
                "no read of Los Angeles returned it: a typed record number is no hit")
        try await fixture.hit(vehicle.number)
        #expect(try await fixture.rejection(.locate(vehicle.number, locate(fixture)), by: losAngeles).rule == .hitNotConfirmed)

        let asked = try await fixture.service.execute(.requestHitConfirmation(vehicle.number, Self.ask()), by: losAngeles)
        let request = try #require(asked.hitConfirmations?.last?.id)
        #expect(try await fixture.rejection(.locate(vehicle.number, locate(fixture)), by: losAngeles).rule == .hitNotConfirmed, "open")

        _ = try await fixture.service.execute(.answerHitConfirmation(vehicle.number, HitConfirmationAnswer(request: request, answer: .pending, withinMinutes: 15)), by: sacramento)
        #expect(try await fixture.rejection(.locate(vehicle.number, locate(fixture)), by: losAngeles).rule == .hitNotConfirmed, "pending")

        let confirmed = try await fixture.service.execute(.answerHitConfirmation(vehicle.number, HitConfirmationAnswer(request: request, answer: .confirmed)), by: sacramento)
        #expect(confirmed.hitConfirmations?.last?.standing == .confirmed)
        // The confirmation is to Los Angeles, not to any other agency.
        let fresno = EventActor(userID: "off-fr-1", agency: "CA0100000", clientAddress: "10.4.4.4")
        #expect(try await fixture.rejection(.locate(vehicle.number, locate(fixture)), by: fresno).rule == .hitNotConfirmed)
        let located = try await fixture.service.execute(.locate(vehicle.number, locate(fixture)), by: losAngeles)
        #expect(located.locates.count == 1)

        let types = try await fixture.history(vehicle.number).map(\.type)
        #expect(types == ["RecordEntered", "HitConfirmationRequested", "HitConfirmationAnswered", "HitConfirmationAnswered", "RecordLocated"])
    }

    @Test func aDeniedHitStaysDeniedAndANewRequestStartsAgain() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        try await fixture.hit(want.number)
        let request = try #require(try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask(.routine)), by: losAngeles).hitConfirmations?.last?.id)
        _ = try await fixture.service.execute(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request, answer: .denied, remarks: "WRONG PERSON, DOB DIFFERS")), by: sacramento)
        #expect(try await fixture.rejection(.locate(want.number, locate(fixture)), by: losAngeles).rule == .hitNotConfirmed)
        #expect(try await fixture.rejection(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request, answer: .confirmed))).rule == .lifecycle,
                "an answered request is not answered again")
        let second = try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles)
        #expect(second.hitConfirmations?.count == 2 && second.hitConfirmations?.last?.standing == .open)
    }

    @Test func whoMayAskAndAnswerAndWhatAnAnswerMustSay() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let registration = try await fixture.enter(Samples.registration())
        try await fixture.hit(want.number)
        #expect(try await fixture.rejection(.requestHitConfirmation(want.number, Self.ask())).rule == .otherAgencyOnly)
        #expect(try await fixture.rejection(.requestHitConfirmation(registration.number, Self.ask()), by: losAngeles).rule == .lifecycle)
        #expect(try await fixture.rejection(.requestHitConfirmation(want.number, HitConfirmationRequest(priority: .urgent, caseNumber: " ")), by: losAngeles)
            .problems.first?.field == "caseNumber")
        let request = try #require(try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles).hitConfirmations?.last?.id)
        #expect(try await fixture.rejection(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request, answer: .confirmed)), by: losAngeles).rule == .ownerOnly)
        #expect(try await fixture.rejection(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request + 100, answer: .confirmed))).problems.first?.field == "request")
        #expect(try await fixture.rejection(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request, answer: .pending))).problems.first?.field == "withinMinutes")
        #expect(try await fixture.rejection(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request, answer: .denied, withinMinutes: 5))).problems.first?.field == "withinMinutes")
        #expect(try await fixture.rejection(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles).rule == .lifecycle, "asked again before it is overdue")
    }

    /// An urgent request unanswered for 10 minutes may be asked again; the second unanswered for
    /// 10 more, escalated; then nothing more until the owner answers.
    @Test func anUnansweredRequestIsAskedAgainThenEscalated() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        try await fixture.hit(want.number)
        let first = try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles)
        let request = try #require(first.hitConfirmations?.last?.id)
        fixture.clock.advance(seconds: 600)
        #expect(try await fixture.rejection(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles).rule == .lifecycle, "due, not yet overdue")
        fixture.clock.advance(seconds: 1)
        let again = try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles)
        #expect(again.hitConfirmations?.count == 1 && again.hitConfirmations?.last?.requestedAgain.count == 1)
        fixture.clock.advance(seconds: 601)
        let escalated = try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles)
        #expect(escalated.hitConfirmations?.last?.escalated != nil)
        fixture.clock.advance(seconds: 601)
        #expect(try await fixture.rejection(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles).rule == .lifecycle)
        let types = try await fixture.history(want.number).map(\.type)
        #expect(types == ["RecordEntered", "HitConfirmationRequested", "HitConfirmationRequestedAgain", "HitConfirmationEscalated"])
        #expect(escalated.hitConfirmations?.last?.id == request)
    }

    /// The report measures every request against the times of its own events: an urgent
    /// request answered after 15 minutes was 5 minutes late; a routine one open past its hour is
    /// overdue now; one answered in time is not listed as overdue.
    @Test func theReportMeasuresLatenessAgainstEventTimes() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let gun = try await fixture.enter(Samples.stolenGun())
        let article = try await fixture.enter(Samples.stolenArticle())
        for number in [want.number, gun.number, article.number] { try await fixture.hit(number) }
        let late = try #require(try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask(.urgent)), by: losAngeles).hitConfirmations?.last?.id)
        let inTime = try #require(try await fixture.service.execute(.requestHitConfirmation(article.number, Self.ask(.urgent)), by: losAngeles).hitConfirmations?.last?.id)
        _ = try await fixture.service.execute(.requestHitConfirmation(gun.number, Self.ask(.routine)), by: losAngeles)
        fixture.clock.advance(seconds: 120)
        _ = try await fixture.service.execute(.answerHitConfirmation(article.number, HitConfirmationAnswer(request: inTime, answer: .confirmed)), by: sacramento)
        fixture.clock.advance(seconds: 780)
        _ = try await fixture.service.execute(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: late, answer: .confirmed)), by: sacramento)

        let soon = try fixture.service.hitConfirmations(for: sacramento.agency)
        #expect(soon.incoming.map(\.request) == [late, inTime, late + 2], "oldest first")
        #expect(soon.incoming.first { $0.request == late }?.answeredLateBySeconds == 300)
        #expect(soon.incoming.first { $0.request == inTime }?.answeredLateBySeconds == nil)
        #expect(soon.incoming.allSatisfy { !$0.overdue }, "the routine hour has not passed")
        #expect(soon.outgoing.isEmpty)

        fixture.clock.advance(hours: 1)
        let overdue = try fixture.service.hitConfirmations(for: sacramento.agency, overdueOnly: true)
        #expect(overdue.incoming.map(\.number) == [want.number, gun.number])
        #expect(overdue.incoming.last?.overdue == true && overdue.incoming.last?.standing == .open)
        let asker = try fixture.service.hitConfirmations(for: losAngeles.agency)
        #expect(asker.outgoing.count == 3 && asker.incoming.isEmpty)
        #expect(asker.outgoing.allSatisfy { $0.owner == sacramento.agency && $0.requester == losAngeles.agency })
    }

    @Test func aReplayFoldsTheSameStatesAndIndexes() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let request = try await fixture.confirmHit(want.number)
        _ = try await fixture.service.execute(.locate(want.number, locate(fixture)), by: losAngeles)
        let check = try LedgerRebuilder.check(fixture.ledger)
        #expect(check.isIdentical, "\(check.differences)")
        let folded = try fixture.service.record(want.number, foldedThrough: request + 1)
        #expect(folded?.hitConfirmations?.first?.standing == .confirmed)
    }

    /// A pending answer moves the deadline to its minutes; a second request after it sets a new
    /// deadline from itself, not the pending answer's.
    @Test func aSecondRequestAfterAPendingAnswerRunsItsOwnDeadline() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        try await fixture.hit(want.number)
        let request = try #require(try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles).hitConfirmations?.last?.id)
        fixture.clock.advance(seconds: 300)
        _ = try await fixture.service.execute(.answerHitConfirmation(want.number, HitConfirmationAnswer(request: request, answer: .pending, withinMinutes: 5)), by: sacramento)
        fixture.clock.advance(seconds: 301)
        let again = try await fixture.service.execute(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles)
        let confirmation = try #require(again.hitConfirmations?.last)
        #expect(confirmation.requestedAgain.count == 1)
        #expect(confirmation.deadline == confirmation.requestedAgain[0].at.adding(seconds: 600), "ten minutes from the second request")
        fixture.clock.advance(seconds: 60)
        #expect(try await fixture.rejection(.requestHitConfirmation(want.number, Self.ask()), by: losAngeles).rule == .lifecycle,
                "not escalated before the second request's deadline")
    }
}
