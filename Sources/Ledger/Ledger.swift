import Crypto
import Foundation
import LMDB
import Synchronization

/// The append-only event log: one LMDB environment holding the log, its hash chain and Merkle
/// tree, the stream and idempotency indexes, signed checkpoints, and the projections.
///
/// A data directory holds the environment in `ledger/` and the signing key beside it. Open one
/// `Ledger` per directory per process; share it between threads. Writes go through `write`
/// (synchronous) or, in a service, through a `LedgerWriter` that batches them.
public final class Ledger: Sendable {
    public static let environmentDirectoryName = "ledger"
    static let formatVersion: UInt32 = 1

    public let directory: String
    public let environment: Environment
    public let identity: LedgerIdentity
    public let projections: [any Projection]
    let tables: LedgerTables
    let projectionDatabases: [String: [String: Database]]
    /// Each registered projection by its type: how callers reach a projection's tables.
    private let projectionsByType: [ObjectIdentifier: any Projection]
    let signingKey: Curve25519.Signing.PrivateKey?
    let clock: any LedgerClock
    /// The head after the last commit of this process; checked against the log at each write.
    private let committedHead = Mutex<LedgerHead?>(nil)

    var signingKeyPath: String { (directory as NSString).appendingPathComponent(SigningKeyFile.fileName) }

    /// Opens the ledger in `directory`, creating it (and its signing key) if it does not exist.
    public init(directory: String, configuration: LedgerConfiguration = LedgerConfiguration()) throws {
        self.directory = directory
        try Self.checkPresence(in: directory, configuration: configuration)
        if !configuration.environment.readOnly {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Self.restrictToOwner(directory)
        }
        environment = try Environment(
            directory: (directory as NSString).appendingPathComponent(Ledger.environmentDirectoryName),
            configuration: configuration.environment)
        tables = try LedgerTables(environment: environment)
        projections = configuration.projections
        projectionDatabases = try Ledger.openProjectionTables(configuration.projections, in: environment)
        var byType: [ObjectIdentifier: any Projection] = [:]
        for projection in configuration.projections {
            precondition(byType.updateValue(projection, forKey: ObjectIdentifier(type(of: projection))) == nil,
                         "two projections of type \(type(of: projection)) are registered")
        }
        projectionsByType = byType
        clock = configuration.clock
        let keyPath = (directory as NSString).appendingPathComponent(SigningKeyFile.fileName)
        (identity, signingKey) = try LedgerSetup.establishIdentity(
            environment: environment, meta: tables.meta, events: tables.events, keyPath: keyPath, clock: clock)
        if !configuration.environment.readOnly {
            try LedgerRebuilder.rebuildOutdatedProjections(of: self)
        }
    }

    /// Refuses a directory whose data file is missing unless a new ledger may be created there,
    /// and never creates one beside an existing signing key: that key belongs to a ledger whose
    /// data is lost, and a new ledger signing with it would pass for the old one.
    private static func checkPresence(in directory: String, configuration: LedgerConfiguration) throws {
        let dataFile = ((directory as NSString).appendingPathComponent(environmentDirectoryName) as NSString).appendingPathComponent("data.mdb")
        guard !FileManager.default.fileExists(atPath: dataFile) else { return }
        guard configuration.createsMissingLedger, !configuration.environment.readOnly else {
            throw LedgerError.notALedger(path: directory, reason: "there is no ledger here (\(dataFile) does not exist)")
        }
        let keyPath = (directory as NSString).appendingPathComponent(SigningKeyFile.fileName)
        if FileManager.default.fileExists(atPath: keyPath) {
            throw LedgerError.notALedger(
                path: directory,
                reason: "its signing key is here but its data file \(dataFile) is missing; restore the data directory from a backup "
                    + "(a new ledger never adopts another ledger's key)")
        }
    }

    /// A data directory others can read or enter is tightened to its owner alone: the data
    /// file holds every record, and the keys sit beside it.
    static func restrictToOwner(_ directory: String) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            try FileManager.default.setAttributes([.posixPermissions: mode & 0o700 | 0o700], ofItemAtPath: directory)
        }
    }

    private static func openProjectionTables(
        _ projections: [any Projection], in environment: Environment
    ) throws -> [String: [String: Database]] {
        var result: [String: [String: Database]] = [:]
        for projection in projections {
            precondition(result[projection.name] == nil, "two projections are named \(projection.name)")
            precondition(Set(projection.tableNames).count == projection.tableNames.count,
                         "projection \(projection.name) names a table twice")
            var databases: [String: Database] = [:]
            for table in projection.tableNames {
                databases[table] = try environment.openDatabase(
                    named: ProjectionTableName.qualified(projection: projection.name, table: table))
            }
            result[projection.name] = databases
        }
        return result
    }

    /// The registered projection of type `P`. Asking for one the ledger was not opened with is a
    /// programming error: every process opening a ledger registers the same projections.
    public func projection<P: Projection>(_ type: P.Type) -> P {
        guard let projection = projectionsByType[ObjectIdentifier(type)] as? P else {
            preconditionFailure("no projection of type \(type) is registered with this ledger")
        }
        return projection
    }

    /// Runs `body` on a consistent snapshot.
    public func read<Result>(_ body: (LedgerReadTransaction) throws -> Result) throws -> Result {
        try LedgerError.translatingStorage {
            try environment.read { transaction in
                try body(LedgerReadTransaction(ledger: self, transaction: transaction))
            }
        }
    }

    /// Runs `body` in the write transaction and commits unless it throws; returns once the
    /// commit is durable. `body` may run more than once (when the map must grow), so it must
    /// take everything it writes from its inputs and the transaction.
    public func write<Result>(_ body: (LedgerWriteTransaction) throws -> Result) throws -> Result {
        var newHead: LedgerHead?
        let result = try LedgerError.translatingStorage {
            try environment.write { transaction in
                let ledgerTransaction = LedgerWriteTransaction(
                    ledger: self, transaction: transaction, head: try currentHead(in: transaction))
                let result = try body(ledgerTransaction)
                newHead = ledgerTransaction.head
                return result
            }
        }
        committedHead.withLock { $0 = newHead }
        return result
    }

    /// The head at the start of a write: the cached one if the log still ends where this
    /// process left it, or reloaded (another process may have written in between).
    private func currentHead(in transaction: WriteTransaction) throws -> LedgerHead {
        let reader = LedgerReadTransaction(ledger: self, transaction: transaction)
        let lastSequence = try reader.lastSequence()
        if let cached = committedHead.withLock({ $0 }), cached.sequence == lastSequence {
            let lastHash = lastSequence == 0
                ? identity.genesisHash
                : try reader.withEventView(at: lastSequence) { $0.hash }
            if lastHash == cached.hash { return cached }
        }
        return try reader.head()
    }

    /// Signs and stores a checkpoint of the whole log.
    @discardableResult
    public func checkpoint() throws -> Checkpoint {
        try write { try $0.createCheckpoint() }
    }

    /// Copies the environment to `destination/ledger` (consistent, compacted, while writers
    /// carry on) with the signing key beside it, and any other owner-only files of the data
    /// directory named in `keyFiles` (the access layer's sealing key), owner-only.
    public func backup(to destination: String, keyFiles: [String] = []) throws {
        let fileManager = FileManager.default
        let environmentCopy = (destination as NSString).appendingPathComponent(Ledger.environmentDirectoryName)
        if fileManager.fileExists(atPath: environmentCopy) {
            let contents = try fileManager.contentsOfDirectory(atPath: environmentCopy)
            guard contents.isEmpty else {
                throw LedgerError.notALedger(path: environmentCopy, reason: "the backup destination is not empty")
            }
        }
        try fileManager.createDirectory(
            atPath: environmentCopy, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try LedgerError.translatingStorage { try environment.copy(toDirectory: environmentCopy, compact: true) }
        for name in [SigningKeyFile.fileName] + keyFiles {
            let source = (directory as NSString).appendingPathComponent(name)
            guard fileManager.fileExists(atPath: source) else { continue }
            let copy = (destination as NSString).appendingPathComponent(name)
            try fileManager.copyItem(atPath: source, toPath: copy)
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        }
    }
}
