import ArgumentParser
import Foundation
import Ledger

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain, the Merkle tree against every signed checkpoint, and every projection.",
        discussion: "Exits 0 when everything holds; otherwise prints the first bad sequence number and exits 1.")

    @OptionGroup var data: DataOptions

    @Flag(help: "Skip replaying projections and indexes (check the log and the Merkle tree only).")
    var skipProjections = false

    func run() throws {
        ReplayMemory.configure()
        let ledger = try data.openLedger(for: .verify)
        let started = Date()
        let report = try LedgerVerifier.verify(ledger, includingDerivedTables: !skipProjections)
        let seconds = Date().timeIntervalSince(started)
        print(VerifyReportText(report: report, seconds: seconds).text)
        if !report.isValid { throw ExitCode.failure }
    }
}

/// `blotter verify` output, shared with `blotter demo` and `blotter backup`.
struct VerifyReportText {
    let report: VerificationReport
    let seconds: Double

    var text: String {
        var lines = [
            "events checked       \(report.eventsChecked)",
            "merkle nodes checked \(report.merkleNodesChecked)",
            "tree root            \(report.rootHash) (size \(report.treeSize))",
            "checkpoints checked  \(report.checkpointsChecked)",
        ]
        if let derived = report.derivedTables {
            lines.append("derived tables       \(derived.tablesCompared) tables, \(derived.entriesCompared) entries replayed and compared")
            for difference in derived.differences {
                lines.append("MISMATCH \(difference)")
            }
        }
        for failure in report.failures {
            lines.append("FAILED \(failure)")
        }
        if let first = report.firstBadSequence {
            lines.append("first bad sequence   \(first)")
        }
        let rate = seconds > 0 ? Int(Double(report.eventsChecked) / seconds) : 0
        lines.append(report.isValid
            ? "verified: the ledger is intact (\(String(format: "%.2f", seconds)) s, \(rate) events/s)"
            : "VERIFICATION FAILED")
        return lines.joined(separator: "\n")
    }
}
