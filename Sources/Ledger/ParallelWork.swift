import Dispatch
import Foundation
import Synchronization

/// Runs independent pieces of work on every core, the calling thread among them.
///
/// Not `DispatchQueue.concurrentPerform`: called from a thread of Dispatch's own pool (as the
/// replay's helper is), it was measured running a four-slice fold on one core for most of its
/// time, the pool adding a second thread only late. These are threads of their own, started
/// for the call and joined before it returns.
public enum ParallelWork {
    /// Calls `body` once for each index in `0..<count`, on up to `width` threads (the calling
    /// one included), each taking the next index as it finishes one. Returns when every call
    /// has returned.
    public static func forEach(_ count: Int, width: Int = ProcessInfo.processInfo.activeProcessorCount, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let next = IndexCounter()
        let work: @Sendable () -> Void = {
            while true {
                let index = next.take()
                guard index < count else { return }
                body(index)
            }
        }
        let helpers = max(0, min(width, count) - 1)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<helpers {
            let thread = Thread {
                work()
                finished.signal()
            }
            // Deep folds recurse little, but the default 512 KiB of a secondary thread is tight
            // for Swift's generic code on long records.
            thread.stackSize = 8 << 20
            thread.start()
        }
        work()
        for _ in 0..<helpers { finished.wait() }
    }

    /// Starts `body` on a thread of its own at once (Dispatch's pool may start a second or third
    /// of its threads only when others block for long); `join` waits for it to return.
    public static func start(_ body: @escaping @Sendable () -> Void) -> Joinable {
        let joinable = Joinable()
        let thread = Thread {
            body()
            joinable.finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return joinable
    }

    public final class Joinable: Sendable {
        fileprivate let finished = DispatchSemaphore(value: 0)
        private let joined = Mutex(false)

        /// Waits until the thread's body has returned; at once when it was joined before.
        public func join() {
            let first = joined.withLock { joined in
                defer { joined = true }
                return !joined
            }
            if first { finished.wait() }
        }
    }

    private final class IndexCounter: Sendable {
        private let value = Atomic<Int>(0)
        func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
    }
}
