import Foundation
import Ledger

/// Rebuild, verify and one stream's fetch, on the largest ledger the append benchmark wrote.
enum ReplayBenchmarks {
    /// Each part runs `runs` times and the best is reported: on a shared machine the fastest run
    /// is the closest to the code's own cost.
    static func run(directory: String, parts: Set<String> = ["verify", "check", "rebuild", "fetch"], runs: Int = 3) throws {
        let ledger = try LedgerAppendBenchmark.openLedger(directory)
        let events = try ledger.read { try $0.lastSequence() }
        try ledger.checkpoint()

        if parts.contains("verify") { try verify(ledger, events: events, runs: runs) }
        if parts.contains("check") { try check(ledger, events: events, runs: runs) }
        if parts.contains("rebuild") { try rebuild(ledger, events: events, runs: runs) }
        if parts.contains("fetch") { try streamFetch(ledger, runs: runs) }
    }

    static func best(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var seconds = Double.infinity
        for _ in 0..<max(1, runs) { seconds = min(seconds, try measure(body)) }
        return seconds
    }

    static func verify(_ ledger: Ledger, events: UInt64, runs: Int) throws {
        var verifyReport: VerificationReport?
        let verifySeconds = try best(runs) { verifyReport = try LedgerVerifier.verify(ledger, includingDerivedTables: false) }
        precondition(verifyReport?.isValid == true, "the benchmark ledger does not verify")
        print(String(format: "verify (chain, Merkle tree, checkpoint)  %9d events in %6.2f s  %10.0f events/s  (target ≥ 1,000,000)",
                     events, verifySeconds, Double(events) / verifySeconds))
    }

    static func check(_ ledger: Ledger, events: UInt64, runs: Int) throws {
        var check: LedgerRebuilder.Report?
        let checkSeconds = try best(runs) { check = try LedgerRebuilder.check(ledger) }
        precondition(check?.isIdentical == true, "the benchmark ledger's projections differ from the replay")
        print(String(format: "rebuild --check (replay and compare)     %9d events in %6.2f s  %10.0f events/s",
                     events, checkSeconds, Double(events) / checkSeconds))
    }

    static func rebuild(_ ledger: Ledger, events: UInt64, runs: Int) throws {
        let rebuildSeconds = try best(runs) { _ = try LedgerRebuilder.rebuild(ledger) }
        print(String(format: "rebuild (replay and replace)             %9d events in %6.2f s  %10.0f events/s  (target ≥ 500,000)",
                     events, rebuildSeconds, Double(events) / rebuildSeconds))
    }

    /// Fetches the 1,000-event stream 1,000 times per run, each in its own read transaction.
    static func streamFetch(_ ledger: Ledger, runs: Int) throws {
        var latencies: [Double] = []
        var count = 0
        for _ in 0..<1_000 * max(1, runs) {
            latencies.append(try measure {
                count = try ledger.read { try $0.streamEvents(Workload.hotStream).count }
            })
        }
        latencies.sort()
        let total = try ledger.read { try $0.lastSequence() }
        print(String(format: "stream fetch: %d events of %d, p50 %.3f ms, p99 %.3f ms, max %.3f ms  (target < 1 ms)",
                     count, total, latencies[latencies.count / 2] * 1e3, latencies[latencies.count * 99 / 100] * 1e3,
                     latencies.last! * 1e3))
    }
}
