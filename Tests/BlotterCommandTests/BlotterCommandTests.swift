import Foundation
import Ledger
import LMDB
import Testing
import TestSupport

/// The `blotter` command line, run as a user would run it.
@Suite("blotter command line")
struct BlotterCommandTests {
    let commandLine = BlotterCommandLine()
    var directory: TemporaryDirectory { commandLine.directory }
    var data: String { commandLine.data }

    func blotter(_ arguments: String...) throws -> BlotterCommandLine.Run {
        try commandLine.run(arguments)
    }

    func seed() throws {
        try commandLine.demo()
    }

    @Test func demoStatsAndVerifyOnAFreshLedger() throws {
        try seed()
        let stats = try blotter("stats", "--data", data)
        #expect(stats.status == 0)
        #expect(stats.output.contains("events      300"))
        #expect(stats.output.contains("checkpoint  tree size 300"))
        let verify = try blotter("verify", "--data", data)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("checkpoints checked  1"))
    }

    @Test func verifyNamesTheFirstBadSequenceAndFails() throws {
        try seed()
        let environment = try Environment(directory: (data as NSString).appendingPathComponent("ledger"))
        let events = try environment.openDatabase(named: "ledger.events")
        try environment.write { transaction in
            let key = withUnsafeBytes(of: UInt64(123).bigEndian, Array.init)
            var record = try #require(try transaction.value(forKey: key, in: events))
            record[record.count - 3] ^= 0x01
            try transaction.put(record, forKey: key, in: events)
        }
        let verify = try blotter("verify", "--data", data, "--skip-projections")
        #expect(verify.status == 1)
        #expect(verify.output.contains("first bad sequence   123"), "\(verify.output)")
        #expect(verify.output.contains("VERIFICATION FAILED"))
    }

    @Test func proofsArePrintedAsCheckableJSON() throws {
        try seed()
        let inclusion = try blotter("proof", "--data", data, "77")
        #expect(inclusion.status == 0, "\(inclusion.output)")
        let proof = try JSONDecoder().decode(InclusionProof.self, from: Data(inclusion.output.utf8))
        #expect(proof.sequence == 77 && proof.treeSize == 300 && proof.verify())
        let consistency = try blotter("consistency", "--data", data, "100", "300")
        let consistencyProof = try JSONDecoder().decode(ConsistencyProof.self, from: Data(consistency.output.utf8))
        #expect(consistencyProof.verify())
        let outOfRange = try blotter("proof", "--data", data, "301")
        #expect(outOfRange.status != 0)
        #expect(outOfRange.output.contains("301"))
    }

    @Test func rebuildChecksAndRepairsProjections() throws {
        try seed()
        #expect(try blotter("rebuild", "--data", data, "--check").status == 0)
        let environment = try Environment(directory: (data as NSString).appendingPathComponent("ledger"))
        let streams = try environment.openDatabase(named: "projection.stream-catalog.streams")
        try environment.write { try $0.delete(Array("demo-3".utf8), in: streams) }
        let check = try blotter("rebuild", "--data", data, "--check")
        #expect(check.status == 1)
        #expect(check.output.contains("MISMATCH projection.stream-catalog.streams"))
        let repair = try blotter("rebuild", "--data", data)
        #expect(repair.status == 0)
        #expect(repair.output.contains("repaired"))
        #expect(try blotter("rebuild", "--data", data, "--check").status == 0)
    }

    @Test func backupWritesAVerifiedCopy() throws {
        try seed()
        let destination = (directory.path as NSString).appendingPathComponent("backup")
        let backup = try blotter("backup", "--data", data, destination)
        #expect(backup.status == 0, "\(backup.output)")
        #expect(backup.output.contains("verified: the ledger is intact"))
        let stats = try blotter("stats", "--data", destination)
        #expect(stats.output.contains("events      300"))
        let again = try blotter("backup", "--data", data, destination)
        #expect(again.status != 0)
        #expect(again.output.contains("not empty"))
        let checkpoint = try blotter("checkpoint", "--data", destination)
        #expect(checkpoint.status == 0)
        #expect(checkpoint.output.contains("\"treeSize\" : 300"))
    }
}

@Suite("The storage seam")
struct StorageSeamTests {
    /// Only the engine talks to LMDB: the domain, the service and the command line reach
    /// storage through `Ledger` alone, so another backend needs no change above it.
    @Test func nothingAboveTheLedgerImportsLMDB() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        for module in ["Records", "Access", "Server", "blotter"] {
            let directory = sources.appendingPathComponent(module)
            let files = try #require(FileManager.default.enumerator(atPath: directory.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty, "\(module)")
            for file in files {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "import LMDB" }, "\(module)/\(file) imports LMDB")
            }
        }
    }
}
