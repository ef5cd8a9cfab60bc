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

    @Option(help: "A checkpoint note (C2SP signed note) kept earlier: prove by a consistency proof that nothing before it changed.")
    var against: String?

    @Option(help: "The verifier key the note must be signed by (name+keyid+base64), as kept with it; default the ledger's own.")
    var key: String?

    func run() throws {
        ReplayMemory.configure()
        let kept = try against.map { try keptNote($0) }
        let ledger = try data.openLedger(for: .verify)
        let started = Date()
        let report = try LedgerVerifier.verify(ledger, includingDerivedTables: !skipProjections)
        let seconds = Date().timeIntervalSince(started)
        print(VerifyReportText(report: report, seconds: seconds).text)
        var holds = report.isValid
        if let kept {
            let check = try ledger.read { try $0.check(kept.note, verifierKey: kept.key) }
            if let problem = check.problem {
                print("AGAINST \(against ?? ""): FAILED: \(problem)")
                holds = false
            } else {
                print("against \(against ?? ""): the note of \(check.origin) at \(check.noteTreeSize) events is signed, and the ledger at "
                      + "\(check.currentTreeSize) events extends it (consistency proof of \(check.proofLength) hashes verified)")
            }
        }
        if !holds { throw ExitCode.failure }
    }

    private func keptNote(_ path: String) throws -> (note: CheckpointNote, key: (name: String, publicKey: [UInt8])?) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(path) is not UTF-8 text") }
        do {
            return (try CheckpointNote(parsing: text), try key.map { try CheckpointNote.parseVerifierKey($0) })
        } catch let error as CheckpointNote.Malformed {
            throw ValidationError("\(path): \(error)")
        }
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
