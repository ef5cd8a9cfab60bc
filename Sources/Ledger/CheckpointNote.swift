import Crypto
import Foundation

/// A checkpoint people can keep outside the ledger: the C2SP `tlog-checkpoint` text (origin,
/// tree size, base64 root hash) signed as a C2SP `signed-note` with the ledger's Ed25519 key.
///
///     blotter/4b0c…-…
///     20852
///     CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
///
///     — blotter/4b0c…-… Az3grlgt…
///
/// The origin and the key name are `blotter/` and the ledger id (lower case). The signature
/// line's base64 holds the 4-byte key ID (`SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`) and the
/// 64-byte Ed25519 signature of the note text (the three lines and their newlines). Blotter's own
/// checkpoints sign a message that starts with `blotter-checkpoint-v1`, so the two signed forms
/// never collide. Someone who kept a note proves later, with a consistency proof, that nothing
/// before it changed (`LedgerReadTransaction.check(against:)`).
public struct CheckpointNote: Sendable, Equatable {
    public let origin: String
    public let treeSize: UInt64
    public let rootHash: Digest32
    /// The note as signed and kept.
    public let note: SignedNote

    /// The whole note as written: text, blank line, signature lines.
    public var text: String { note.text }

    public static func origin(ledgerID: UUID) -> String { "blotter/" + ledgerID.uuidString.lowercased() }

    static func body(origin: String, treeSize: UInt64, rootHash: Digest32) -> String {
        "\(origin)\n\(treeSize)\n\(Data(rootHash.bytes).base64EncodedString())\n"
    }

    public static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        SignedNote.keyID(name: name, publicKey: publicKey)
    }

    /// The verifier key a court keeps: `name+hex(key ID)+base64(0x01 ‖ public key)`.
    public static func verifierKey(name: String, publicKey: [UInt8]) -> String {
        SignedNote.verifierKey(name: name, publicKey: publicKey)
    }

    /// Parses a verifier key into its name and Ed25519 public key.
    public static func parseVerifierKey(_ text: String) throws -> (name: String, publicKey: [UInt8]) {
        do { return try SignedNote.parseVerifierKey(text) } catch { throw Malformed(error.description) }
    }

    static func sign(origin: String, treeSize: UInt64, rootHash: Digest32, key: Curve25519.Signing.PrivateKey) throws -> CheckpointNote {
        let note = try SignedNote.sign(body: body(origin: origin, treeSize: treeSize, rootHash: rootHash), keyName: origin, key: key)
        return CheckpointNote(origin: origin, treeSize: treeSize, rootHash: rootHash, note: note)
    }

    /// Whether a signature by the key `name`/`publicKey` is on the note and verifies. Other
    /// signatures are ignored, as the spec requires; one by this key that fails rejects the note.
    public func isSigned(by name: String, publicKey: [UInt8]) -> Bool {
        note.isSigned(by: name, publicKey: publicKey)
    }

    /// A kept note, checked for its form (not yet its signature: `isSigned`).
    public init(parsing text: String) throws {
        let note: SignedNote
        do { note = try SignedNote(parsing: text) } catch { throw Malformed(error.description) }
        let lines = note.lines
        guard lines.count >= 3, lines.allSatisfy({ !$0.isEmpty }) else {
            throw Malformed("a checkpoint's text is its origin, tree size and root hash, one per line")
        }
        guard let size = UInt64(lines[1]), lines[1] == String(size) else { throw Malformed("the tree size \(lines[1]) is not a decimal number") }
        guard let root = Data(base64Encoded: lines[2]), root.count == 32 else { throw Malformed("the root hash is not 32 bytes of base64") }
        self.init(origin: lines[0], treeSize: size, rootHash: root.withUnsafeBytes { Digest32($0) }, note: note)
    }

    init(origin: String, treeSize: UInt64, rootHash: Digest32, note: SignedNote) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.note = note
    }

    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = "malformed checkpoint note: " + description }
    }
}
