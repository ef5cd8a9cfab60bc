import LMDB

/// Operating errors of the ledger: each says what happened and what to do about it.
public enum LedgerError: Error, CustomStringConvertible, Equatable {
    /// A field of an event or command is outside what the ledger accepts; nothing was written.
    case invalidEvent(field: String, reason: String)
    /// Optimistic concurrency: the stream was not at the version the command expected.
    case versionConflict(stream: String, expected: ExpectedVersion, actual: UInt32)
    case eventNotFound(sequence: UInt64)
    case cannotRedact(sequence: UInt64, reason: String)
    case signingKeyMissing(path: String)
    case signingKeyUnsafe(path: String, mode: UInt32)
    case signingKeyMismatch(path: String)
    case notALedger(path: String, reason: String)
    /// The stored log is damaged at this sequence; run `blotter verify` for a full report.
    case corrupted(sequence: UInt64, reason: String)
    case invalidTreeSize(requested: UInt64, available: UInt64)
    /// The idempotency key was first used for another request (its first event is named).
    case idempotencyKeyReused(key: String, firstSequence: UInt64)
    /// No room to write: the map reached its limit, or the disk is full. Nothing of the
    /// failed transaction was written; the ledger is intact and readable.
    case storageFull(String)
    /// Storage failed otherwise (an I/O error at commit, a damaged file, no reader slot):
    /// what was being written may not have reached the disk.
    case storageFailure(String)

    public var description: String {
        switch self {
        case .invalidEvent(let field, let reason):
            return "invalid \(field): \(reason)"
        case .versionConflict(let stream, let expected, let actual):
            return "version conflict on stream \(stream): expected \(ExpectedVersion.describe(expected)), "
                + "found version \(actual); read the stream again and retry"
        case .eventNotFound(let sequence):
            return "no event at sequence \(sequence)"
        case .cannotRedact(let sequence, let reason):
            return "cannot redact event \(sequence): \(reason)"
        case .signingKeyMissing(let path):
            return "the ledger's signing key is missing at \(path); restore it from a backup "
                + "(the ledger can still be read and verified, but not checkpointed)"
        case .signingKeyUnsafe(let path, let mode):
            return "the signing key \(path) is readable by others (mode \(String(mode, radix: 8))); "
                + "run chmod 600 on it"
        case .signingKeyMismatch(let path):
            return "the signing key \(path) does not belong to this ledger: its public key differs from the one recorded at "
                + "creation (table ledger.meta, key public-key); one of the two is damaged or from another ledger"
        case .notALedger(let path, let reason):
            return "\(path) is not a Blotter ledger: \(reason)"
        case .corrupted(let sequence, let reason):
            return "the log is damaged at sequence \(sequence): \(reason); run blotter verify"
        case .invalidTreeSize(let requested, let available):
            return requested == 0
                ? "the log is empty: a checkpoint signs at least one event"
                : "tree size \(requested) is beyond the ledger's \(available) events"
        case .storageFull(let detail), .storageFailure(let detail):
            return detail
        case .idempotencyKeyReused(let key, let first):
            return "the idempotency key \(key) was used for another request (event \(first)); use a new key for a new request"
        }
    }
}

extension LedgerError {
    /// Runs `body`, turning the storage layer's errors into the ledger's own, so nothing above
    /// the ledger handles LMDB's types.
    static func translatingStorage<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as LMDBError {
            switch error.kind {
            case .storageFull, .diskFull, .mapFull: throw LedgerError.storageFull(error.description)
            default: throw LedgerError.storageFailure(error.description)
            }
        }
    }
}

extension ExpectedVersion {
    static func describe(_ expected: ExpectedVersion) -> String {
        switch expected {
        case .any: return "any version"
        case .noStream: return "no stream"
        case .exactly(let version): return "version \(version)"
        }
    }
}
