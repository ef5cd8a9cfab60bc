import Foundation
import LMDB

/// Rewrites a stopped ledger's data file entry by entry (`Environment.rewrite`), so that no
/// byte of a removed payload or of a replaced projection entry is left in it: the step that
/// completes a court-ordered destruction. The copy replaces the file only after it verifies in
/// full (chain, Merkle tree, checkpoints, every derived table); until then the original stays.
public enum LedgerCompaction {
    public struct Report: Sendable {
        public let entriesCopied: Int
        public let bytesBefore: Int
        public let bytesAfter: Int
        public let verification: VerificationReport
    }

    /// Compacts the ledger in `directory`. Refuses while any other process has it open (stop
    /// the service first). `projections` are those every process registers.
    public static func compact(directory: String, projections: [any Projection]) throws -> Report {
        let environmentDirectory = (directory as NSString).appendingPathComponent(Ledger.environmentDirectoryName)
        let dataFile = (environmentDirectory as NSString).appendingPathComponent("data.mdb")
        let original = dataFile + ".before-compaction"
        guard !FileManager.default.fileExists(atPath: original) else {
            throw LedgerError.storageFailure(
                "\(original) is left from a compaction that did not finish: if \(dataFile) is missing or does not verify, rename it back; "
                    + "otherwise remove it (it holds the bytes the compaction was to remove), then compact again")
        }
        guard FileManager.default.fileExists(atPath: dataFile) else {
            throw LedgerError.notALedger(path: directory, reason: "there is no ledger here (\(dataFile) does not exist)")
        }
        // Held to the end: no service can open the ledger and write to a file about to be replaced.
        guard let hold = try Environment.ExclusiveLock(directory: environmentDirectory) else {
            throw LedgerError.storageFailure("the ledger in \(directory) is open in another process: stop blotter serve before compacting")
        }
        defer { withExtendedLifetime(hold) {} }
        // A sibling of the data directory (like a backup's staging copy), on the same file system.
        let staging = (directory as NSString).standardizingPath + ".compacting"
        if FileManager.default.fileExists(atPath: staging) { try FileManager.default.removeItem(atPath: staging) }
        let bytesBefore = try fileSize(dataFile)
        let copied = try rewrite(environmentDirectory, into: staging, bytes: bytesBefore)
        // The original stays reachable under a second name until the copy verifies; the copy
        // then takes the data file's name in one atomic rename, so the ledger always has one.
        try link(dataFile, as: original)
        try move(staging + "/data.mdb", to: dataFile)
        try? FileManager.default.removeItem(atPath: staging)
        try DurableFiles.syncDirectory(environmentDirectory)
        let verification: VerificationReport
        do {
            verification = try verify(directory, projections: projections)
        } catch {
            try move(original, to: dataFile)
            throw error
        }
        guard verification.isValid else {
            try move(original, to: dataFile)
            throw LedgerError.storageFailure("the rewritten data file did not verify (\(verification.failures.first.map { "\($0)" } ?? "derived tables differ")); the original is kept")
        }
        try FileManager.default.removeItem(atPath: original)
        try DurableFiles.syncDirectory(environmentDirectory)
        return Report(entriesCopied: copied, bytesBefore: bytesBefore, bytesAfter: try fileSize(dataFile), verification: verification)
    }

    /// The entry-by-entry copy, its pages checked first: a damaged file is not copied.
    private static func rewrite(_ environmentDirectory: String, into staging: String, bytes: Int) throws -> Int {
        var readOnly = EnvironmentConfiguration()
        readOnly.readOnly = true
        readOnly.checksPages = true
        readOnly.withoutLockFile = true
        let source = try Environment(directory: environmentDirectory, configuration: readOnly)
        var target = EnvironmentConfiguration()
        target.initialMapSizeBytes = max(target.initialMapSizeBytes, bytes + bytes / 4)
        return try source.rewrite(toDirectory: staging, configuration: target)
    }

    private static func verify(_ directory: String, projections: [any Projection]) throws -> VerificationReport {
        var configuration = LedgerConfiguration(projections: projections)
        configuration.environment.readOnly = true
        configuration.environment.withoutLockFile = true
        configuration.checksPages = true
        let ledger = try Ledger(directory: directory, configuration: configuration)
        return try LedgerVerifier.verify(ledger)
    }

    private static func link(_ path: String, as name: String) throws {
        guard Foundation.link(path, name) == 0 else {
            throw LedgerError.storageFailure("cannot link \(path) as \(name): \(String(cString: strerror(errno)))")
        }
    }

    private static func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw LedgerError.storageFailure("cannot rename \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    private static func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
