import Crypto
import Foundation
import LMDB

/// Creating a ledger's identity on first open, and checking it on every later one.
enum LedgerSetup {
    static let idKey = Array("ledger-id".utf8)
    static let publicKeyKey = Array("public-key".utf8)
    static let createdAtKey = Array("created-at".utf8)
    static let formatKey = Array("format-version".utf8)

    static func establishIdentity(
        environment: Environment, meta: Database, events: Database, keyPath: String, clock: any LedgerClock
    ) throws -> (LedgerIdentity, Curve25519.Signing.PrivateKey?) {
        if let existing = try environment.read({ try readIdentity(from: $0, meta: meta) }) {
            return (existing, try loadMatchingKey(at: keyPath, for: existing))
        }
        guard !environment.configuration.readOnly else {
            throw LedgerError.notALedger(path: environment.path, reason: "it has no ledger identity")
        }
        // The key file is written before the identity commits: a crash in between leaves a
        // key that the next open adopts. Only then: `Ledger.checkPresence` refused a key found
        // beside a missing data file, so a key here was made for this very data file.
        let key = try SigningKeyFile.load(from: keyPath) ?? SigningKeyFile.create(at: keyPath)
        let identity = LedgerIdentity(
            id: UUID(), publicKey: [UInt8](key.publicKey.rawRepresentation), createdAt: clock.now())
        try environment.write { transaction in
            guard try transaction.entryCount(of: events) == 0 else {
                throw LedgerError.notALedger(path: environment.path, reason: "it holds events but no ledger identity")
            }
            var format = ByteWriter()
            format.append(Ledger.formatVersion)
            var createdAt = ByteWriter()
            createdAt.append(identity.createdAt.microsecondsSinceEpoch)
            try transaction.put(identity.id.bytes, forKey: idKey, in: meta)
            try transaction.put(identity.publicKey, forKey: publicKeyKey, in: meta)
            try transaction.put(createdAt.bytes, forKey: createdAtKey, in: meta)
            try transaction.put(format.bytes, forKey: formatKey, in: meta)
        }
        // The new files' names: data.mdb and lock.mdb in the ledger's directory, the ledger's
        // directory and the key in the data directory, the data directory in its parent.
        do {
            try DurableFiles.syncDirectory(environment.path)
            try DurableFiles.syncDirectory(containing: environment.path)
            try DurableFiles.syncDirectory(containing: (keyPath as NSString).deletingLastPathComponent)
        } catch {
            throw LedgerError.notALedger(path: environment.path, reason: "cannot make the new ledger's files durable: \(error)")
        }
        return (identity, key)
    }

    private static func readIdentity(from transaction: ReadTransaction, meta: Database) throws -> LedgerIdentity? {
        guard let idBytes = try transaction.value(forKey: idKey, in: meta) else { return nil }
        guard let id = UUID(bytes: idBytes),
              let publicKey = try transaction.value(forKey: publicKeyKey, in: meta), publicKey.count == 32,
              let createdAt = try transaction.get(createdAtKey, in: meta), createdAt.count == 8,
              let format = try transaction.get(formatKey, in: meta), format.count == 4
        else {
            throw LedgerError.notALedger(path: transaction.environment.path, reason: "its identity record (table ledger.meta: keys ledger-id, public-key, created-at, format-version) is damaged")
        }
        let version = UInt32(bigEndian: format.loadUnaligned(as: UInt32.self))
        guard version == Ledger.formatVersion else {
            throw LedgerError.notALedger(
                path: transaction.environment.path,
                reason: "storage format \(version) is not the format \(Ledger.formatVersion) this build reads")
        }
        return LedgerIdentity(
            id: id, publicKey: publicKey,
            createdAt: LedgerTime(microsecondsSinceEpoch: Int64(bitPattern: UInt64(bigEndian: createdAt.loadUnaligned(as: UInt64.self)))))
    }

    private static func loadMatchingKey(
        at path: String, for identity: LedgerIdentity
    ) throws -> Curve25519.Signing.PrivateKey? {
        guard let key = try SigningKeyFile.load(from: path) else { return nil }
        guard [UInt8](key.publicKey.rawRepresentation) == identity.publicKey else {
            throw LedgerError.signingKeyMismatch(path: path)
        }
        return key
    }
}
