import Dispatch

/// Hands a replay's working set to a background thread to be freed. Freeing a million-record
/// fold's entries one by one took a quarter of a second of `rebuild --check` at 100,000
/// records, on the calling thread, after the answer was known; a command that exits right
/// after need not wait for it, and a long-running process frees it off the caller's path.
enum BackgroundRelease {
    /// A value handed over only to be freed: nothing reads it after, so what it points into
    /// (a read transaction's snapshot, for the engine's indexes) need not outlive it.
    struct Unread<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: consuming Value) { self.value = value }
    }

    static func release<Value: Sendable>(_ value: consuming Value) {
        let owned = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
    }
}
