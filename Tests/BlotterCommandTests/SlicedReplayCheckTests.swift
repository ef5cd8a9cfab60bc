import Foundation
@testable import Ledger
import LMDB
import Records
import Server
import Testing
import TestSupport

/// `rebuild --check` and `verify` compare the records table slice by slice as the replay folds
/// it (`LiveTables`): a change anywhere in the live table, before the first slice's records,
/// on a boundary between slices or after the last, is found and named like any other.
@Suite("Sliced check of the records table")
struct SlicedReplayCheckTests {
    let commandLine = BlotterCommandLine()

    /// 1,100 records: four slices on any machine (a slice per 256 records, up to four a core).
    func seeded() throws -> [[UInt8]] {
        let seeded = try commandLine.run(["seed", "--records", "1100", "--data", commandLine.data])
        #expect(seeded.status == 0, "\(seeded.output)")
        let environment = try Environment(directory: (commandLine.data as NSString).appendingPathComponent(Ledger.environmentDirectoryName))
        let records = try environment.openDatabase(named: "projection.records.records")
        var keys: [[UInt8]] = []
        try environment.read { transaction in
            try transaction.forEach(in: records) { entry in
                keys.append([UInt8](entry.key))
                return true
            }
        }
        return keys
    }

    func tamper(_ change: (WriteTransaction, Database) throws -> Void) throws {
        let environment = try Environment(directory: (commandLine.data as NSString).appendingPathComponent(Ledger.environmentDirectoryName))
        let records = try environment.openDatabase(named: "projection.records.records")
        try environment.write { try change($0, records) }
    }

    func check() throws -> [LedgerRebuilder.Difference] {
        let ledger = try Ledger(directory: commandLine.data, configuration: LedgerConfiguration(projections: BlotterServices.projections()))
        return try LedgerRebuilder.check(ledger).differences
    }

    @Test func everyChangeToTheRecordsTableIsFoundWhereverItLies() throws {
        let keys = try seeded()
        #expect(keys.count == 1_100)
        #expect(try check().isEmpty)
        // Extra entries: below every record, just after records at every tenth of the table
        // (so on both sides of every slice boundary somewhere), and above every record.
        let positions = stride(from: 0, to: keys.count, by: keys.count / 10).map { $0 } + [keys.count - 1]
        let extras: [[UInt8]] = [Array("0".utf8)] + positions.map { keys[$0] + Array("X".utf8) } + [Array("~".utf8)]
        for extra in extras {
            try tamper { try $0.put(Array("{}".utf8), forKey: extra, in: $1) }
            let differences = try check()
            #expect(differences.count == 1 && differences.first?.table == "projection.records.records", "\(differences)")
            #expect(differences.first?.keyHex == LedgerRebuilder.hex(extra) && differences.first?.problem == "present live but not derivable from the log",
                    "\(differences)")
            try tamper { try $0.delete(extra, in: $1) }
        }
        // Missing and changed entries, at the same places: each named with the event behind it.
        for position in positions {
            var value: [UInt8] = []
            try tamper { transaction, records in
                value = try #require(try transaction.value(forKey: keys[position], in: records))
                try transaction.delete(keys[position], in: records)
            }
            let missing = try check()
            #expect(missing.count == 1 && missing.first?.keyHex == LedgerRebuilder.hex(keys[position]), "\(missing)")
            #expect(missing.first?.problem == "missing from the live table" && missing.first?.sequence != nil)
            var changed = value
            changed[changed.count / 2] ^= 0x01
            try tamper { try $0.put(changed, forKey: keys[position], in: $1) }
            let differs = try check()
            #expect(differs.first?.problem == "value differs from the replayed one" && differs.count == 1, "\(differs)")
            try tamper { try $0.put(value, forKey: keys[position], in: $1) }
        }
        #expect(try check().isEmpty)
        let verify = try commandLine.run(["verify", "--data", commandLine.data])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
