import ArgumentParser
import Foundation
import Ledger

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Replay the whole log into fresh projections and indexes.",
        discussion: """
            Without --check, the derived tables are replaced by the replay in one transaction (and \
            what differed is reported). With --check nothing changes; the command exits 1 unless the \
            live tables are byte-identical to the replay.
            """)

    @OptionGroup var data: DataOptions

    @Flag(help: "Compare only; change nothing.")
    var check = false

    func run() throws {
        ReplayMemory.configure()
        let ledger = try data.openLedger(for: check ? .inspect : .maintain)
        let started = Date()
        let report = check ? try LedgerRebuilder.check(ledger) : try LedgerRebuilder.rebuild(ledger)
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Int(Double(report.eventsReplayed) / seconds) : 0
        print("replayed \(report.eventsReplayed) events into \(report.tablesCompared) tables "
              + "(\(report.entriesCompared) entries) in \(String(format: "%.2f", seconds)) s, \(rate) events/s")
        for difference in report.differences {
            print((check ? "MISMATCH " : "repaired ") + difference.description)
        }
        if report.isIdentical {
            print("live tables are byte-identical to the replay")
        } else if check {
            throw ExitCode.failure
        }
    }
}
