import Foundation

/// What checking a kept checkpoint note against the ledger found: the note's signature by the
/// key the holder trusts, then that the ledger still holds, at the note's tree size, the root
/// the note signed, proved by an RFC 9162 consistency proof from the note's root to today's.
public struct CheckpointNoteCheck: Sendable {
    public let origin: String
    public let noteTreeSize: UInt64
    public let currentTreeSize: UInt64
    public let proofLength: Int
    /// Nil when everything holds; otherwise the first thing that does not.
    public let problem: String?

    public var holds: Bool { problem == nil }
}

extension Ledger {
    /// The C2SP checkpoint note of the tree at `treeSize` (a stored checkpoint's, or the whole
    /// log), signed with the ledger's key.
    public func checkpointNote(treeSize: UInt64) throws -> CheckpointNote {
        guard let key = signingKey else { throw LedgerError.signingKeyMissing(path: signingKeyPath) }
        let root = try read { try $0.rootHash(treeSize: treeSize) }
        return try CheckpointNote.sign(origin: CheckpointNote.origin(ledgerID: identity.id), treeSize: treeSize, rootHash: root, key: key)
    }

    /// The verifier key of the ledger's checkpoint notes, for those who keep them.
    public var checkpointVerifierKey: String {
        let name = CheckpointNote.origin(ledgerID: identity.id)
        return CheckpointNote.verifierKey(name: name, publicKey: identity.publicKey)
    }
}

extension LedgerReadTransaction {
    /// Checks a note someone kept: signed by `verifierKey` (name and Ed25519 key; by default the
    /// ledger's own, which a forger who replaced the key would also have replaced: a court
    /// should pass the key it kept), of this ledger, and consistent with the log as it is now.
    public func check(_ note: CheckpointNote, verifierKey: (name: String, publicKey: [UInt8])? = nil) throws -> CheckpointNoteCheck {
        let current = try lastSequence()
        func result(_ problem: String?, proofLength: Int = 0) -> CheckpointNoteCheck {
            CheckpointNoteCheck(origin: note.origin, noteTreeSize: note.treeSize, currentTreeSize: current, proofLength: proofLength, problem: problem)
        }
        let ownOrigin = CheckpointNote.origin(ledgerID: ledger.identity.id)
        let key = verifierKey ?? (ownOrigin, ledger.identity.publicKey)
        guard note.isSigned(by: key.name, publicKey: key.publicKey) else {
            return result("the note carries no valid signature by \(key.name) (key ID \(String(format: "%08x", CheckpointNote.keyID(name: key.name, publicKey: key.publicKey))))")
        }
        guard note.origin == ownOrigin else { return result("the note is a checkpoint of \(note.origin), not of this ledger (\(ownOrigin))") }
        guard note.treeSize <= current else {
            return result("the note signs \(note.treeSize) events but the ledger holds \(current): events it had are gone")
        }
        let root = try rootHash(treeSize: note.treeSize)
        guard root == note.rootHash else {
            return result("the ledger's first \(note.treeSize) events no longer have the root the note signed (\(note.rootHash.hex), now \(root.hex)): something before it was changed")
        }
        let proof = try consistencyProof(from: note.treeSize, to: current)
        let verified = MerkleProofVerifier.verifyConsistency(
            oldSize: note.treeSize, newSize: current, oldRoot: note.rootHash, newRoot: proof.newRoot, path: proof.path)
        return result(verified ? nil : "the consistency proof from \(note.treeSize) to \(current) events does not verify", proofLength: proof.path.count)
    }
}
