import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Secondary dissemination (a rap sheet passed on) is an event on the record: in its history, in
/// the investigations of the person, and refused where it does not belong.
@Suite("Secondary dissemination")
struct DisseminationTests {
    static let details = DisseminationDetails(
        recipient: "DDA R. JONES, LA COUNTY DA", purpose: .criminalJustice, authority: "PC 11105(b)(4)",
        disseminatedOn: Samples.date("20260601"), caseNumber: "24-000999")

    @Test func aDisseminationIsOnTheRecordInItsHistoryAndInTheSubjectsInvestigation() async throws {
        let fixture = try RecordsFixture()
        let subject = Samples.person("NAVARRO, ELENA", born: "19920303", sex: "F", stateID: "A5555555")
        let person = try await fixture.enter(.person(subject))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject)))
        let after = try await fixture.service.execute(.recordDissemination(history.number, Self.details), by: RecordsFixture.losAngeles)
        #expect(after.disseminations?.map(\.details) == [Self.details])
        #expect(after.disseminations?.first?.by.userID == RecordsFixture.losAngeles.userID)

        let steps = try await fixture.history(history.number)
        #expect(steps.last?.type == "RecordDisseminated" && steps.last?.record?.disseminations?.count == 1)
        let auditor = EventActor(userID: "aud-1", agency: "CA0000000", clientAddress: "10.9.9.9")
        let investigation = try await fixture.service.investigate(.stateID("A5555555"), context: QueryContext(purpose: .administrative), scope: .statewide, by: auditor)
        #expect(investigation.investigation.timeline.contains { entry in
            if case .change(_, let step) = entry { return step.type == "RecordDisseminated" } else { return false }
        })
        // A state that never had one keeps its bytes: no empty member is written.
        #expect(!String(decoding: person.canonicalJSON(), as: UTF8.self).contains("disseminations"))
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    @Test func aDisseminationIsRefusedOffARapSheetOrWithoutWhatTheLawAsks() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let offSheet = try await fixture.rejection(.recordDissemination(want.number, Self.details), by: RecordsFixture.losAngeles)
        #expect(offSheet.rule == .invalidField && offSheet.problems.first?.field == "number")
        let subject = Samples.person("NAVARRO, ELENA", born: "19920303", sex: "F", stateID: "A5555555")
        let person = try await fixture.enter(.person(subject))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject)))
        var incomplete = Self.details
        incomplete.recipient = " "
        incomplete.caseNumber = nil
        incomplete.disseminatedOn = fixture.today.adding(days: 1)
        let refused = try await fixture.rejection(.recordDissemination(history.number, incomplete), by: RecordsFixture.losAngeles)
        #expect(Set(refused.problems.compactMap(\.field)) == ["recipient", "caseNumber", "disseminatedOn"])
    }
}
