import Crypto
import Foundation
@testable import Ledger
import Testing
import TestSupport

/// Checkpoints in the C2SP signed-note form, kept outside the ledger, and the proof that the
/// ledger still extends them.
@Suite("Checkpoint notes (C2SP tlog-checkpoint)")
struct CheckpointNoteTests {
    /// The signed-note specification's own example: its verifier key, key ID and signature.
    @Test func theSpecificationsExampleKeyAndSignatureCheck() throws {
        let (name, publicKey) = try CheckpointNote.parseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        #expect(name == "example.com/foo")
        #expect(CheckpointNote.keyID(name: name, publicKey: publicKey) == 0x530d903a)
        let signature = try #require(Data(base64Encoded: "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="))
        #expect(signature.prefix(4) == Data([0x53, 0x0d, 0x90, 0x3a]))
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        #expect(key.isValidSignature(signature.dropFirst(4), for: Data("This is an example message.\n".utf8)))
        #expect(throws: CheckpointNote.Malformed.self) { try CheckpointNote.parseVerifierKey("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") }
    }

    @Test func aKeptNoteIsExtendedByTheGrowingLedgerAndCaughtWhenThePastChanges() throws {
        let fixture = try LedgerFixture()
        for index in 0..<9 { try fixture.append("s\(index % 3)", "\(index)") }
        let note = try fixture.ledger.checkpointNote(treeSize: 9)
        let lines = note.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == CheckpointNote.origin(ledgerID: fixture.ledger.identity.id) && lines[1] == "9" && lines[3] == "")
        #expect(lines[4].hasPrefix("— \(lines[0]) "))
        let kept = try CheckpointNote(parsing: note.text)
        #expect(kept == note)
        let verifierKey = try CheckpointNote.parseVerifierKey(fixture.ledger.checkpointVerifierKey)
        for index in 0..<20 { try fixture.append("t", "\(index)") }
        let check = try fixture.ledger.read { try $0.check(kept, verifierKey: verifierKey) }
        #expect(check.holds, "\(check.problem ?? "")")
        #expect(check.noteTreeSize == 9 && check.currentTreeSize == 29 && check.proofLength > 0)

        // One changed byte of the note's text breaks its signature.
        let altered = try CheckpointNote(parsing: note.text.replacingOccurrences(of: "\n9\n", with: "\n8\n"))
        #expect(try fixture.ledger.read { try $0.check(altered, verifierKey: verifierKey) }.problem?.contains("no valid signature") == true)
        // An extension line slipped in after signing is part of the signed text: refused.
        let extended = try CheckpointNote(parsing: note.text.replacingOccurrences(of: "\(lines[2])\n\n", with: "\(lines[2])\nunsigned extension\n\n"))
        #expect(try fixture.ledger.read { try $0.check(extended, verifierKey: verifierKey) }.problem?.contains("no valid signature") == true)
        // A note of another ledger, signed by its own key, is not this one's.
        let other = try LedgerFixture()
        for index in 0..<3 { try other.append("s", "\(index)") }
        let foreign = try other.ledger.checkpointNote(treeSize: 3)
        #expect(try fixture.ledger.read { try $0.check(foreign) }.problem?.contains("no valid signature") == true)
        let foreignKey = try CheckpointNote.parseVerifierKey(other.ledger.checkpointVerifierKey)
        #expect(try fixture.ledger.read { try $0.check(foreign, verifierKey: foreignKey) }.problem?.contains("not of this ledger") == true)

        // Someone with the data file and the key rewrites event 4 and reseals everything after
        // it: every hash and the ledger's own checkpoints hold, the kept note does not.
        try Forger(ledger: fixture.ledger).forge(4) { $0.payload = Array("rewritten".utf8) }
        let forged = try fixture.ledger.read { try $0.check(kept, verifierKey: verifierKey) }
        #expect(forged.problem?.contains("no longer have the root the note signed") == true, "\(forged.problem ?? "")")
    }

    @Test func malformedNotesAreRefusedNamingWhatIsWrong() throws {
        let root = Data(repeating: 7, count: 32).base64EncodedString()
        let signature = Data(repeating: 1, count: 68).base64EncodedString()
        for (text, words) in [
            ("blotter/x\n9\n\(root)\n", "blank line"),
            ("blotter/x\n09\n\(root)\n\n— blotter/x \(signature)\n", "tree size"),
            ("blotter/x\n9\nAAAA\n\n— blotter/x \(signature)\n", "root hash"),
            ("blotter/x\n9\n\(root)\n\n- blotter/x \(signature)\n", "signature line"),
            ("blotter/x\n9\u{7}\n\(root)\n\n— blotter/x \(signature)\n", "control characters"),
        ] {
            let error = try #require(throws: CheckpointNote.Malformed.self) { try CheckpointNote(parsing: text) }
            #expect(error.description.contains(words), "\(error)")
        }
    }
}
