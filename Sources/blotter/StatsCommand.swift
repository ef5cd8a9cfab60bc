import ArgumentParser
import Foundation
import Ledger

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print the ledger's identity, head, latest checkpoint and table sizes.")

    @OptionGroup var data: DataOptions

    func run() throws {
        let ledger = try data.openLedger(for: .inspect)
        let statistics = try ledger.read { try $0.statistics() }
        print(StatsReport(statistics: statistics).text)
    }
}

/// `blotter stats` output, shared with `blotter demo`.
struct StatsReport {
    let statistics: LedgerStatistics

    var text: String {
        let head = statistics.head
        var lines = [
            "ledger      \(statistics.identity.id.uuidString.lowercased())",
            "public key  \(TextEncoding.hex(statistics.identity.publicKey))",
            "created     \(statistics.identity.createdAt)",
            "events      \(head.sequence)",
            "head hash   \(head.hash)",
            "last event  \(head.sequence == 0 ? "-" : head.recordedAt.description)",
            "tree root   \(head.rootHash)",
        ]
        if let checkpoint = statistics.latestCheckpoint {
            lines.append("checkpoint  tree size \(checkpoint.treeSize) at \(checkpoint.createdAt), root \(checkpoint.rootHash)")
        } else {
            lines.append("checkpoint  none")
        }
        let storage = statistics.storage
        lines.append("storage     \(storage.usedBytes >> 10) KiB used of a \(storage.mapSizeBytes >> 20) MiB map, "
                     + "\(storage.readersInUse) of \(storage.maximumReaders) reader slots in use")
        for table in statistics.tableEntries.keys.sorted() {
            let entries = statistics.tableEntries[table] ?? 0
            let kibibytes = (statistics.tableBytes[table] ?? 0) >> 10
            lines.append("  \(table.padding(toLength: 40, withPad: " ", startingAt: 0)) \(entries) entries, \(kibibytes) KiB")
        }
        return lines.joined(separator: "\n")
    }
}
