import ArgumentParser
import Foundation
import Ledger

struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Rewrite a stopped ledger's data file entry by entry, so no byte of destroyed data is left in it.",
        discussion: """
            Run after a court-ordered destruction, with the service stopped (refused while another process has the ledger
            open). LMDB keeps the old bytes of removed payloads in free pages and in the unused middle of live pages; the
            rewrite copies only the entries. The copy replaces the file only after a full verify; otherwise the original
            stays. See Docs/audit.md.
            """)

    @OptionGroup var data: DataOptions

    func run() throws {
        ReplayMemory.configure()
        let started = Date()
        let report = try LedgerCompaction.compact(directory: data.directory, projections: BlotterProjections.all)
        print("entries rewritten    \(report.entriesCopied)")
        print("data file            \(report.bytesBefore) bytes before, \(report.bytesAfter) after")
        print(VerifyReportText(report: report.verification, seconds: Date().timeIntervalSince(started)).text)
    }
}
