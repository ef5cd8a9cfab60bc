import Foundation
@testable import Ledger
import LMDB
import Testing
import TestSupport

/// Verify holds a ledger to every rule of the storage format, even one forged by someone with
/// its signing key (every hash, proof and signature recomputed), and names the sequence.
@Suite("Verify enforces the storage format")
struct StrictVerifyTests {
    static func forged(_ sequence: UInt64, _ change: (inout Forger.Fields) -> Void) throws -> (LedgerFixture, VerificationReport, VerificationReport) {
        let fixture = try TamperTests.makeLedger()
        try Forger(ledger: fixture.ledger).forge(sequence, change)
        return (fixture, try LedgerVerifier.verify(fixture.ledger), try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false))
    }

    @Test func aForgerAloneIsNotCaught() throws {
        // The forger's own re-sealing must hold, or the tests below would prove nothing.
        let (_, full, chainOnly) = try Self.forged(5) { $0.payload = Array("another payload".utf8) }
        #expect(chainOnly.isValid, "\(chainOnly.failures)")
        #expect(full.failures.isEmpty, "\(full.failures)")
    }

    @Test(arguments: ["userID", "agency", "clientAddress", "type", "stream", "idempotencyKey"])
    func invalidUTF8InAnyHeaderStringIsReportedAtItsSequence(field: String) throws {
        let (_, full, chainOnly) = try Self.forged(4) { fields in
            let invalid: [UInt8] = [0x43, 0x41, 0xC3, 0x28]
            switch field {
            case "userID": fields.userID = invalid
            case "agency": fields.agency = invalid
            case "clientAddress": fields.clientAddress = invalid
            case "type": fields.type = invalid
            case "stream": fields.stream = invalid
            default: fields.idempotencyKey = invalid
            }
        }
        for report in [full, chainOnly] {
            #expect(report.firstBadSequence == 4, "\(field): \(report.failures)")
            #expect(report.failures.first?.message.contains("not valid UTF-8") == true, "\(field): \(report.failures)")
        }
    }

    @Test func aForgedStreamVersionIsReportedAtItsSequenceEvenWithoutReplay() throws {
        let (_, full, chainOnly) = try Self.forged(7) { $0.streamVersion += 1 }
        for report in [full, chainOnly] {
            #expect(report.firstBadSequence == 7, "\(report.failures)")
            #expect(report.failures.first?.message.contains("version") == true, "\(report.failures)")
        }
    }

    @Test func anEmptyStreamOrOneWithAZeroByteIsReported() throws {
        for stream in [[], [0x61, 0x00, 0x62]] as [[UInt8]] {
            let (_, _, chainOnly) = try Self.forged(3) { $0.stream = stream }
            #expect(chainOnly.firstBadSequence == 3, "\(stream): \(chainOnly.failures)")
        }
    }

    /// The redaction event of `TamperTests.makeLedger` is event 9; it redacted event 2.
    @Test(arguments: [
        (#"{"extra":1,"reason":"order 1","sequences":[2]}"#, "extra key"),
        (#"{"reason":"","sequences":[2]}"#, "empty reason"),
        (#"{"reason":"  ","sequences":[2]}"#, "blank reason"),
        (#"{"reason":"order 1","sequences":[2.0]}"#, "a fraction"),
        (#"{"reason":"order 1","sequences":[100.0]}"#, "100.0"),
        (#"{"reason":"order 1","sequences":[2,2]}"#, "duplicate"),
        (#"{"reason":"order 1","sequences":[3,2]}"#, "unsorted"),
        (#"{"reason":"order 1","sequences":[]}"#, "empty list"),
        (#"{"reason":"order 1"}"#, "no list"),
        (#"{"reason":"order 1","reason":"again","sequences":[2]}"#, "a key twice"),
        (#"{"reason":"order 1","sequences":[2]} "#, "trailing space is fine"),
    ])
    func redactionPayloadsOutsideTheFormatAreReported(payload: String, name: String) throws {
        let (_, full, chainOnly) = try Self.forged(9) { $0.payload = Array(payload.utf8) }
        if name == "trailing space is fine" {
            #expect(chainOnly.isValid, "\(chainOnly.failures)")
            return
        }
        for report in [full, chainOnly] {
            #expect(report.firstBadSequence == 9, "\(name): \(report.failures)")
            #expect(report.failures.first?.component == .redaction, "\(name)")
        }
    }

    @Test func aPlainDigestMismatchIsAChainFindingNotARedaction() throws {
        let fixture = try TamperTests.makeLedger()
        let events = try fixture.ledger.environment.openDatabase(named: "ledger.events")
        try fixture.ledger.environment.write { transaction in
            var record = try #require(try transaction.value(forKey: BigEndianKey.bytes(5), in: events))
            record[record.count - 1] ^= 0x01
            try transaction.put(record, forKey: BigEndianKey.bytes(5), in: events)
        }
        let report = try LedgerVerifier.verify(fixture.ledger)
        #expect(report.firstBadSequence == 5)
        #expect(report.failures.first?.component == .chain)
        #expect(report.failures.first?.message.contains("digest") == true)
    }

    @Test func everyDerivedTableMismatchNamesTheEventBehindIt() throws {
        let fixture = try TamperTests.makeLedger()
        let streams = try fixture.ledger.environment.openDatabase(named: "projection.stream-catalog.streams")
        let index = try fixture.ledger.environment.openDatabase(named: "ledger.stream-index")
        try fixture.ledger.environment.write { transaction in
            try transaction.put([0, 0, 0, 9], forKey: Array("stream/1".utf8), in: streams)
            try transaction.delete(LedgerTables.streamIndexKey(stream: "stream/2", version: 1), in: index)
        }
        let report = try LedgerVerifier.verify(fixture.ledger)
        let differences = try #require(report.derivedTables?.differences)
        #expect(differences.count == 2)
        #expect(differences.allSatisfy { $0.sequence != nil }, "\(differences)")
        #expect(differences.first { $0.table == "ledger.stream-index" }?.sequence == 2)
    }
}
