import BundleArchive
import Foundation
import Ledger
import Records
import Testing
import TestSupport

/// `blotter-discovery verify` as a recipient runs it: a folder or a zip, with the key the court
/// holds, exit 0 and "bundle verified"; a changed byte or another key, exit 1 naming it.
@Suite("blotter-discovery verify")
struct DiscoveryToolTests {
    /// A bundle exported from a fresh ledger, written as a folder and a zip; and the ledger's key.
    static func bundle(in commandLine: BlotterCommandLine) async throws -> (folder: String, zip: String, key: String) {
        let ledger = try Ledger(directory: commandLine.data, configuration: LedgerConfiguration(projections: RecordsService.projections()))
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let operatorActor = EventActor(userID: "op-1", agency: "CA0194200", clientAddress: "10.1.1.1")
        let subject = PersonIdentity(
            name: PersonName("DOE, JOHN ALLEN"), dateOfBirth: CalendarDate("19800115")!, sex: "M", race: "W", height: "510", weight: 180,
            eyes: "BRO", hair: "BLK", scarsMarksTattoos: [], stateID: "A12345678")
        try await service.execute(.enter(.wantedPerson(WantedPersonFacts(
            subject: subject, warrantDate: CalendarDate("20260520")!, offense: "PC 459 BURGLARY", classification: .felony,
            extradition: .full, caseNumber: "24-000123"))), by: operatorActor)
        let order = DiscoveryOrder(id: "ORDER-1", citation: "COURT 26CR1, ORDER OF 20260601", caseNumber: "26CR1", recipient: "pd-1",
                                   selection: .stateID("A12345678"))
        _ = try await service.orderDiscovery(order, by: EventActor(userID: "clerk-1", agency: "CA019015J", clientAddress: "10.3.3.3"))
        let answer = try await service.exportDiscovery(orderID: "ORDER-1", earlierTreeSize: nil, by: EventActor(userID: "pd-1", agency: "CA019013P", clientAddress: "10.8.8.8"))
        await writer.shutdown()
        let folder = (commandLine.directory.path as NSString).appendingPathComponent("bundle")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, bytes) in answer.bundle.files {
            try Data(bytes).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
        }
        let zip = folder + ".zip"
        try BundleArchive.zip(answer.bundle.files, folder: "bundle", modified: Date(timeIntervalSince1970: 0)).write(to: URL(fileURLWithPath: zip))
        return (folder, zip, ledger.checkpointVerifierKey)
    }

    @Test func aWholeBundleVerifiesAndAChangedOneFailsNamingWhat() async throws {
        let commandLine = BlotterCommandLine()
        let (folder, zip, key) = try await Self.bundle(in: commandLine)
        for path in [folder, zip] {
            let run = try commandLine.run(["verify", path, "--key", key], executable: "blotter-discovery")
            #expect(run.status == 0 && run.output.contains("bundle verified"), "\(run.output)")
        }
        let unkeyed = try commandLine.run(["verify", folder], executable: "blotter-discovery")
        #expect(unkeyed.status == 0 && unkeyed.output.contains("pass --key"), "\(unkeyed.output)")

        let events = (folder as NSString).appendingPathComponent("events.bin")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: events))
        bytes[60] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: events))
        let changed = try commandLine.run(["verify", folder, "--key", key], executable: "blotter-discovery")
        #expect(changed.status == 1 && changed.output.contains("FAIL events.bin"), "\(changed.output)")

        let stranger = SignedNote.verifierKey(name: String(key.split(separator: "+")[0]), publicKey: [UInt8](repeating: 7, count: 32))
        let otherKey = try commandLine.run(["verify", zip, "--key", stranger], executable: "blotter-discovery")
        #expect(otherKey.status == 1 && otherKey.output.contains("signed by another key"), "\(otherKey.output)")
    }
}
