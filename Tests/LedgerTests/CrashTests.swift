import Foundation
import Ledger
import Testing
import TestSupport

/// A child process appends from many clients and reports each acknowledged event; the test
/// kills it with SIGKILL at random moments and then checks that every acknowledged event is in
/// the log exactly as acknowledged, and that the chain, the Merkle tree and the projections verify.
@Suite("Crash safety")
struct CrashTests {
    struct Acknowledgement: Equatable {
        let sequence: UInt64
        let stream: String
        let version: UInt32
        let hash: String
    }

    @Test func killedWritersLoseNoAcknowledgedEvent() async throws {
        let seed = TestSeed.make()
        var random = SeededGenerator(seed: seed)
        let comment = Comment(rawValue: "seed \(seed)")
        let worker = try BuiltProducts.executable(named: "LedgerCrashWorker")
        let directory = TemporaryDirectory()
        let dataDirectory = (directory.path as NSString).appendingPathComponent("data")
        var totalAcknowledged = 0
        for round in 0..<20 {
            let outputPath = (directory.path as NSString).appendingPathComponent("round-\(round).out")
            let acknowledged = try await runAndKill(
                worker: worker, data: dataDirectory, output: outputPath,
                lifetime: .milliseconds(Int.random(in: 0...250, using: &random)))
            totalAcknowledged += acknowledged.count
            try checkSurvivors(acknowledged, in: dataDirectory, round: round, comment: comment)
        }
        #expect(totalAcknowledged > 100, comment)
    }

    /// Starts the worker, waits for its first acknowledgement, lets it run `lifetime` more,
    /// kills it, and returns every complete acknowledgement line it printed.
    private func runAndKill(worker: URL, data: String, output: String, lifetime: Duration) async throws -> [Acknowledgement] {
        FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = worker
        process.arguments = [data, "16"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while try acknowledgements(in: output).isEmpty && process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        try await Task.sleep(for: lifetime)
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.sleep(for: .milliseconds(2)) }
        #expect(process.terminationReason == .uncaughtSignal, "the worker must die of the kill, not exit on its own")
        return try acknowledgements(in: output)
    }

    private func acknowledgements(in path: String) throws -> [Acknowledgement] {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        // Only newline-terminated lines count: the kill may cut the last one short.
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1).compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 5, fields[0] == "ack", let sequence = UInt64(fields[1]), let version = UInt32(fields[3]) else {
                return nil
            }
            return Acknowledgement(sequence: sequence, stream: String(fields[2]), version: version, hash: String(fields[4]))
        }
    }

    private func checkSurvivors(_ acknowledged: [Acknowledgement], in directory: String, round: Int, comment: Comment) throws {
        let ledger = try Ledger(directory: directory, configuration: LedgerConfiguration(projections: [StreamCatalogProjection()]))
        try ledger.read { transaction throws in
            for acknowledgement in acknowledged {
                let event = try transaction.event(at: acknowledgement.sequence)
                #expect(event?.stream == acknowledgement.stream, "round \(round), event \(acknowledgement.sequence) — \(comment.rawValue)")
                #expect(event?.streamVersion == acknowledgement.version, comment)
                #expect(event?.hash.hex == acknowledgement.hash, comment)
            }
        }
        let report = try LedgerVerifier.verify(ledger)
        #expect(report.isValid, "round \(round): \(report.failures) \(report.derivedTables?.differences ?? []) — \(comment.rawValue)")
    }
}
