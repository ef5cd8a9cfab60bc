import ArgumentParser
import Foundation
import Ledger
import LMDB

@main
struct LedgerBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-benchmarks",
        abstract: "Ledger appends, rebuild, verify and stream fetch, side by side with raw LMDB baselines; the records domain; the HTTP service under load; "
            + "replay of seeded records ledgers by the blotter tool; as-of reads of a long record; a seeded fuzz run of the message parser.")

    @Option(help: "Where the benchmark ledgers are written (removed afterwards).")
    var scratch = NSTemporaryDirectory()

    @Flag(help: "A tenth of the events, for a quick look.")
    var quick = false

    @Option(help: "Runs of each append measurement; the best is reported.")
    var runs = 1

    @Option(help: "Runs of each replay measurement (verify, rebuild, fetch; and of seeded ledgers below a million records); the best is reported.")
    var replayRuns = 3

    enum Path: String, ExpressibleByArgument, CaseIterable {
        case raw, shaped, ledger, replay
    }

    @Option(help: "Run only this append path (raw, shaped or ledger), for profiling.")
    var only: Path?

    @Option(help: "Events for --only.")
    var events = 300_000

    @Option(help: "Events per commit for --only.")
    var batch = 10_000

    @Option(help: "Records benchmark population sizes, comma separated (e.g. 100000,1000000); the records benchmark runs after the ledger's.")
    var records = "100000,1000000"

    @Option(help: "Audited searches of each kind at each population size.")
    var searches = 2_000

    @Option(help: "Searches only, on this data directory seeded beforehand with `blotter seed` (its searches add access events to it).")
    var recordsData: String?

    @Option(help: "Records the --records-data directory was seeded with.")
    var recordsPopulation = 1_000_000

    @Flag(help: "Only the records benchmark.")
    var onlyRecords = false

    @Flag(help: "Only the HTTP service benchmark (it runs last in the full run).")
    var onlyService = false

    @Flag(help: "Only the ledger's appends and replays (they run first in the full run).")
    var onlyLedger = false

    @Flag(help: "Only the replay of ledgers seeded with `blotter seed` (rebuild --check, verify, verify --skip-projections, run by the blotter tool).")
    var onlyReplay = false

    @Option(help: "Record counts of the seeded ledgers the replay benchmark runs on, comma separated.")
    var replayRecords = "100000,1000000"

    @Option(help: "Where the seeded ledgers are kept between runs (bench-seed-100k, bench-seed-1m, … in it; seeded when missing).")
    var replayDataRoot = "/tmp"

    @Option(help: "Runs of each seeded-ledger replay at a million records or more (below, --replay-runs); the best is reported.")
    var replayLargeRuns = 2

    @Option(help: "The blotter executable the seeded-ledger replay runs (default: the one built beside this benchmark by `swift build -c release --product blotter`).")
    var blotter: String?

    @Flag(help: "Only the as-of reads of one record with a long history.")
    var onlyAsOf = false

    @Option(help: "Events in the as-of benchmark's record (its entry, then modifications).")
    var asOfEvents = 1_000

    @Option(help: "Reads of each kind in the as-of benchmark.")
    var asOfReads = 200

    @Option(help: "Records of the synthetic population entered around the as-of benchmark's record.")
    var asOfPopulation = 5_000

    @Flag(help: "Only the subject investigation on a ledger of a million events (InvestigationBenchmark.swift).")
    var onlyAudit = false

    @Flag(help: "Only a discovery export of one subject from that ledger, and its verification (DiscoveryBenchmark.swift).")
    var onlyDiscovery = false

    @Flag(help: "Only a seeded fuzz run of the NCIC-style message parser and translator (MessageFuzzBenchmark.swift); fails on an input over 50 ms or a refusal naming no problem.")
    var onlyMessageFuzz = false

    @Option(help: "Inputs of the message fuzz run.")
    var fuzzInputs = 1_000_000

    @Option(help: "Seed of the message fuzz run's inputs: the same seed gives the same inputs.")
    var fuzzSeed = MessageFuzzBenchmark.defaultSeed

    @Option(help: "Events in the investigation benchmark's ledger.")
    var auditEvents = 1_000_000

    @Option(help: "Where the investigation benchmark's filled ledger is kept between runs.")
    var auditData = "/tmp/bench-audit-1m"

    @Option(help: "Records of the synthetic population entered before the service benchmark's load.")
    var serviceRecords = 20_000

    @Option(help: "Seconds of each service benchmark phase (searches, then entries).")
    var serviceSeconds = 20.0

    @Option(help: "Concurrent HTTP clients of the service benchmark (at most 99).")
    var serviceClients = 64

    @OptionGroup(title: "Soak (SoakBenchmark.swift)")
    var soak: SoakOptions

    private var serviceOptions: ServiceBenchmark.Options {
        ServiceBenchmark.Options(records: serviceRecords, seconds: serviceSeconds, clients: serviceClients)
    }

    func validate() throws {
        guard serviceRecords > 0, serviceSeconds > 0, (1...99).contains(serviceClients) else {
            throw ValidationError("--service-records and --service-seconds must be positive, --service-clients 1-99")
        }
        let sizes = records.split(separator: ",").map { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--records takes positive population sizes separated by commas, e.g. 100000,1000000")
        }
        guard recordsPopulation > 0 else { throw ValidationError("--records-population must be positive") }
        let replaySizes = replayRecords.split(separator: ",").map { Int($0) }
        guard !replaySizes.isEmpty, replaySizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--replay-records takes positive record counts separated by commas, e.g. 100000,1000000")
        }
        guard replayRuns > 0, replayLargeRuns > 0 else { throw ValidationError("--replay-runs and --replay-large-runs must be positive") }
        guard asOfEvents >= 2, asOfReads > 0, asOfPopulation >= 0 else {
            throw ValidationError("--as-of-events must be at least 2, --as-of-reads positive, --as-of-population not negative")
        }
        guard fuzzInputs > 0 else { throw ValidationError("--fuzz-inputs must be positive") }
    }

    private var replayOptions: SeededLedgerReplayBenchmark.Options {
        SeededLedgerReplayBenchmark.Options(
            populations: replayRecords.split(separator: ",").compactMap { Int($0) }, root: replayDataRoot, blotter: blotter,
            runs: replayRuns, largeRuns: replayLargeRuns)
    }

    private var asOfOptions: AsOfReadBenchmark.Options {
        AsOfReadBenchmark.Options(events: asOfEvents, reads: asOfReads, population: asOfPopulation)
    }

    func run() async throws {
        let sizes = records.split(separator: ",").compactMap { Int($0) }
        if let recordsData {
            try await RecordsBenchmark.searchExisting(directory: recordsData, population: recordsPopulation, searches: searches, scratch: scratch)
            return
        }
        if onlyRecords {
            try await RecordsBenchmark.run(sizes: sizes, scratch: scratch, searches: searches)
            return
        }
        if soak.onlySoak {
            try await SoakBenchmark.run(soak, scratch: scratch)
            return
        }
        if onlyService {
            try await ServiceBenchmark.run(serviceOptions, scratch: scratch)
            return
        }
        if onlyReplay {
            try SeededLedgerReplayBenchmark.run(replayOptions)
            return
        }
        if onlyAsOf {
            try await AsOfReadBenchmark.run(asOfOptions, scratch: scratch)
            return
        }
        if onlyDiscovery {
            try await DiscoveryBenchmark.run(InvestigationBenchmark.Options(events: auditEvents, directory: auditData))
            return
        }
        if onlyMessageFuzz {
            guard MessageFuzzBenchmark.run(MessageFuzzBenchmark.Options(inputs: fuzzInputs, seed: fuzzSeed)) else { throw ExitCode.failure }
            return
        }
        if onlyAudit {
            try await InvestigationBenchmark.run(InvestigationBenchmark.Options(events: auditEvents, directory: auditData))
            return
        }
        if let only {
            try profile(only)
            return
        }
        print("Blotter ledger benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, "
              + "\(Workload.streamCount) streams, payload \(Workload(eventCount: 0).payload.count) bytes\n")
        let scale = quick ? 10 : 1
        let cases = [(batch: 1, events: 2_000 / scale), (batch: 100, events: 200_000 / scale), (batch: 10_000, events: 1_000_000 / scale)]
        var rows: [AppendRow] = []
        var largest: ScratchDirectory?
        for (batch, events) in cases {
            let workload = Workload(eventCount: max(events, batch))
            let row = try AppendRow.measure(workload, batch: batch, scratch: scratch, runs: runs, keepLedger: batch == 10_000)
            rows.append(row)
            largest = row.keptLedger ?? largest
            print(row.line)
        }
        print(AppendRow.legend)
        if let largest {
            print("")
            try ReplayBenchmarks.run(directory: largest.path, runs: replayRuns)
            largest.remove()
        }
        if onlyLedger { return }
        print("")
        try await RecordsBenchmark.run(sizes: sizes, scratch: scratch, searches: searches)
        print("")
        try await AsOfReadBenchmark.run(asOfOptions, scratch: scratch)
        print("")
        try await ServiceBenchmark.run(serviceOptions, scratch: scratch)
        print("")
        try SeededLedgerReplayBenchmark.run(replayOptions)
    }

    private func profile(_ path: Path) throws {
        let directory = try ScratchDirectory(root: scratch, name: "profile")
        defer { directory.remove() }
        let workload = Workload(eventCount: events)
        let seconds: Double
        if path == .replay {
            // Keeps the ledger between runs (in --scratch/replay-EVENTS), to profile replays alone.
            let kept = (scratch as NSString).appendingPathComponent("replay-\(events)")
            if !FileManager.default.fileExists(atPath: kept) {
                _ = try LedgerAppendBenchmark.run(workload, batch: batch, directory: kept)
            }
            let parts = ProcessInfo.processInfo.environment["REPLAY_PARTS"].map { Set($0.split(separator: ",").map(String.init)) }
            try ReplayBenchmarks.run(directory: kept, parts: parts ?? ["verify", "check", "rebuild", "fetch"], runs: replayRuns)
            return
        }
        switch path {
        case .raw: seconds = try AppendBaselines.rawAppends(workload, batch: batch, directory: directory.path)
        case .shaped: seconds = try AppendBaselines.ledgerShaped(workload, batch: batch, directory: directory.path)
        case .ledger: seconds = try LedgerAppendBenchmark.run(workload, batch: batch, directory: directory.path)
        case .replay: preconditionFailure("handled above")
        }
        print(String(format: "%@ appends: %.0f events/s (%.2f s, of which %.2f s in transaction bodies)",
                     path.rawValue, Double(events) / seconds, seconds, BodyClock.shared.seconds))
    }
}

/// Events per second of the three append paths at one batch size.
struct AppendRow {
    let batch: Int
    let events: Int
    let raw: Double
    let shaped: Double
    let ledger: Double
    var keptLedger: ScratchDirectory?

    static func measure(_ workload: Workload, batch: Int, scratch: String, runs: Int, keepLedger: Bool) throws -> AppendRow {
        var best = (raw: 0.0, shaped: 0.0, ledger: 0.0)
        var kept: ScratchDirectory?
        for run in 0..<max(1, runs) {
            let rawDirectory = try ScratchDirectory(root: scratch, name: "raw")
            best.raw = max(best.raw, Double(workload.eventCount) / (try AppendBaselines.rawAppends(workload, batch: batch, directory: rawDirectory.path)))
            rawDirectory.remove()
            let shapedDirectory = try ScratchDirectory(root: scratch, name: "shaped")
            best.shaped = max(best.shaped, Double(workload.eventCount) / (try AppendBaselines.ledgerShaped(workload, batch: batch, directory: shapedDirectory.path)))
            shapedDirectory.remove()
            let ledgerDirectory = try ScratchDirectory(root: scratch, name: "ledger")
            best.ledger = max(best.ledger, Double(workload.eventCount) / (try LedgerAppendBenchmark.run(workload, batch: batch, directory: ledgerDirectory.path)))
            if keepLedger && run == max(1, runs) - 1 { kept = ledgerDirectory } else { ledgerDirectory.remove() }
        }
        return AppendRow(batch: batch, events: workload.eventCount, raw: best.raw, shaped: best.shaped, ledger: best.ledger, keptLedger: kept)
    }

    var line: String {
        func rate(_ value: Double) -> String { String(format: "%10.0f", value) }
        let header = batch == 1
            ? "events/commit  events     raw appends/s  ledger-shaped/s  ledger/s  ledger÷raw  ledger÷shaped (target ≥ 0.70)\n"
            : ""
        return header + String(format: "%13d  %9d  ", batch, events) + rate(raw) + "     " + rate(shaped) + "  " + rate(ledger)
            + String(format: "     %5.2f       %5.2f", ledger / raw, ledger / shaped)
    }

    static let legend = """

        raw appends:   one MDB_APPEND put per event (the ceiling)
        ledger-shaped: per event one SHA-256, one log append, one stream-index put, one projection put
        ledger:        Ledger.append with the stream-catalog projection (see Docs/architecture.md for its puts)
        """
}
