import Foundation
@testable import Ledger
import LMDB
import Testing
import TestSupport

@Suite("Checkpoints and the signing key")
struct CheckpointTests {
    @Test func checkpointsAreSignedByTheLedgersKey() throws {
        let fixture = try LedgerFixture()
        for index in 0..<7 { try fixture.append("s", "\(index)") }
        let checkpoint = try fixture.ledger.checkpoint()
        #expect(checkpoint.treeSize == 7)
        #expect(checkpoint.ledgerID == fixture.ledger.identity.id)
        #expect(checkpoint.publicKey == fixture.ledger.identity.publicKey)
        #expect(checkpoint.hasValidSignature)
        #expect(checkpoint.rootHash == (try fixture.ledger.read { try $0.rootHash(treeSize: 7) }))
        let forged = Checkpoint(
            ledgerID: checkpoint.ledgerID, treeSize: 6, rootHash: checkpoint.rootHash, headHash: checkpoint.headHash,
            createdAt: checkpoint.createdAt, publicKey: checkpoint.publicKey, signature: checkpoint.signature)
        #expect(!forged.hasValidSignature)
        #expect(try fixture.ledger.read { try $0.latestCheckpoint() } == checkpoint)
    }

    /// An empty log has nothing to sign; a checkpoint of it that an older version signed is
    /// checked against the empty tree, not reported as skipped once events follow.
    @Test func anEmptyLogIsNotCheckpointedAndAnOldEmptyCheckpointStillVerifies() throws {
        let fixture = try LedgerFixture()
        #expect(throws: LedgerError.invalidTreeSize(requested: 0, available: 0)) { try fixture.ledger.checkpoint() }
        let ledger = try #require(fixture.ledger)
        let empty = try Checkpoint.sign(
            ledgerID: ledger.identity.id, treeSize: 0, rootHash: MerkleHashing.emptyTreeRoot, headHash: ledger.identity.genesisHash,
            createdAt: LedgerTime(microsecondsSinceEpoch: 1), key: try #require(ledger.signingKey))
        try ledger.environment.write { transaction in
            try transaction.put(empty.storedBytes, forKey: BigEndianKey.bytes(0), in: ledger.tables.checkpoints)
        }
        for index in 0..<5 { try fixture.append("s", "\(index)") }
        let report = try LedgerVerifier.verify(ledger)
        #expect(report.isValid, "\(report.failures)")
        #expect(report.checkpointsChecked == 1)
    }

    @Test func theKeyFileIsOwnerOnlyAndAWiderOneIsRefused() throws {
        let fixture = try LedgerFixture()
        let path = (fixture.path as NSString).appendingPathComponent("signing-key.ed25519")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        fixture.close()
        chmod(path, 0o644)
        #expect(throws: LedgerError.signingKeyUnsafe(path: path, mode: 0o644)) { try fixture.reopen() }
        chmod(path, 0o600)
        try fixture.reopen()
    }

    @Test func anotherLedgersKeyIsRefusedAndAMissingKeyOnlyStopsSigning() throws {
        let fixture = try LedgerFixture()
        let other = try LedgerFixture()
        let path = (fixture.path as NSString).appendingPathComponent("signing-key.ed25519")
        let otherPath = (other.path as NSString).appendingPathComponent("signing-key.ed25519")
        fixture.close()
        try FileManager.default.removeItem(atPath: path)
        try fixture.reopen()
        try fixture.append("s", "still writable")
        #expect(throws: LedgerError.signingKeyMissing(path: path)) { try fixture.ledger.checkpoint() }
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
        fixture.close()
        try FileManager.default.copyItem(atPath: otherPath, toPath: path)
        #expect(throws: LedgerError.signingKeyMismatch(path: path)) { try fixture.reopen() }
    }

    @Test func aCheckpointBeyondTheLogRevealsTruncation() throws {
        let fixture = try LedgerFixture()
        for index in 0..<10 { try fixture.append("s", "\(index)") }
        try fixture.ledger.checkpoint()
        try fixture.tamper { transaction, events in
            try transaction.delete(BigEndianKey.bytes(10), in: events)
        }
        let report = try LedgerVerifier.verify(fixture.ledger, includingDerivedTables: false)
        #expect(!report.isValid)
        #expect(report.failures.contains { $0.component == .checkpoint })
        #expect(report.firstBadSequence == 10)
    }

    @Test func inclusionProofsForEveryEventAgainstEveryCheckpoint() throws {
        let fixture = try LedgerFixture()
        var checkpoints: [Checkpoint] = []
        for index in 1...45 {
            try fixture.append("s\(index % 5)", "\(index)")
            if [1, 2, 3, 7, 8, 16, 31, 45].contains(index) { checkpoints.append(try fixture.ledger.checkpoint()) }
        }
        try fixture.ledger.read { transaction in
            for checkpoint in checkpoints {
                for sequence in 1...checkpoint.treeSize {
                    let proof = try transaction.inclusionProof(sequence: sequence, treeSize: checkpoint.treeSize)
                    #expect(proof.rootHash == checkpoint.rootHash)
                    #expect(proof.verify(), "event \(sequence) in \(checkpoint.treeSize)")
                }
            }
            for (old, new) in zip(checkpoints, checkpoints.dropFirst()) {
                let proof = try transaction.consistencyProof(from: old.treeSize, to: new.treeSize)
                #expect(proof.oldRoot == old.rootHash && proof.newRoot == new.rootHash)
                #expect(proof.verify())
            }
            #expect(throws: LedgerError.invalidTreeSize(requested: 46, available: 45)) {
                try transaction.consistencyProof(from: 1, to: 46)
            }
        }
    }
}
