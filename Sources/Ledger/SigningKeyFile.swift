import Crypto
import Foundation

/// The ledger's Ed25519 private key on disk: 32 raw bytes, owner-only (mode 0600), created once.
enum SigningKeyFile {
    static let fileName = "signing-key.ed25519"

    /// Creates the key file; fails if one exists, so a key is never silently replaced.
    static func create(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let key = Curve25519.Signing.PrivateKey()
        do {
            try DurableFiles.createOwnerOnly(at: path, bytes: [UInt8](key.rawRepresentation))
        } catch {
            throw LedgerError.notALedger(path: path, reason: "cannot create the signing key: \(error)")
        }
        return key
    }

    /// Loads the key, refusing one that others can read.
    static func load(from path: String) throws -> Curve25519.Signing.PrivateKey? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let mode = UInt32(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw LedgerError.signingKeyUnsafe(path: path, mode: mode) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try Curve25519.Signing.PrivateKey(rawRepresentation: data)
        } catch {
            throw LedgerError.notALedger(path: path, reason: "the signing key file does not hold an Ed25519 key")
        }
    }
}
