import ArgumentParser
import Foundation
import Ledger

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Seed a small ledger through the group-commit writer, checkpoint it, print its stats and verify it.",
        discussion: "Seeds only an empty ledger; on a ledger that has events it checkpoints, reports and verifies.")

    @OptionGroup var data: DataOptions

    @Option(help: "Events to seed into an empty ledger.")
    var events = 20_000

    @Option(help: "Streams the seeded events are spread over.")
    var streams = 500

    @Option(help: "Concurrent clients submitting the events.")
    var clients = 32

    func run() async throws {
        let ledger = try data.openLedger(for: .populate)
        if try ledger.read({ try $0.lastSequence() }) == 0 {
            try await seed(ledger)
        }
        let checkpoint = try ledger.checkpoint()
        print("signed checkpoint at tree size \(checkpoint.treeSize)")
        print(StatsReport(statistics: try ledger.read { try $0.statistics() }).text)
        let started = Date()
        let report = try LedgerVerifier.verify(ledger)
        print(VerifyReportText(report: report, seconds: Date().timeIntervalSince(started)).text)
        if checkpoint.treeSize > 0 {
            let middle = max(1, checkpoint.treeSize / 2)
            let proof = try ledger.read { try $0.inclusionProof(sequence: middle, treeSize: checkpoint.treeSize) }
            print("inclusion proof of event \(middle): \(proof.path.count) hashes, verifies: \(proof.verify())")
        }
        if !report.isValid { throw ExitCode.failure }
    }

    private func seed(_ ledger: Ledger) async throws {
        let writer = LedgerWriter(ledger: ledger)
        let started = Date()
        let (total, clients, streams) = (events, max(1, clients), max(1, streams))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    let actor = EventActor(userID: "demo-\(client)", agency: "CA0000000", clientAddress: "127.0.0.1")
                    for index in stride(from: client, to: total, by: clients) {
                        let stream = "demo-\(index % streams)"
                        let payload = Array(#"{"note":"demo event \#(index)","client":\#(client)}"#.utf8)
                        _ = try await writer.append(
                            [EventDraft(type: index < streams ? "DemoOpened" : "DemoNoted", stream: stream, payload: payload)],
                            actor: actor)
                    }
                }
            }
            try await group.waitForAll()
        }
        await writer.shutdown()
        let seconds = Date().timeIntervalSince(started)
        let metrics = writer.metrics
        print("seeded \(total) events over \(streams) streams from \(clients) clients in "
              + "\(String(format: "%.2f", seconds)) s (\(Int(Double(total) / seconds)) events/s, "
              + "\(metrics.transactionsCommitted) commits, mean batch \(String(format: "%.1f", metrics.meanBatchSize)))")
    }
}
