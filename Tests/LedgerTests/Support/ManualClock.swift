import Ledger
import Synchronization

/// A clock the test moves by hand, including backwards.
final class ManualClock: LedgerClock {
    private let current: Mutex<LedgerTime>

    init(_ start: LedgerTime = LedgerTime(microsecondsSinceEpoch: 1_800_000_000_000_000)) {
        current = Mutex(start)
    }

    func now() -> LedgerTime {
        current.withLock { $0 }
    }

    func set(_ time: LedgerTime) {
        current.withLock { $0 = time }
    }

    func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }
}
