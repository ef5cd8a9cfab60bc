import BundleArchive
import Dispatch
import Foundation
import Ledger
import Records

/// A discovery export of one subject from the investigation benchmark's ledger (a million
/// events; the subject has his records' events and about 10,000 accesses), then its offline
/// verification, both timed, with the bundle's size. Beside them in the same run: the raw LMDB
/// cursor over every stored event (`InvestigationBenchmark.rawScan`).
///
/// Each run enters a new order (a court clerk's event) and exports it (the recipient's access
/// event): the ledger grows by two events a run.
enum DiscoveryBenchmark {
    static let clerk = EventActor(userID: "benchmark-clerk", agency: "CA019015J", clientAddress: "127.0.0.1")
    static let recipient = EventActor(userID: "benchmark-defense", agency: "CA019013P", clientAddress: "127.0.0.1")

    static func run(_ options: InvestigationBenchmark.Options, runs: Int = 3) async throws {
        try await InvestigationBenchmark.ensureFilled(options)
        let (rawEvents, rawSeconds) = try InvestigationBenchmark.rawScan(options.directory)
        var configuration = LedgerConfiguration(projections: RecordsService.projections())
        configuration.environment.initialMapSizeBytes = 1 << 30
        let ledger = try Ledger(directory: options.directory, configuration: configuration)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let key = ledger.checkpointVerifierKey
        var exportSeconds: [Double] = []
        var verifySeconds: [Double] = []
        var last: DiscoveryBundle?
        for run in 0..<runs {
            let id = "BENCH-\(try ledger.read { try $0.lastSequence() })-\(run)"
            let order = DiscoveryOrder(id: id, citation: "BENCHMARK COURT, ORDER \(run)", caseNumber: "BENCH-CR-1",
                                       recipient: recipient.userID, selection: .stateID(InvestigationBenchmark.subjectStateID))
            _ = try await service.orderDiscovery(order, by: clerk)
            let start = DispatchTime.now().uptimeNanoseconds
            let answer = try await service.exportDiscovery(orderID: id, earlierTreeSize: nil, by: recipient)
            exportSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            let verifyStart = DispatchTime.now().uptimeNanoseconds
            let report = BundleVerifier.verify(answer.bundle.files, trustedKey: key)
            verifySeconds.append(Double(DispatchTime.now().uptimeNanoseconds - verifyStart) / 1e9)
            precondition(report.holds, "the benchmark's bundle does not verify: \(report.findings.prefix(3))")
            last = answer.bundle
        }
        await writer.shutdown()
        guard let bundle = last else { return }
        let zipStart = DispatchTime.now().uptimeNanoseconds
        let zip = try BundleArchive.zip(bundle.files, folder: "bundle", modified: Date(timeIntervalSince1970: 0))
        let zipSeconds = Double(DispatchTime.now().uptimeNanoseconds - zipStart) / 1e9
        let bytes = bundle.files.values.reduce(0) { $0 + $1.count }
        print("Discovery export of one subject (state id \(InvestigationBenchmark.subjectStateID)) from a ledger of \(rawEvents) events, \(runs) runs\n")
        print(String(format: "export (read, rules, proofs, report, signed; its access event durable)  best %.2f s, median %.2f s",
                     exportSeconds.min()!, exportSeconds.sorted()[runs / 2]))
        print(String(format: "verify offline (every signature, digest, inclusion proof)                  best %.2f s, median %.2f s",
                     verifySeconds.min()!, verifySeconds.sorted()[runs / 2]))
        print(String(format: "bundle: %d events (%d withheld), %d records, %.1f MiB in %d files; zip %.1f MiB, written in %.2f s",
                     bundle.eventCount, bundle.withheldCount, bundle.records.count, Double(bytes) / 1_048_576, bundle.files.count,
                     Double(zip.count) / 1_048_576, zipSeconds))
        if let pythonSeconds = try pythonVerification(bundle, key: key) {
            print(String(format: "verify offline with Tools/discovery/verify_discovery.py (Python, cryptography): %.2f s", pythonSeconds))
        }
        print(String(format: "per event: export %.0f µs, verify %.0f µs; raw LMDB cursor over all %d events, same run: %.0f ms (%.0f events/s)",
                     exportSeconds.min()! / Double(bundle.eventCount) * 1e6, verifySeconds.min()! / Double(bundle.eventCount) * 1e6,
                     rawEvents, rawSeconds * 1e3, Double(rawEvents) / rawSeconds))
    }

    /// The independent Python verifier on the bundle written as a folder: its wall time, or nil
    /// when python3 cannot run it here.
    static func pythonVerification(_ bundle: DiscoveryBundle, key: String) throws -> Double? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("discovery/verify_discovery.py").path
        guard FileManager.default.fileExists(atPath: script) else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, bytes) in bundle.files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, folder.path, "--key", key]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
