import ArgumentParser
import Foundation
import Ledger
import Records

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Enter a realistic, reproducible synthetic population of records through the ordinary commands.",
        discussion: """
            People with rap sheets, vehicle registrations and driver licences, wanted and missing \
            persons, protective orders, stolen vehicles, plates, guns and articles, spread over five \
            agencies and a court, most entries second-party checked. The same --seed gives the same \
            population. For demos, tests and benchmarks: never on a production ledger.
            """)

    @OptionGroup var data: DataOptions

    @Option(help: "Records to enter.")
    var records = 1_000

    @Option(help: "The population's seed.")
    var seed: UInt64 = 1

    @Option(help: "Concurrent clients entering it (they share commits through the group-commit writer).")
    var clients = 32

    func run() async throws {
        let ledger = try data.openLedger(for: .populate)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let started = Date()
        let summary = try await SyntheticPopulation(seed: seed).enter(
            records: records, into: service, clients: clients, today: CalendarDate(SystemClock().now()))
        await writer.shutdown()
        let seconds = Date().timeIntervalSince(started)
        let metrics = writer.metrics
        print("entered \(summary.recordsEntered) records (\(summary.historyEntries) history entries, "
              + "\(summary.entriesChecked) second-party checks, \(summary.rejected) refused) in \(String(format: "%.1f", seconds)) s: "
              + "\(Int(Double(summary.recordsEntered) / seconds)) records/s, \(metrics.transactionsCommitted) commits, "
              + "mean batch \(String(format: "%.1f", metrics.meanBatchSize))")
        if let first = summary.firstRejection {
            print("\(summary.rejected) synthetic commands were refused; the first: \(first)")
            throw ExitCode.failure
        }
    }
}
