import Ledger
import Synchronization

/// Watches the ledger's readers between maintenance rounds: how many are open, how long the
/// oldest has held its snapshot (a snapshot seen again at the next round is the same reader
/// still open), and how many dead processes' slots were cleared. A reader holding one
/// snapshot longer than `pinnedAfterSeconds` keeps LMDB from reusing pages, so the data file
/// grows with every write while it stands: health and the log say so.
public final class ReaderWatch: Sendable {
    public struct Report: Sendable, Equatable {
        public var readers = 0
        public var oldestAgeSeconds: Int64 = 0
        public var oldestLagTransactions = 0
        public var staleClearedTotal = 0
        /// The readers holding a snapshot longer than allowed, oldest first.
        public var pinned: [LedgerReaders.Reader] = []
    }

    public let pinnedAfterSeconds: Int64
    private struct State {
        var firstSeen: [LedgerReaders.Reader: LedgerTime] = [:]
        var report = Report()
    }
    private let state = Mutex(State())

    public init(pinnedAfterSeconds: Int64 = 300) {
        self.pinnedAfterSeconds = pinnedAfterSeconds
    }

    /// Takes one round's readers, seen at `now`; returns the report it leads to.
    @discardableResult
    public func observe(_ readers: LedgerReaders, at now: LedgerTime) -> Report {
        state.withLock { state in
            var firstSeen: [LedgerReaders.Reader: LedgerTime] = [:]
            for reader in readers.readers { firstSeen[reader] = state.firstSeen[reader] ?? now }
            state.firstSeen = firstSeen
            let ages = readers.readers.map { reader in (reader, (now.microsecondsSinceEpoch - firstSeen[reader]!.microsecondsSinceEpoch) / 1_000_000) }
            state.report.readers = readers.readers.count
            state.report.oldestAgeSeconds = ages.map(\.1).max() ?? 0
            state.report.oldestLagTransactions = readers.oldestLag
            state.report.staleClearedTotal += readers.staleCleared
            state.report.pinned = ages.filter { $0.1 >= pinnedAfterSeconds }.sorted { $0.1 > $1.1 }.map(\.0)
            return state.report
        }
    }

    public var report: Report { state.withLock { $0.report } }
}
