import Foundation
import Ledger
import LMDB
import Records

/// Entering a synthetic population and audited searches over it, at each population size:
/// the records domain measured in-process, each search including its durable access event.
enum RecordsBenchmark {
    static let actor = EventActor(userID: "benchmark-officer", agency: "CA0194200", clientAddress: "127.0.0.1")

    static func run(sizes: [Int], scratch: String, searches: Int) async throws {
        let directory = try ScratchDirectory(root: scratch, name: "records")
        defer { directory.remove() }
        var configuration = LedgerConfiguration(projections: RecordsService.projections)
        configuration.environment.initialMapSizeBytes = 4 << 30
        let ledger = try Ledger(directory: directory.path, configuration: configuration)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let today = CalendarDate(SystemClock().now())
        let rawRate = try rawAppendRate(batch: 16, scratch: scratch)
        var entered = 0
        print("records   entered/s  events/s  mean batch  ÷ raw appends   key search p50/p99 ms   name search p50/p99 ms  (targets: key p99 < 2, name p99 < 5)")
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
            let key = try await latencies(searches, service) { random in
                .stateID(String(format: "A%08d", Int.random(in: 0..<size, using: &random)))
            }
            let name = try await latencies(searches, service) { random in
                let surname = ["SMITH", "GARCIA", "NGUYEN", "JOHNSON", "LEE", "PATEL", "OKAFOR"].randomElement(using: &random)!
                let first = ["JOHN", "MARIA", "JAMES", "AN", "ROBERT", "MARY"].randomElement(using: &random)!
                let born = CalendarDate(year: Int.random(in: 1950...2004, using: &random), month: 6, day: 15)!
                return .name(last: surname, first: first, dateOfBirth: born, sex: nil, toleranceDays: 365)
            }
            print(String(format: "%7d  %9.0f  %8.0f  %10.1f  %13.4f   %9.2f / %-9.2f   %9.2f / %-9.2f",
                         entered, Double(added) / seconds, Double(events) / seconds, batch, Double(events) / seconds / rawRate,
                         key.p50, key.p99, name.p50, name.p99))
        }
        await writer.shutdown()
        print("""

            entered/s: records per second entering the population (with their second-party checks and rap-sheet
            entries) from 32 concurrent clients through the group-commit writer; events/s counts every event.
            ÷ raw appends: events/s over raw sequential LMDB appends at 16 per commit (\(Int(rawRate))/s, same run).
            searches: one client, one query at a time, each answer returned after its access event was committed.
            """)
    }

    struct Percentiles {
        let p50: Double
        let p99: Double
    }

    static func latencies(
        _ count: Int, _ service: RecordsService, _ query: (inout SystemRandomNumberGenerator) -> RecordQuery
    ) async throws -> Percentiles {
        var random = SystemRandomNumberGenerator()
        var samples: [Double] = []
        let context = QueryContext(purpose: .criminalJustice, caseNumber: "BENCH-1")
        for _ in 0..<count {
            let next = query(&random)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await service.search(next, context: context, by: actor)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        samples.sort()
        return Percentiles(p50: samples[samples.count / 2], p99: samples[samples.count * 99 / 100])
    }

    /// Raw sequential appends of 300-byte values at `batch` per commit: the ceiling for the log.
    static func rawAppendRate(batch: Int, scratch: String) throws -> Double {
        let directory = try ScratchDirectory(root: scratch, name: "raw-records")
        defer { directory.remove() }
        return Double(20_000) / (try AppendBaselines.rawAppends(Workload(eventCount: 20_000), batch: batch, directory: directory.path))
    }
}
