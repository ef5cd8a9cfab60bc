import LMDB

/// The read transactions open on a ledger's environment, in this process and any other (a
/// `blotter verify`, a backup), with the snapshot each holds.
public struct LedgerReaders: Sendable, Equatable {
    public struct Reader: Sendable, Hashable {
        public let processID: Int32
        public let thread: String
        /// The snapshot's transaction id: the older it is, the more freed pages it pins.
        public let snapshot: Int
    }

    public let readers: [Reader]
    /// The newest committed transaction's id.
    public let latestSnapshot: Int
    /// Slots of processes that died holding a read transaction, cleared by this check.
    public let staleCleared: Int

    /// How many transactions the oldest open snapshot lags behind the newest; 0 with none open.
    public var oldestLag: Int {
        readers.map { latestSnapshot - $0.snapshot }.max() ?? 0
    }
}

extension Ledger {
    /// Clears the reader slots of dead processes (which otherwise pin old pages until the next
    /// process opens the environment) and lists the readers left.
    public func checkReaders() throws -> LedgerReaders {
        try LedgerError.translatingStorage {
            let cleared = try environment.clearStaleReaders()
            let slots = try environment.activeReaders()
            return LedgerReaders(
                readers: slots.map { LedgerReaders.Reader(processID: $0.processID, thread: $0.thread, snapshot: $0.transactionID) },
                latestSnapshot: environment.statistics().lastTransactionID, staleCleared: cleared)
        }
    }
}
