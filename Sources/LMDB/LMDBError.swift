import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An operating error reported by LMDB or by this wrapper, carrying LMDB's code and message.
///
/// Errors are open structs (as GRDB does it): match on `kind` for the cases callers act on,
/// and show `description` to people, since it says what happened and how to fix it.
public struct LMDBError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The memory map is full; the environment grows it unless it reached its limit.
        case mapFull
        /// Another process grew the map; the wrapper adopts the new size and retries.
        case mapResized
        /// The ledger reached the largest map size it is allowed to use.
        case storageFull
        /// The disk (or quota) has no room left for the pages LMDB must write.
        case diskFull
        /// `MDB_NOOVERWRITE` found the key already present.
        case keyExists
        /// Too many reader slots are in use.
        case readersFull
        /// A key or value was outside LMDB's limits, or the call was misused.
        case invalidArgument
        /// The data file is corrupted or of another format.
        case corrupted
        /// LMDB stopped the environment after a write it could not complete or undo (a failed
        /// meta page write): every later transaction fails until the process opens it again.
        case panic
        case other
    }

    public let kind: Kind
    /// LMDB's (or errno's) numeric code; 0 for errors raised by the wrapper itself.
    public let code: Int32
    /// The LMDB function (or wrapper operation) that failed.
    public let operation: String
    public let message: String

    public init(kind: Kind, code: Int32, operation: String, message: String) {
        self.kind = kind
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// Wraps a nonzero return code of an LMDB call.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        self.message = String(cString: mdb_strerror(code))
        self.kind = LMDBError.kind(forCode: code)
    }

    static func kind(forCode code: Int32) -> Kind {
        switch code {
        case MDB_MAP_FULL: return .mapFull
        case MDB_MAP_RESIZED: return .mapResized
        case MDB_KEYEXIST: return .keyExists
        case MDB_READERS_FULL: return .readersFull
        case MDB_BAD_VALSIZE, MDB_BAD_TXN, MDB_BAD_DBI, EINVAL: return .invalidArgument
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID, MDB_VERSION_MISMATCH: return .corrupted
        case MDB_PANIC: return .panic
        case ENOSPC, EDQUOT: return .diskFull
        default: return .other
        }
    }

    static func storageFull(mapSizeBytes: Int) -> LMDBError {
        LMDBError(
            kind: .storageFull, code: MDB_MAP_FULL, operation: "grow map",
            message: "storage full: the ledger reached its maximum map size of \(mapSizeBytes) bytes; "
                + "nothing in this transaction was written and the ledger is intact and readable; "
                + "raise the maximum map size (or free disk space) and retry")
    }

    public var description: String {
        switch kind {
        case .storageFull:
            return message
        case .diskFull:
            return "\(operation) failed: the disk is full (\(message)); the transaction was not committed "
                + "and the ledger is intact; free disk space and retry"
        case .panic:
            return "\(operation) failed: LMDB stopped writing after a write it could not complete (\(message)); "
                + "check the disk, restart the service, then run blotter verify"
        default:
            return "\(operation) failed: \(message) (LMDB code \(code))"
        }
    }
}

@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if code != 0 {
        throw LMDBError(code: code, operation: operation())
    }
}
