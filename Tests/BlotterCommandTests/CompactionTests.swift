import Foundation
import Ledger
import Records
import Server
import Testing
import TestSupport

/// After a destruction order the removed bytes are still in the data file (LMDB keeps old pages
/// and the unused middle of live ones); `blotter compact` rewrites it entry by entry, and then
/// no byte of them is left, and the ledger still verifies.
@Suite("blotter compact after a destruction order")
struct CompactionTests {
    let commandLine = BlotterCommandLine()
    static let destroyed = ["HS11357", "B-DESTROY-77", "UNIQUE DESTROYED OFFENSE"]
    static let court = EventActor(userID: "clerk-1", agency: "CA034015J", clientAddress: "10.3.3.3")
    static let sacramento = EventActor(userID: "op-sac-1", agency: "CA0340000", clientAddress: "10.1.1.1")

    /// A ledger as `blotter serve` keeps it, with a rap sheet whose one arrest a court then
    /// orders destroyed. Returns the ledger and its writer, still open.
    func destroyArrest() async throws -> (Ledger, LedgerWriter) {
        var configuration = LedgerConfiguration(projections: BlotterServices.projections())
        configuration.createsMissingLedger = true
        let ledger = try Ledger(directory: commandLine.data, configuration: configuration)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let subject = PersonIdentity(name: PersonName("NAVARRO, ELENA"), dateOfBirth: CalendarDate("19920303")!, sex: "F", race: "W", stateID: "A5555555")
        let person = try await service.execute(.enter(.person(subject)), by: Self.sacramento)
        let history = try await service.execute(.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject))), by: Self.sacramento)
        let arrest = CriminalHistoryEntry(kind: .arrest, date: CalendarDate("20250202")!, bookingNumber: "B-DESTROY-77", statute: "HS11357",
                                          offenseLevel: .misdemeanor, offenseDescription: "UNIQUE DESTROYED OFFENSE")
        let arrested = try await service.execute(.addHistoryEntry(history.number, arrest), by: Self.sacramento)
        // Reads that fold the arrest into answers, and more commits after it.
        for _ in 0..<20 {
            _ = try await service.search(.stateID("A5555555"), context: QueryContext(purpose: .criminalJustice, caseNumber: "24-1"), by: Self.sacramento)
        }
        _ = try await service.destroy(DestructionOrder(number: history.number, arrestID: arrested.history.last!.id, citation: "LASC 26-FI-0042"), by: Self.court)
        return (ledger, writer)
    }

    func leftInDataFile() throws -> [String] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: commandLine.ledgerFile))
        return Self.destroyed.filter { bytes.range(of: Data($0.utf8)) != nil }
    }

    @Test func compactionLeavesNoByteOfTheDestroyedArrestAndTheLedgerVerifies() async throws {
        var open: (ledger: Ledger, writer: LedgerWriter)? = try await destroyArrest()
        #expect(try !leftInDataFile().isEmpty, "LMDB keeps the old bytes until the file is rewritten (or this test could not fail)")
        let refused = try commandLine.run("compact", "--data", commandLine.data)
        #expect(refused.status != 0 && refused.output.contains("open in another process"), "\(refused.output)")
        await open?.writer.shutdown()
        open = nil  // the last references: the environment closes

        let compacted = try commandLine.run("compact", "--data", commandLine.data)
        #expect(compacted.status == 0, "\(compacted.output)")
        #expect(compacted.output.contains("verified: the ledger is intact"))
        let left = try leftInDataFile()
        #expect(left.isEmpty, "\(left)")
        let verify = try commandLine.run("verify", "--data", commandLine.data)
        #expect(verify.status == 0, "\(verify.output)")
        let parent = (commandLine.data as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).allSatisfy { !$0.hasSuffix(".compacting") })
    }
}
