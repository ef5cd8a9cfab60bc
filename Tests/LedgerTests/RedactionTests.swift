import Foundation
@testable import Ledger
import LMDB
import Testing
import TestSupport

@Suite("Redaction")
struct RedactionTests {
    @Test func aRedactedLogStillVerifiesAndItsProofsStillCheck() throws {
        let fixture = try LedgerFixture()
        for index in 1...12 { try fixture.append("arrest/\(index % 3)", "SMITH, JOHN 19800101 #\(index)") }
        let before = try fixture.ledger.checkpoint()
        let proofBefore = try fixture.ledger.read { try $0.inclusionProof(sequence: 5, treeSize: before.treeSize) }
        let redaction = try fixture.ledger.write {
            try $0.redactPayloads(of: [5, 2], reason: "PC 851.8 factual innocence, order 24-CR-1", actor: LedgerFixture.actor)
        }
        #expect(redaction.type == LedgerRedaction.eventType)
        try fixture.ledger.read { transaction throws in
            let event = try #require(try transaction.event(at: 5))
            #expect(event.payload == nil)
            #expect(event.payloadState == .redacted(bySequence: redaction.sequence))
            #expect(try transaction.event(at: 4)?.payload != nil)
            let proofAfter = try transaction.inclusionProof(sequence: 5, treeSize: before.treeSize)
            #expect(proofAfter == proofBefore)
            #expect(proofAfter.verify())
            let consistency = try transaction.consistencyProof(from: before.treeSize, to: try transaction.lastSequence())
            #expect(consistency.oldRoot == before.rootHash)
            #expect(consistency.verify())
        }
        let report = try LedgerVerifier.verify(fixture.ledger)
        #expect(report.isValid, "\(report.failures) \(report.derivedTables?.differences ?? [])")
        #expect(report.checkpointsChecked == 1)
    }

    @Test func projectionsHoldNoRedactedDataAndRebuildStaysIdentical() throws {
        let fixture = try LedgerFixture()
        try fixture.append("person/1", "DOE, JANE 19900202")
        try fixture.append("person/2", "ROE, RICHARD 19700303")
        try fixture.ledger.write { _ = try $0.redactPayloads(of: [1], reason: "court order 7", actor: LedgerFixture.actor) }
        try fixture.ledger.read { transaction throws in
            let latest = transaction.tables(of: LatestPayloadProjection.self)
            #expect(try LatestPayloadProjection.payload(of: "person/1", in: latest) == LatestPayloadProjection.redactedMarker)
            #expect(try LatestPayloadProjection.payload(of: "person/2", in: latest) == Array("ROE, RICHARD 19700303".utf8))
        }
        let check = try LedgerRebuilder.check(fixture.ledger)
        #expect(check.isIdentical, "\(check.differences)")
    }

    @Test func redactionsThatCannotBeDoneAreRefusedAndChangeNothing() throws {
        let fixture = try LedgerFixture()
        try fixture.append("s", "data")
        let redaction = try fixture.ledger.write {
            try $0.redactPayloads(of: [1], reason: "order", actor: LedgerFixture.actor)
        }
        #expect(throws: LedgerError.cannotRedact(sequence: 1, reason: "its payload was already redacted")) {
            try fixture.ledger.write { try $0.redactPayloads(of: [1], reason: "again", actor: LedgerFixture.actor) }
        }
        #expect(throws: LedgerError.cannotRedact(sequence: redaction.sequence, reason: "redaction events cannot be redacted")) {
            try fixture.ledger.write { try $0.redactPayloads(of: [redaction.sequence], reason: "x", actor: LedgerFixture.actor) }
        }
        #expect(throws: LedgerError.eventNotFound(sequence: 99)) {
            try fixture.ledger.write { try $0.redactPayloads(of: [99], reason: "x", actor: LedgerFixture.actor) }
        }
        #expect(throws: LedgerError.self) {
            try fixture.ledger.write { try $0.redactPayloads(of: [1], reason: "  ", actor: LedgerFixture.actor) }
        }
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 2)
    }

    @Test func aPayloadRemovedWithoutARedactionEventIsDetected() throws {
        let fixture = try LedgerFixture()
        try fixture.append("s", "one")
        try fixture.append("s", "two")
        try fixture.append("s", "three")
        try fixture.tamper { transaction, events in
            let redacted = try #require(try transaction.get(BigEndianKey.bytes(2), in: events).map { bytes in
                EventRecord.redacted(try EventRecordView(bytes), bySequence: 3)
            })
            try transaction.put(redacted, forKey: BigEndianKey.bytes(2), in: events)
        }
        let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
        #expect(report.firstBadSequence == 2)
        #expect(report.failures.first?.component == .redaction)
    }
}
