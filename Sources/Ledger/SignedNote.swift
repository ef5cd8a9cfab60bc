import Crypto
import Foundation

/// A C2SP signed note (<https://c2sp.org/signed-note>): a text of lines, a blank line, then
/// signature lines `— <key name> base64(key ID ‖ Ed25519 signature)`. The ledger's key signs
/// two kinds: checkpoint notes (`CheckpointNote`) and discovery bundle manifests
/// (`BundleManifest`), whose texts begin differently so that neither can pass for the other.
public struct SignedNote: Sendable, Equatable {
    /// The whole note as written: text, blank line, signature lines.
    public let text: String
    /// The signed text: every line before the blank one, each with its newline.
    public let body: String
    /// Each signature line's key name, key ID and signature bytes.
    let signatures: [Signature]

    struct Signature: Sendable, Equatable {
        let keyName: String
        let keyID: UInt32
        let bytes: [UInt8]
    }

    /// Most signatures a note may carry (the signed-note spec asks verifiers to accept 16).
    static let maximumSignatures = 64
    static let maximumSize = 64 * 1024
    static let ed25519Type: UInt8 = 0x01

    public static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A, ed25519Type] + publicKey))
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The verifier key a court keeps: `name+hex(key ID)+base64(0x01 ‖ public key)`.
    public static func verifierKey(name: String, publicKey: [UInt8]) -> String {
        let id = String(format: "%08x", keyID(name: name, publicKey: publicKey))
        return "\(name)+\(id)+" + Data([ed25519Type] + publicKey).base64EncodedString()
    }

    /// Parses a verifier key into its name and Ed25519 public key (split at the first two `+`:
    /// the base64 may hold more).
    public static func parseVerifierKey(_ text: String) throws(Malformed) -> (name: String, publicKey: [UInt8]) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let key = Data(base64Encoded: String(parts[2])), key.count == 33, key.first == ed25519Type,
              UInt32(parts[1], radix: 16).map({ $0 == keyID(name: String(parts[0]), publicKey: Array(key.dropFirst())) }) == true
        else { throw Malformed("a verifier key is name+keyid+base64(0x01 ‖ 32-byte Ed25519 key) with a matching key ID") }
        return (String(parts[0]), Array(key.dropFirst()))
    }

    /// `body` (lines each ending in a newline) signed by `key` under `keyName`.
    static func sign(body: String, keyName: String, key: Curve25519.Signing.PrivateKey) throws -> SignedNote {
        precondition(body.hasSuffix("\n") && !body.contains("\n\n"), "a note's text is non-empty lines, each ending in a newline")
        let publicKey = [UInt8](key.publicKey.rawRepresentation)
        let id = keyID(name: keyName, publicKey: publicKey)
        let signature = [UInt8](try key.signature(for: Array(body.utf8)))
        let idBytes = withUnsafeBytes(of: id.bigEndian, Array.init)
        let text = body + "\n— \(keyName) " + Data(idBytes + signature).base64EncodedString() + "\n"
        return SignedNote(text: text, body: body, signatures: [Signature(keyName: keyName, keyID: id, bytes: signature)])
    }

    /// Whether a signature by the key `name`/`publicKey` is on the note and verifies. Other
    /// signatures are ignored, as the spec requires; one by this key that fails rejects the note.
    public func isSigned(by name: String, publicKey: [UInt8]) -> Bool {
        let id = Self.keyID(name: name, publicKey: publicKey)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        let ours = signatures.filter { $0.keyName == name && $0.keyID == id }
        guard !ours.isEmpty else { return false }
        let signed = Array(body.utf8)
        return ours.allSatisfy { key.isValidSignature($0.bytes, for: signed) }
    }

    /// The note's text lines, without their newlines.
    public var lines: [String] {
        body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A kept note, checked for its form (not yet its signature: `isSigned`).
    public init(parsing text: String) throws(Malformed) {
        guard text.utf8.count <= Self.maximumSize else { throw Malformed("a signed note is at most 64 KiB") }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw Malformed("a signed note holds no control characters but newlines")
        }
        guard let separator = text.range(of: "\n\n", options: .backwards), text.hasSuffix("\n") else {
            throw Malformed("a signed note is its text, a blank line, then signature lines, each ending in a newline")
        }
        let body = String(text[..<separator.lowerBound]) + "\n"
        var signatures: [Signature] = []
        for line in text[separator.upperBound...].split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "—", !parts[1].isEmpty, let bytes = Data(base64Encoded: String(parts[2])), bytes.count > 4 else {
                throw Malformed("a signature line is an em dash, the key name and base64(key ID ‖ signature)")
            }
            let id = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append(Signature(keyName: String(parts[1]), keyID: id, bytes: Array(bytes.dropFirst(4))))
        }
        guard (1...Self.maximumSignatures).contains(signatures.count) else {
            throw Malformed("a signed note carries 1 to \(Self.maximumSignatures) signatures")
        }
        self.init(text: text, body: body, signatures: signatures)
    }

    init(text: String, body: String, signatures: [Signature]) {
        self.text = text
        self.body = body
        self.signatures = signatures
    }

    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
