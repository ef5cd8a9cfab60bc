import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// A court's destruction order (PC 851.8): the arrest and every entry about it leave every
/// answer, history, investigation and projection; the ledger still verifies; a reproduction of
/// an earlier read names the order.
@Suite("Court-ordered destruction of an arrest")
struct DestructionTests {
    static let destroyed = ["HS11357", "B-DESTROY-77", "UNIQUE DESTROYED OFFENSE", "26CR-DESTROY"]
    static let citation = "LASC 26-FI-0042, ORDER OF 20261130"
    static let auditor = EventActor(userID: "aud-state-1", agency: "CA0000000", clientAddress: "10.9.9.9")

    /// A rap sheet with a kept arrest (PC459) and the arrest to destroy, with a charge about
    /// it; returns the history's number, the arrest's id and the two events to remove.
    static func rapSheet(_ fixture: RecordsFixture) async throws -> (RecordNumber, String, [UInt64]) {
        let subject = Samples.person("NAVARRO, ELENA", born: "19920303", sex: "F", stateID: "A5555555")
        let person = try await fixture.enter(.person(subject))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject)))
        let kept = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20240101"), bookingNumber: "B-KEPT-1", statute: "PC459", offenseLevel: .felony)
        try await fixture.service.execute(.addHistoryEntry(history.number, kept), by: RecordsFixture.sacramento)
        let arrest = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20250202"), bookingNumber: "B-DESTROY-77", statute: "HS11357",
                                          offenseLevel: .misdemeanor, offenseDescription: "UNIQUE DESTROYED OFFENSE")
        let afterArrest = try await fixture.service.execute(.addHistoryEntry(history.number, arrest), by: RecordsFixture.sacramento)
        let arrestID = afterArrest.history.last!.id
        let charge = CriminalHistoryEntry(kind: .chargeFiled, date: Samples.date("20250210"), arrestID: arrestID, statute: "HS11357",
                                          offenseLevel: .misdemeanor, courtCase: "26CR-DESTROY")
        try await fixture.service.execute(.addHistoryEntry(history.number, charge), by: RecordsFixture.court)
        let events = try fixture.ledger.read { try $0.streamEvents(history.number.stream) }
        return (history.number, arrestID, [events[events.count - 2].sequence, events[events.count - 1].sequence])
    }

    static func leaks(_ value: some Encodable) throws -> [String] {
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        return destroyed.filter { text.contains($0) }
    }

    @Test func aDestroyedArrestLeavesEveryAnswerAndTheLedgerStillVerifies() async throws {
        let fixture = try RecordsFixture()
        let (number, arrestID, targets) = try await Self.rapSheet(fixture)
        let context = QueryContext(purpose: .criminalJustice, caseNumber: "24-1")
        let earlier = try await fixture.service.history(of: number, context: context, by: RecordsFixture.losAngeles)
        #expect(try !Self.leaks(earlier.steps).isEmpty, "the arrest is there before the order")

        let destruction = try await fixture.service.destroy(DestructionOrder(number: number, arrestID: arrestID, citation: Self.citation), by: RecordsFixture.court)
        #expect(destruction.removedEvents == targets)

        let history = try await fixture.service.history(of: number, context: context, by: RecordsFixture.losAngeles).steps
        #expect(try Self.leaks(history).isEmpty)
        #expect(history.filter(\.isRedacted).map(\.sequence) == targets, "the steps stay, marked, with nothing of what they said")
        #expect(history.first { $0.isRedacted }?.record == nil)
        let current = try #require(try fixture.service.record(number))
        #expect(current.record.history.map(\.entry.statute) == ["PC459"])
        #expect(try Self.leaks(try await fixture.query(.stateID("A5555555"), includeInactive: true).hits).isEmpty)
        #expect(try Self.leaks(try await fixture.service.timeline(of: number, context: QueryContext(purpose: .administrative), scope: .statewide, by: Self.auditor)).isEmpty)
        #expect(try Self.leaks(try await fixture.service.investigate(.stateID("A5555555"), context: QueryContext(purpose: .administrative), scope: .statewide, by: Self.auditor)).isEmpty)
        let asOf = try await fixture.service.record(number, read: .recordAsOfSequence(targets[1]), context: context, by: RecordsFixture.losAngeles)
        #expect(try Self.leaks(asOf).isEmpty)

        // The earlier read cannot be reproduced any more, and the reproduction says which order.
        let reproduction = try await fixture.service.reproduce(accessSequence: earlier.accessSequence, scope: .statewide, by: Self.auditor)
        #expect(!reproduction.matches && reproduction.laterRedactions.map(\.sequence) == [destruction.redactionSequence])
        #expect(reproduction.finding.contains(Self.citation), "\(reproduction.finding)")
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
    }

    @Test func anOrderThatCannotBeCarriedOutIsRefusedOnTheRecordAndChangesNothing() async throws {
        let fixture = try RecordsFixture()
        let (number, arrestID, _) = try await Self.rapSheet(fixture)
        let want = try await fixture.enter(Samples.wanted())
        for (order, rule, field) in [
            (DestructionOrder(number: number, arrestID: arrestID, citation: "  "), RecordRejection.Rule.invalidField, "order"),
            (DestructionOrder(number: want.number, arrestID: arrestID, citation: Self.citation), .invalidField, "number"),
            (DestructionOrder(number: number, arrestID: "E-NOT-AN-ARREST", citation: Self.citation), .notFound, "arrestID"),
        ] {
            let before = try fixture.ledger.read { try $0.lastSequence() }
            let refusal = try await #require(throws: RecordRejection.self) { try await fixture.service.destroy(order, by: RecordsFixture.court) }
            #expect(refusal.rule == rule && refusal.problems.first?.field == field, "\(refusal)")
            #expect(refusal.rejectionSequence == before + 1, "only the refusal was written")
        }
        _ = try await fixture.service.destroy(DestructionOrder(number: number, arrestID: arrestID, citation: Self.citation), by: RecordsFixture.court)
        // A later arrest never takes the destroyed one's id, so a retried order cannot reach it.
        let later = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20260505"), bookingNumber: "B-LATER-1", statute: "PC484", offenseLevel: .misdemeanor)
        let afterLater = try await fixture.service.execute(.addHistoryEntry(number, later), by: RecordsFixture.sacramento)
        #expect(afterLater.history.last?.id != arrestID)
        let again = try await #require(throws: RecordRejection.self) {
            try await fixture.service.destroy(DestructionOrder(number: number, arrestID: arrestID, citation: Self.citation), by: RecordsFixture.court)
        }
        #expect(again.rule == .notFound)
        #expect(try fixture.service.record(number)?.record.history.contains { $0.entry.bookingNumber == "B-LATER-1" } == true)
    }
}
