import ArgumentParser
import Foundation
import Ledger

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Sign and store a checkpoint of the log as it stands.",
        discussion: """
            With --note FILE, also writes the checkpoint as a C2SP signed note (tlog-checkpoint), the form to keep outside
            the ledger; blotter verify --against FILE later proves nothing before it changed. The verifier key to keep
            with it is printed.
            """)

    @OptionGroup var data: DataOptions

    @Option(help: "Also write the checkpoint as a C2SP signed note to this file.")
    var note: String?

    func run() throws {
        let ledger = try data.openLedger(for: .maintain)
        let checkpoint = try ledger.checkpoint()
        print(try JSONOutput.text(checkpoint))
        guard let note else { return }
        let text = try ledger.checkpointNote(treeSize: checkpoint.treeSize).text
        try Data(text.utf8).write(to: URL(fileURLWithPath: note), options: .atomic)
        print("note written to \(note); verifier key \(ledger.checkpointVerifierKey)")
    }
}
