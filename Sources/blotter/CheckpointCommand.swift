import ArgumentParser
import Ledger

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Sign and store a checkpoint of the log as it stands.")

    @OptionGroup var data: DataOptions

    func run() throws {
        let ledger = try data.openLedger(for: .maintain)
        let checkpoint = try ledger.checkpoint()
        print(try JSONOutput.text(checkpoint))
    }
}
