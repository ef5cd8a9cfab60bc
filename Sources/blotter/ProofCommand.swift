import ArgumentParser
import Foundation
import Ledger

struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print an inclusion proof for the event at SEQ (RFC 9162), checked before it is printed.",
        discussion: "The proof is against the latest checkpoint's tree size unless --tree-size is given.")

    @OptionGroup var data: DataOptions

    @Argument(help: "The event's sequence number.")
    var sequence: UInt64

    @Option(help: "The tree size to prove against (default: the latest checkpoint's, else the whole log).")
    var treeSize: UInt64?

    func run() throws {
        let ledger = try data.openLedger(for: .inspect)
        let proof = try ledger.read { transaction in
            let size = try treeSize ?? transaction.latestCheckpoint()?.treeSize ?? transaction.lastSequence()
            return try transaction.inclusionProof(sequence: sequence, treeSize: size)
        }
        guard proof.verify() else {
            throw ValidationError("the inclusion proof for \(sequence) does not verify: run blotter verify")
        }
        print(try JSONOutput.text(proof))
    }
}

struct ConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Print a consistency proof (RFC 9162) that the log at OLD events is a prefix of the log at NEW.")

    @OptionGroup var data: DataOptions

    @Argument(help: "The earlier tree size.")
    var oldSize: UInt64

    @Argument(help: "The later tree size (default: the whole log).")
    var newSize: UInt64?

    func run() throws {
        let ledger = try data.openLedger(for: .inspect)
        let proof = try ledger.read { transaction in
            try transaction.consistencyProof(from: oldSize, to: newSize ?? transaction.lastSequence())
        }
        guard proof.verify() else {
            throw ValidationError("the consistency proof does not verify: run blotter verify")
        }
        print(try JSONOutput.text(proof))
    }
}

enum JSONOutput {
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
