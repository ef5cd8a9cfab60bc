import Foundation
import Ledger
import LMDB
import Records
import Server

/// Entering a synthetic population and audited searches over it, at each population size:
/// the records domain measured in-process, each search including its durable access event.
enum RecordsBenchmark {
    static let actor = EventActor(userID: "benchmark-officer", agency: "CA0194200", clientAddress: "127.0.0.1")

    static func run(sizes: [Int], scratch: String, searches: Int) async throws {
        let directory = try ScratchDirectory(root: scratch, name: "records")
        defer { directory.remove() }
        var configuration = LedgerConfiguration(projections: RecordsService.projections())
        configuration.environment.initialMapSizeBytes = 4 << 30
        let ledger = try Ledger(directory: directory.path, configuration: configuration)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let today = CalendarDate(SystemClock().now())
        let rawRate = try rawAppendRate(batch: 16, scratch: scratch)
        var entered = 0
        let commit = try SearchLatencies.rawCommits(searches, scratch: scratch)
        print("records   entered/s  events/s  mean batch  ÷ raw appends   \(SearchLatencies.header)")
        for size in sizes {
            let population = SyntheticPopulation(seed: 7)
            let eventsBefore = try ledger.read { try $0.lastSequence() }
            let commitsBefore = writer.metrics
            let started = Date()
            // The population is planned by item; entering the first `size` records again skips
            // (idempotently) what an earlier size already entered.
            let summary = try await population.enter(records: size, into: service, clients: 32, today: today)
            let seconds = Date().timeIntervalSince(started)
            let events = try ledger.read { try $0.lastSequence() } - eventsBefore
            let added = summary.recordsEntered - entered
            entered = summary.recordsEntered
            let metrics = writer.metrics
            let batch = Double(metrics.commandsCommitted - commitsBefore.commandsCommitted)
                / Double(max(1, metrics.transactionsCommitted - commitsBefore.transactionsCommitted))
            let searched = try await SearchLatencies.measure(searches, service, population: size)
            print(String(format: "%7d  %9.0f  %8.0f  %10.1f  %13.4f   %@",
                         entered, Double(added) / seconds, Double(events) / seconds, batch, Double(events) / seconds / rawRate,
                         searched.line(against: commit)))
        }
        await writer.shutdown()
        print("""

            entered/s: records per second entering the population (with their second-party checks and rap-sheet
            entries) from 32 concurrent clients through the group-commit writer; events/s counts every event.
            ÷ raw appends: events/s over raw sequential LMDB appends at 16 per commit (\(Int(rawRate))/s, same run).
            \(SearchLatencies.legend(commit))
            """)
    }

    /// Audited searches on a data directory seeded beforehand (`blotter seed --records N`):
    /// large populations take long to enter, and this measures them again without re-entering.
    static func searchExisting(directory: String, population: Int, searches: Int, scratch: String) async throws {
        var configuration = LedgerConfiguration(projections: BlotterServices.projections())
        configuration.environment.initialMapSizeBytes = 4 << 30
        let ledger = try Ledger(directory: directory, configuration: configuration)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let commit = try SearchLatencies.rawCommits(searches, scratch: scratch)
        let events = try ledger.read { try $0.lastSequence() }
        print("records   events     \(SearchLatencies.header)")
        let searched = try await SearchLatencies.measure(searches, service, population: population)
        print(String(format: "%7d  %9d   %@", population, events, searched.line(against: commit)))
        await writer.shutdown()
        print("\n" + SearchLatencies.legend(commit))
    }

    /// Raw sequential appends of 300-byte values at `batch` per commit: the ceiling for the log.
    static func rawAppendRate(batch: Int, scratch: String) throws -> Double {
        let directory = try ScratchDirectory(root: scratch, name: "raw-records")
        defer { directory.remove() }
        return Double(20_000) / (try AppendBaselines.rawAppends(Workload(eventCount: 20_000), batch: batch, directory: directory.path))
    }
}
