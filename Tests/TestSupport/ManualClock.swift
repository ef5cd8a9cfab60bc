import Ledger
import Synchronization

/// A clock the test moves by hand, including backwards.
public final class ManualClock: LedgerClock {
    private let current: Mutex<LedgerTime>

    public init(_ start: LedgerTime = LedgerTime(microsecondsSinceEpoch: 1_800_000_000_000_000)) {
        current = Mutex(start)
    }

    public func now() -> LedgerTime {
        current.withLock { $0 }
    }

    public func set(_ time: LedgerTime) {
        current.withLock { $0 = time }
    }

    public func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    public func advance(hours: Int64) {
        advance(seconds: hours * 3_600)
    }

    public func advance(days: Int64) {
        advance(seconds: days * 86_400)
    }
}
