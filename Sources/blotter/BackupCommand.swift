import ArgumentParser
import Foundation
import Access
import Ledger

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a hot, consistent, compacted copy of the ledger to DEST, then verify the copy.",
        discussion: "Safe while the service runs. DEST becomes a data directory that `--data DEST` opens.")

    @OptionGroup var data: DataOptions

    @Argument(help: "The new data directory to write (must not hold a ledger).")
    var destination: String

    func run() throws {
        let ledger = try data.openLedger()
        let started = Date()
        try ledger.backup(to: destination, keyFiles: [SecondFactor.keyFileName])
        print("copied to \(destination) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        var copyOptions = data
        copyOptions.directory = destination
        let copy = try copyOptions.openLedger()
        let verifyStarted = Date()
        let report = try LedgerVerifier.verify(copy)
        print(VerifyReportText(report: report, seconds: Date().timeIntervalSince(verifyStarted)).text)
        if !report.isValid { throw ExitCode.failure }
    }
}
