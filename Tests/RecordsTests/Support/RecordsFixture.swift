import Foundation
import Ledger
import Records
import Synchronization
import Testing
import TestSupport

/// A records service over a fresh ledger, at a fixed moment (2026-06-01T12:00:00Z).
final class RecordsFixture: @unchecked Sendable {
    static let start = CalendarDate(year: 2026, month: 6, day: 1)!.startOfDay.adding(seconds: 12 * 3_600)

    let directory = TemporaryDirectory()
    let clock = ManualClock(RecordsFixture.start)
    let ledger: Ledger
    let writer: LedgerWriter
    let service: RecordsService

    static let sacramento = EventActor(userID: "op-sac-1", agency: "CA0340000", clientAddress: "10.1.1.1")
    static let sacramentoChecker = EventActor(userID: "op-sac-2", agency: "CA0340000", clientAddress: "10.1.1.2")
    static let losAngeles = EventActor(userID: "off-la-1", agency: "CA0194200", clientAddress: "10.2.2.2")
    static let court = EventActor(userID: "clerk-1", agency: "CA034015J", clientAddress: "10.3.3.3")

    init() throws {
        ledger = try Ledger(directory: directory.path, configuration: LedgerConfiguration(projections: RecordsService.projections(), clock: clock))
        writer = LedgerWriter(ledger: ledger)
        service = RecordsService(ledger: ledger, writer: writer, clock: clock)
    }

    var today: CalendarDate { CalendarDate(clock.now()) }

    @discardableResult
    func enter(_ facts: RecordFacts, by actor: EventActor = RecordsFixture.sacramento) async throws -> RecordState {
        try await service.execute(.enter(facts), by: actor)
    }

    /// The rejection a command gets (failing the test if it is accepted).
    func rejection(_ command: RecordCommand, by actor: EventActor = RecordsFixture.sacramento) async throws -> RecordRejection {
        do {
            let state = try await service.execute(command, by: actor)
            throw UnexpectedAcceptance(number: state.number)
        } catch let rejection as RecordRejection {
            return rejection
        }
    }

    struct UnexpectedAcceptance: Error { let number: RecordNumber }

    /// A read by number of `actor`'s that returns the record: the hit a request to confirm it,
    /// or the service of an order, follows.
    func hit(_ number: RecordNumber, by actor: EventActor = RecordsFixture.losAngeles) async throws {
        _ = try await service.record(number, context: QueryContext(purpose: .criminalJustice, caseNumber: "HIT-1", includeInactive: true, limit: 1), by: actor)
    }

    /// What a locate needs first: `requester` asks the owner to confirm the hit and the owner
    /// confirms it. Returns the request's id.
    @discardableResult
    func confirmHit(_ number: RecordNumber, to requester: EventActor = RecordsFixture.losAngeles,
                    by owner: EventActor = RecordsFixture.sacramento, readFirst: Bool = true) async throws -> UInt64 {
        // The hit: the requester's read returned the record (a request needs one).
        if readFirst { try await hit(number, by: requester) }
        let requested = try await service.execute(
            .requestHitConfirmation(number, HitConfirmationRequest(priority: .urgent, caseNumber: "HIT-1")), by: requester)
        let request = try #require(requested.hitConfirmations?.last?.id)
        _ = try await service.execute(.answerHitConfirmation(number, HitConfirmationAnswer(request: request, answer: .confirmed)), by: owner)
        return request
    }

    /// A record's history as an audited read (Los Angeles, for a criminal-justice purpose unless told).
    func history(_ number: RecordNumber, purpose: PurposeCode = .criminalJustice) async throws -> [RecordHistory.Step] {
        try await service.history(of: number, context: QueryContext(purpose: purpose, caseNumber: "24-000777", includeInactive: true), by: RecordsFixture.losAngeles).steps
    }

    /// A record by number (now or as of a moment), as an audited read.
    func read(_ number: RecordNumber, _ read: RecordRead = .record, purpose: PurposeCode = .criminalJustice) async throws -> SearchHit? {
        try await service.record(number, read: read, context: QueryContext(purpose: purpose, caseNumber: "24-000777", includeInactive: true), by: RecordsFixture.losAngeles).hit
    }

    func query(_ query: RecordQuery, purpose: PurposeCode = .criminalJustice, includeInactive: Bool = false,
               by actor: EventActor = RecordsFixture.losAngeles) async throws -> SearchAnswer {
        try await service.search(query, context: QueryContext(purpose: purpose, caseNumber: "24-000777", includeInactive: includeInactive), by: actor)
    }
}
