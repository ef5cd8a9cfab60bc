#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the map size from changing under a live transaction.
///
/// LMDB lets `mdb_env_set_mapsize` run only while this process has no transaction open, and
/// leaves checking that to the caller. Every transaction holds this lock shared for its life;
/// growing the map takes it exclusively. Reader preference (glibc's default) keeps a thread
/// that opens a read inside another read from deadlocking against a waiting resize.
final class MapSizeLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        let status = pthread_rwlock_init(lock, nil)
        precondition(status == 0, "pthread_rwlock_init failed: \(status)")
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func lockShared() {
        let status = pthread_rwlock_rdlock(lock)
        precondition(status == 0, "pthread_rwlock_rdlock failed: \(status)")
    }

    func lockExclusive() {
        let status = pthread_rwlock_wrlock(lock)
        precondition(status == 0, "pthread_rwlock_wrlock failed: \(status)")
    }

    func unlock() {
        let status = pthread_rwlock_unlock(lock)
        precondition(status == 0, "pthread_rwlock_unlock failed: \(status)")
    }

    func withExclusiveLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lockExclusive()
        defer { unlock() }
        return try body()
    }
}
