import Foundation
@testable import Ledger
import LMDB
import Testing
import TestSupport

@Suite("Tamper evidence")
struct TamperTests {
    /// A small ledger with a checkpoint, a redacted event and an idempotent command.
    static func makeLedger() throws -> LedgerFixture {
        let fixture = try LedgerFixture()
        for index in 1...8 {
            try fixture.append("stream/\(index % 3)", "payload number \(index)", key: index == 4 ? "key-4" : nil)
        }
        try fixture.ledger.write { _ = try $0.redactPayloads(of: [2], reason: "order 1", actor: LedgerFixture.actor) }
        try fixture.append("stream/0", "after redaction")
        try fixture.ledger.checkpoint()
        try fixture.append("stream/1", "after checkpoint")
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
        return fixture
    }

    func storedRecord(_ fixture: LedgerFixture, _ sequence: UInt64) throws -> [UInt8] {
        var record: [UInt8] = []
        try fixture.tamper { transaction, events in
            record = try #require(try transaction.value(forKey: BigEndianKey.bytes(sequence), in: events))
        }
        return record
    }

    func store(_ fixture: LedgerFixture, _ sequence: UInt64, _ record: [UInt8]) throws {
        try fixture.tamper { transaction, events in
            try transaction.put(record, forKey: BigEndianKey.bytes(sequence), in: events)
        }
    }

    /// Every byte of a present event, of a redacted one, of the redaction event and of the
    /// last event: each flip is reported at that event's sequence.
    @Test(arguments: [2, 4, 9, 11] as [UInt64])
    func flippingAnyStoredByteIsReportedAtItsSequence(sequence: UInt64) throws {
        let fixture = try Self.makeLedger()
        let original = try storedRecord(fixture, sequence)
        for offset in original.indices {
            var damaged = original
            damaged[offset] ^= 0x5a
            try store(fixture, sequence, damaged)
            let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
            #expect(!report.isValid, "byte \(offset) of event \(sequence)")
            #expect(report.firstBadSequence == sequence, "byte \(offset) of event \(sequence): \(report.failures)")
        }
        try store(fixture, sequence, original)
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
    }

    @Test func deletingAnEventIsReportedAtItsSequence() throws {
        let fixture = try Self.makeLedger()
        try fixture.tamper { transaction, events in
            try transaction.delete(BigEndianKey.bytes(6), in: events)
        }
        let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
        #expect(report.firstBadSequence == 6)
        #expect(report.failures.first?.message.contains("missing") == true)
    }

    @Test func reorderingTwoEventsIsReportedAtTheFirst() throws {
        let fixture = try Self.makeLedger()
        let (third, seventh) = (try storedRecord(fixture, 3), try storedRecord(fixture, 7))
        try store(fixture, 3, seventh)
        try store(fixture, 7, third)
        let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
        #expect(report.firstBadSequence == 3)
    }

    @Test func rewritingAnEventAndItsHashBreaksTheNextLink() throws {
        let fixture = try Self.makeLedger()
        try fixture.ledger.read { transaction in
            let event = try #require(try transaction.event(at: 5))
            #expect(event.payload != nil)
        }
        // Re-encode event 5 with a different payload and a consistent hash and digest:
        // the forgery is caught where event 6 links to the old hash.
        let original = try storedRecord(fixture, 5)
        let forged: [UInt8] = try original.withUnsafeBytes { bytes in
            let view = try EventRecordView(bytes)
            let salt = [UInt8](view.salt!)
            let payload = Array("forged".utf8)
            let digest = salt.withUnsafeBytes { salt in payload.withUnsafeBytes { EventRecord.payloadDigest(salt: salt, payload: $0) } }
            let event = view.decode()
            let header = EventRecord.Header(
                sequence: 5, recordedAt: event.recordedAt, streamVersion: event.streamVersion,
                previousHash: event.previousHash, payloadDigest: digest, payloadLength: UInt32(payload.count),
                type: event.type, stream: event.stream, actor: event.actor, idempotencyKey: event.idempotencyKey)
            var record = [UInt8](repeating: 0, count: EventRecord.presentRecordSize(headerCount: header.encodedSize, payloadCount: payload.count))
            salt.withUnsafeBytes { salt in payload.withUnsafeBytes { payload in
                record.withUnsafeMutableBytes { _ = EventRecord.writePresent(header: header, salt: salt, payload: payload, into: $0) }
            } }
            return record
        }
        try store(fixture, 5, forged)
        let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
        #expect(report.firstBadSequence == 6)
    }

    @Test func aDamagedMerkleNodeIsReported() throws {
        let fixture = try Self.makeLedger()
        let nodes = try fixture.ledger.environment.openDatabase(named: "ledger.merkle-nodes")
        try fixture.ledger.environment.write { transaction in
            try transaction.put([UInt8](repeating: 1, count: 32), forKey: LedgerTables.merkleNodeKey(level: 2, index: 1), in: nodes)
        }
        let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
        #expect(report.failures.first?.component == .merkleTree)
        #expect(report.firstBadSequence == 8)
    }

    @Test func aDamagedProjectionOrIndexIsReportedAndRebuildRepairsIt() throws {
        let fixture = try Self.makeLedger()
        let streams = try fixture.ledger.environment.openDatabase(named: "projection.stream-catalog.streams")
        let index = try fixture.ledger.environment.openDatabase(named: "ledger.stream-index")
        try fixture.ledger.environment.write { transaction in
            try transaction.put([0, 0, 0, 9], forKey: Array("stream/1".utf8), in: streams)
            try transaction.delete(LedgerTables.streamIndexKey(stream: "stream/2", version: 1), in: index)
        }
        let report = try LedgerVerifier.verify(fixture.ledger)
        #expect(!report.isValid)
        #expect(report.derivedTables?.differences.map(\.table).sorted()
                == ["ledger.stream-index", "projection.stream-catalog.streams"])
        let repaired = try LedgerRebuilder.rebuild(fixture.ledger)
        #expect(repaired.differences.count == 2)
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
    }
}
