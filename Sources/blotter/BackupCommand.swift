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
        ReplayMemory.configure()
        let ledger = try data.openLedger(for: .inspect)
        let staging = BackupStaging(destination: destination)
        try staging.prepare()
        let started = Date()
        try ledger.backup(to: staging.path, keyFiles: [SecondFactor.keyFileName])
        try staging.flushToDisk()
        print("copied to \(staging.path) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        var copyOptions = data
        copyOptions.directory = staging.path
        let verifyStarted = Date()
        let report = try LedgerVerifier.verify(try copyOptions.openLedger(for: .verify))
        print(VerifyReportText(report: report, seconds: Date().timeIntervalSince(verifyStarted)).text)
        guard report.isValid else {
            print("the copy failed verification and was left at \(staging.path); \(destination) was not written")
            throw ExitCode.failure
        }
        try staging.publish()
        print("backup complete: \(destination)")
    }
}
