import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// The stored bytes of every records event type and every records projection table, pinned.
///
/// A fixed scenario, run one command at a time under a fixed clock, produces a ledger whose
/// dump (`LedgerDump`) must equal `Golden/records-ledger.txt` byte for byte: a change to any
/// event's payload encoding, to a derived table's keys or values, or to an index, shows here
/// as a diff a reviewer reads. Such a change needs a new projection version (and, for events,
/// a new event type), since ledgers already written keep the old bytes.
///
/// After a deliberate change, rewrite the file with `BLOTTER_WRITE_GOLDEN=1 swift test --filter
/// GoldenLedgerTests` and review the diff.
@Suite("Golden bytes: records")
struct GoldenLedgerTests {
    static let goldenPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/records-ledger.txt").path

    @Test func everyRecordsEventTypeAndTableKeepsItsStoredBytes() async throws {
        let fixture = try RecordsFixture()
        try await GoldenRecordsScenario(fixture: fixture).run()
        let dump = try LedgerDump.text(of: fixture.ledger)
        let rebuild = try LedgerRebuilder.check(fixture.ledger)
        #expect(rebuild.isIdentical, "a replay differs from the live tables: \(rebuild.differences)")
        let verification = try LedgerVerifier.verify(fixture.ledger)
        #expect(verification.isValid, "\(verification)")
        let difference = try GoldenFile.difference(between: dump, andFileAt: Self.goldenPath)
        #expect(difference == nil, "\(difference ?? "")")

        let types = Set(dump.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[2].hasPrefix("v") && UInt64(fields[0]) != nil ? String(fields[3]) : nil
        })
        let expected = Set(GoldenRecordsScenario.recordEventTypes + [AccessRecord.eventType, RejectionRecord.eventType, LedgerRedaction.eventType])
        #expect(expected.subtracting(types).isEmpty, "event types the scenario never wrote: \(expected.subtracting(types).sorted())")
        for table in RecordsService.projections().flatMap({ projection in projection.tableNames.map { "projection.\(projection.name).\($0)" } }) {
            let section = dump.components(separatedBy: "# \(table)\n").last?.prefix(while: { $0 != "#" }) ?? ""
            #expect(!section.isEmpty, "the scenario left \(table) empty, so its encoding is not pinned")
        }
    }
}

/// Every command kind, every history entry kind, every read kind, a refusal and a redaction,
/// one at a time, the clock moving an hour between steps.
struct GoldenRecordsScenario {
    let fixture: RecordsFixture
    var service: RecordsService { fixture.service }

    static let recordEventTypes = [
        "RecordEntered", "RecordModified", "RecordCancelled", "RecordCleared", "RecordLocated", "EntryChecked",
        "RecordValidated", "OrderServed", "OrderRenewed", "OrderTerminated", "RegistrantMoved", "AnnualUpdateRecorded",
        "HitConfirmationRequested", "HitConfirmationRequestedAgain", "HitConfirmationEscalated", "HitConfirmationAnswered",
        "HistoryEntryCorrected",
    ] + CriminalHistoryEntry.Kind.allCases.map(\.eventType)

    func run() async throws {
        let sacramento = RecordsFixture.sacramento
        let court = RecordsFixture.court
        let subject = Samples.person("GARCIA, LUIS ANTONIO", born: "19900101", stateID: "A7777777", fbi: "123456AB7")
        let person = try await step(.enter(.person(subject)))
        let wanted = try await step(.enter(Samples.wanted(subject)))
        let checked = try await step(.checkEntry(wanted.number), by: RecordsFixture.sacramentoChecker)
        var modified = subject
        modified.aliases = [PersonName("GARCIA, LOUIE"), PersonName("LOPEZ, LUIS")]
        let changed = try await step(.modify(wanted.number, Samples.wanted(modified), expectedVersion: checked.version))
        try await step(.validate(changed.number, remarks: "WARRANT CONFIRMED WITH COURT"))
        try await step(.clear(changed.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED", remarks: "IN CUSTODY")))

        let missing = try await step(.enter(Samples.missing()))
        let los = RecordsFixture.losAngeles
        try await fixture.hit(missing.number)
        let asked = try await step(.requestHitConfirmation(missing.number, HitConfirmationRequest(priority: .urgent, caseNumber: "L-24-1", remarks: "JUVENILE HELD AT LAX")), by: los)
        let request = try #require(asked.hitConfirmations?.last?.id)
        // An hour passes between steps: each request is overdue by the next.
        try await step(.requestHitConfirmation(missing.number, HitConfirmationRequest(priority: .urgent, caseNumber: "L-24-1")), by: los)
        try await step(.requestHitConfirmation(missing.number, HitConfirmationRequest(priority: .urgent, caseNumber: "L-24-1")), by: los)
        try await step(.answerHitConfirmation(missing.number, HitConfirmationAnswer(request: request, answer: .pending, withinMinutes: 20, remarks: "PULLING THE FILE")))
        try await step(.answerHitConfirmation(missing.number, HitConfirmationAnswer(request: request, answer: .confirmed)))
        try await step(.locate(missing.number, LocateDetails(locatedOn: fixture.today, caseNumber: "L-24-1", recovered: "FOUND SAFE")), by: RecordsFixture.losAngeles)

        let order = try await step(.enter(Samples.order(restrained: subject)))
        try await step(.serveOrder(order.number, ServiceDetails(servedOn: fixture.today, method: "PERSONAL")))
        try await step(.renewOrder(order.number, expiresOn: Samples.date("20300101")))
        try await step(.terminateOrder(order.number, TerminationDetails(terminatedOn: fixture.today, reason: "VACATED BY COURT")))

        let vehicle = try await step(.enter(Samples.stolenVehicle()))
        try await fixture.hit(vehicle.number)
        let vehicleRequest = try await step(.requestHitConfirmation(vehicle.number, HitConfirmationRequest(priority: .routine, caseNumber: "L-24-2")), by: los)
        try await step(.answerHitConfirmation(vehicle.number, HitConfirmationAnswer(request: try #require(vehicleRequest.hitConfirmations?.last?.id), answer: .confirmed)))
        try await step(.locate(vehicle.number, LocateDetails(locatedOn: fixture.today, caseNumber: "L-24-2", recovered: "RECOVERED")), by: RecordsFixture.losAngeles)
        let gun = try await step(.enter(Samples.stolenGun()))
        try await step(.cancel(gun.number, reason: "ENTERED IN ERROR", identifierAsEntered: "ABC12345"))
        try await step(.enter(Samples.stolenGun(serial: "XYZ98765")))
        try await step(.enter(Samples.stolenArticle()))
        try await step(.enter(Samples.stolenPlate()))
        try await step(.enter(Samples.registration(owner: subject)))
        try await step(.enter(Samples.licence(holder: subject)))
        let registration = try await step(.enter(Samples.offenderRegistration(registrant: subject)))
        try await step(.reportMove(registration.number, .init(address: "40 OAK AVE, DAVIS CA", since: fixture.today)))
        try await step(.recordAnnualUpdate(registration.number, on: fixture.today))

        let history = try await step(.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject))))
        try await historyEntries(history.number, court: court, sacramento: sacramento)
        try await reads(history.number, wanted: wanted.number)
        try await refusalAndRedaction(gun: gun.number)
    }

    private func historyEntries(_ number: RecordNumber, court: EventActor, sacramento: EventActor) async throws {
        let arrest = try await step(.addHistoryEntry(number, CriminalHistoryEntry(
            kind: .arrest, date: Samples.date("20250101"), bookingNumber: "B-1", statute: "PC459", offenseLevel: .felony,
            offenseDescription: "BURGLARY")), by: sacramento).history.last!.id
        // The booking number was mistyped: the arresting agency corrects its entry.
        try await step(.correctHistoryEntry(number, id: arrest, entry: CriminalHistoryEntry(
            kind: .arrest, date: Samples.date("20250101"), bookingNumber: "B-11", statute: "PC459", offenseLevel: .felony,
            offenseDescription: "BURGLARY"), reason: "BOOKING NUMBER MISTYPED"), by: sacramento)
        let entries: [CriminalHistoryEntry] = [
            CriminalHistoryEntry(kind: .chargeFiled, date: Samples.date("20250110"), arrestID: arrest, statute: "PC459",
                                 offenseLevel: .felony, courtCase: "25CR-1"),
            CriminalHistoryEntry(kind: .pretrial, date: Samples.date("20250115"), arrestID: arrest, courtCase: "25CR-1", remarks: "RELEASED OR"),
            CriminalHistoryEntry(kind: .disposition, date: Samples.date("20250301"), arrestID: arrest, statute: "PC459",
                                 courtCase: "25CR-1", outcome: .convicted),
            CriminalHistoryEntry(kind: .sentence, date: Samples.date("20250315"), arrestID: arrest, courtCase: "25CR-1", terms: "36 MONTHS PROBATION"),
            CriminalHistoryEntry(kind: .custodyIn, date: Samples.date("20250316"), arrestID: arrest),
            CriminalHistoryEntry(kind: .custodyOut, date: Samples.date("20250320"), arrestID: arrest),
            CriminalHistoryEntry(kind: .supervisionStarted, date: Samples.date("20250321"), arrestID: arrest, terms: "FORMAL PROBATION"),
            CriminalHistoryEntry(kind: .supervisionViolation, date: Samples.date("20250601"), arrestID: arrest),
            CriminalHistoryEntry(kind: .program, date: Samples.date("20250701"), arrestID: arrest, remarks: "DIVERSION PROGRAM COMPLETED"),
            CriminalHistoryEntry(kind: .supervisionEnded, date: Samples.date("20260101"), arrestID: arrest),
            CriminalHistoryEntry(kind: .relief, date: Samples.date("20260201"), arrestID: arrest, relief: .dismissal),
        ]
        for entry in entries { try await step(.addHistoryEntry(number, entry), by: court) }
        try await step(.recordDissemination(number, DisseminationDetails(
            recipient: "DDA R. JONES, LA COUNTY DA", purpose: .criminalJustice, authority: "PC 11105(b)(4)",
            disseminatedOn: Samples.date("20260301"), caseNumber: "24-000999")), by: court)
    }

    private func reads(_ history: RecordNumber, wanted: RecordNumber) async throws {
        let context = QueryContext(purpose: .criminalJustice, caseNumber: "24-000777")
        // Reads by number as an operator's: with the right to the historical file (some of
        // these records are out of force). Their access events store it as every read by number does.
        var byNumber = context
        byNumber.includeInactive = true
        let officer = RecordsFixture.losAngeles
        _ = try await service.search(.stateID("A7777777"), context: context, by: officer)
        _ = try await service.search(.name(last: "GARCIA", first: "LUIS", dateOfBirth: Samples.date("19900101"), sex: "M", toleranceDays: 0),
                                     context: context, by: officer)
        _ = try await service.record(wanted, read: .record, context: byNumber, by: officer)
        _ = try await service.record(wanted, read: .recordAsOfSequence(3), context: byNumber, by: officer)
        _ = try await service.record(wanted, read: .recordAsOfTime(RecordsFixture.start.adding(seconds: 3_600)), context: byNumber, by: officer)
        _ = try await service.history(of: history, context: byNumber, by: officer)
        _ = try await service.accesses(to: wanted, context: QueryContext(purpose: .administrative, caseNumber: "AUDIT-1"), by: officer)
        fixture.clock.advance(hours: 1)
    }

    /// A refused modification, then the payload of the cancelled gun's entry destroyed.
    private func refusalAndRedaction(gun: RecordNumber) async throws {
        _ = try await fixture.rejection(.modify(gun, Samples.stolenGun(), expectedVersion: 1))
        fixture.clock.advance(hours: 1)
        let entered = try #require(try fixture.ledger.read { try $0.streamSequences(gun.stream) }.first)
        try fixture.ledger.write { transaction in
            _ = try transaction.redactPayloads(of: [entered], reason: "PC 851.8 order 26-CR-9", actor: RecordsFixture.court)
        }
    }

    @discardableResult
    private func step(_ command: RecordCommand, by actor: EventActor = RecordsFixture.sacramento) async throws -> RecordState {
        defer { fixture.clock.advance(hours: 1) }
        return try await service.execute(command, by: actor)
    }
}
