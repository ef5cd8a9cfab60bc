import Foundation
import Ledger
import LMDB
import Testing
import TestSupport
@testable import blotter

/// A lost, cut short or foreign ledger file is reported as such by every command, never passed
/// off as an intact ledger, never crashing the process, and never replaced by a new ledger.
@Suite("Lost and damaged files")
struct LostAndDamagedFileTests {
    let commandLine = BlotterCommandLine()

    @Test func everyCommandRefusesAMissingLedgerAndCreatesNothing() throws {
        let missing = (commandLine.directory.path as NSString).appendingPathComponent("no-such-ledger")
        let backup = (commandLine.directory.path as NSString).appendingPathComponent("backup")
        for arguments in [
            ["verify", "--data", missing], ["verify", "--data", missing, "--skip-projections"], ["stats", "--data", missing],
            ["rebuild", "--data", missing], ["rebuild", "--data", missing, "--check"], ["checkpoint", "--data", missing],
            ["proof", "--data", missing, "1"], ["backup", "--data", missing, backup],
        ] {
            let run = try commandLine.run(arguments)
            #expect(run.status == 1 && !run.crashed, "\(arguments): \(run.output)")
            #expect(run.output.contains("there is no ledger here"), "\(arguments): \(run.output)")
            #expect(!run.output.contains("intact"))
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "a command that found no ledger created one")
        #expect(!FileManager.default.fileExists(atPath: backup))
    }

    @Test func aDeletedDataFileIsRefusedAndItsKeyNeverAdoptedByANewLedger() throws {
        try commandLine.demo()
        try FileManager.default.removeItem(atPath: commandLine.ledgerFile)
        let verify = try commandLine.run("verify", "--data", commandLine.data)
        #expect(verify.status == 1 && verify.output.contains("no ledger here"), "\(verify.output)")
        // What `serve` and `demo` open with: they may create a ledger, but not beside a key.
        let demo = try commandLine.run("demo", "--data", commandLine.data, "--events", "10")
        #expect(demo.status == 1, "\(demo.output)")
        #expect(demo.output.contains("its signing key is here but its data file"), "\(demo.output)")
        #expect(throws: LedgerError.self) { try Ledger(directory: commandLine.data) }
        #expect(!FileManager.default.fileExists(atPath: commandLine.ledgerFile))
    }

    @Test(arguments: [0.5, 0.1, 0.9])
    func aTruncatedDataFileIsReportedWithItsSizesNotACrash(keeping fraction: Double) throws {
        try commandLine.demo()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: commandLine.ledgerFile)[.size] as? Int)
        let kept = Int(Double(size) * fraction) / 4_096 * 4_096 + 4_096
        #expect(truncate(commandLine.ledgerFile, off_t(kept)) == 0)
        for command in ["verify", "stats", "rebuild"] {
            let run = try commandLine.run(command, "--data", commandLine.data)
            #expect(!run.crashed, "\(command) died of a signal: \(run.output)")
            #expect(run.status == 1, "\(command): \(run.output)")
            #expect(run.output.contains("is truncated: \(kept) of "), "\(command): \(run.output)")
        }
    }

    @Test func verifyOpensReadOnlyAndReportsAProjectionFoldedByAnotherVersion() throws {
        try commandLine.demo()
        let directory = (commandLine.data as NSString).appendingPathComponent("ledger")
        let key = Array("projection-version:stream-catalog".utf8)
        do {
            let environment = try Environment(directory: directory)
            let meta = try environment.openDatabase(named: "ledger.meta")
            try environment.write { try $0.put([0, 0, 0, 1], forKey: key, in: meta) }
        }
        let verify = try commandLine.run("verify", "--data", commandLine.data)
        #expect(verify.status == 1)
        #expect(verify.output.contains("projection stream-catalog was folded with version and settings 00000001"), "\(verify.output)")
        let environment = try Environment(directory: directory)
        let meta = try environment.openDatabase(named: "ledger.meta")
        #expect(try environment.read { try $0.value(forKey: key, in: meta) } == [0, 0, 0, 1], "verify changed the ledger it checked")
    }

    @Test func aCheckpointOfAnEmptyLogIsRefusedAndAMisplacedOneIsFound() throws {
        let empty = try commandLine.run("checkpoint", "--data", commandLine.data)
        #expect(empty.status == 1, "no ledger yet: \(empty.output)")
        try commandLine.demo()
        #expect(try commandLine.run("checkpoint", "--data", commandLine.data).status == 0)
        let directory = (commandLine.data as NSString).appendingPathComponent("ledger")
        do {
            let environment = try Environment(directory: directory)
            let checkpoints = try environment.openDatabase(named: "ledger.checkpoints")
            try environment.write { transaction in
                let stored = try #require(try transaction.value(forKey: BigEndianBytes.of(UInt64(300)), in: checkpoints))
                try transaction.put(stored, forKey: BigEndianBytes.of(UInt64(1)), in: checkpoints)
            }
        }
        let verify = try commandLine.run("verify", "--data", commandLine.data, "--skip-projections")
        #expect(verify.status == 1)
        #expect(verify.output.contains("the checkpoint stored under tree size 1 is signed for tree size 300"), "\(verify.output)")
    }
}

enum BigEndianBytes {
    static func of(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
}

/// A process that dies holding a read transaction leaves its reader slot, pinning every page
/// freed after its snapshot; the service's reader check clears it without waiting for the
/// next process to open the ledger.
@Suite("Stale readers")
struct StaleReaderTests {
    let commandLine = BlotterCommandLine()

    @Test func aVerifyKilledMidReadLeavesASlotThatTheReaderCheckClears() async throws {
        let populated = try commandLine.run("demo", "--data", commandLine.data, "--events", "8000", "--streams", "50", "--clients", "8")
        #expect(populated.status == 0, "\(populated.output)")
        var configuration = LedgerConfiguration(projections: BlotterProjections.all)
        configuration.readOnly = true
        let ledger = try Ledger(directory: commandLine.data, configuration: configuration)
        var killedHoldingASlot = false
        for _ in 0..<5 where !killedHoldingASlot {
            let verify = Process()
            verify.executableURL = try BuiltProducts.executable(named: "blotter")
            verify.arguments = ["verify", "--data", commandLine.data]
            verify.standardOutput = FileHandle.nullDevice
            try verify.run()
            // Kill it only once its read transaction shows in the reader table.
            while verify.isRunning, !killedHoldingASlot {
                if try ledger.checkReaders().readers.contains(where: { $0.processID == verify.processIdentifier }) {
                    kill(verify.processIdentifier, SIGKILL)
                    killedHoldingASlot = true
                }
            }
            verify.waitUntilExit()
        }
        try #require(killedHoldingASlot, "verify always finished before its reader slot was seen")
        let check = try ledger.checkReaders()
        #expect(check.staleCleared >= 1, "the dead verify's slots (one per reading thread) are cleared")
        #expect(check.readers.isEmpty)
        #expect(try ledger.checkReaders().staleCleared == 0, "and only once")
    }
}
