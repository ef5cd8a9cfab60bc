/// Hands read-only data whose buffers live in a replayed snapshot to other threads: the
/// snapshot's read transaction outlives every thread that reads through it.
public struct SnapshotShared<Value>: @unchecked Sendable {
    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }
}
