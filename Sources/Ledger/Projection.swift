/// A current-state view of the log: a pure fold of events into its own tables.
///
/// Live projections are folded in the same write transaction as the events, so they never
/// disagree with the log; `rebuild` folds the whole log again and must produce the same bytes.
/// A projection therefore takes everything from the event (its time, its payload) and nothing
/// from the clock, the environment or randomness.
///
/// Redaction: an event whose payload was destroyed reaches `apply` with `payload == nil` when
/// the log is replayed, while the live fold saw its payload. The ledger therefore folds again,
/// in the redaction's own transaction, every projection that folds a touched stream; a
/// projection needs no code of its own for redactions.
public protocol Projection: Sendable {
    /// Unique among the ledger's projections; its tables are stored as `projection.<name>.<table>`.
    var name: String { get }
    var tableNames: [String] { get }
    /// Raised whenever `apply` changes; a ledger finding another version rebuilds the projection at open.
    var version: UInt32 { get }
    /// Settings the fold depends on (the records projection's retention periods), as bytes: a
    /// ledger finding other settings recorded rebuilds the projection at open, as for a new version.
    var configuration: [UInt8] { get }
    /// The streams whose events the projection folds, by prefix; empty for every stream. Replays
    /// skip the other events without decoding them.
    var streamPrefixes: [String] { get }
    func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws
    /// The fold over the whole log in memory that rebuild and verify run. The default applies
    /// each event through `apply` to tables in memory; a projection with much to fold brings a
    /// faster one that must write the same bytes.
    func makeReplay() -> any ProjectionReplay
    /// Which event or stream a table entry derives from, so that verify can name the sequence of
    /// a difference; nil when the key does not tell.
    func source(ofKey key: [UInt8], in table: String) -> DerivedEntrySource?
}

extension Projection {
    public var configuration: [UInt8] { [] }
    public var streamPrefixes: [String] { [] }
    public func makeReplay() -> any ProjectionReplay { FoldingReplay(self) }
    public func source(ofKey key: [UInt8], in table: String) -> DerivedEntrySource? { nil }
}

/// What a derived table entry comes from: one event, or the events of one stream.
public enum DerivedEntrySource: Sendable, Equatable {
    case event(UInt64)
    case stream(String)
}

/// Read access to a projection's tables.
public protocol ProjectionReader {
    func value(forKey key: [UInt8], in table: String) throws -> [UInt8]?
    /// Calls `body` for each entry whose key starts with `keyPrefix`, in key order, from the
    /// first key at or after `start` (when given), until it returns false.
    func forEach(
        in table: String, keyPrefix: [UInt8], startingAt start: [UInt8]?,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws
    /// The same, with the key and value lent in place (valid only during `body`): for scans of
    /// many entries that keep little of each.
    func forEachInPlace(
        in table: String, keyPrefix: [UInt8], _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws
}

/// What `Projection.apply` writes through.
public protocol ProjectionStore: ProjectionReader {
    func put(_ value: [UInt8], forKey key: [UInt8], in table: String) throws
    func removeValue(forKey key: [UInt8], in table: String) throws
}

extension ProjectionReader {
    /// By default, the entries as arrays, lent in turn.
    public func forEachInPlace(
        in table: String, keyPrefix: [UInt8], _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try forEach(in: table, keyPrefix: keyPrefix, startingAt: nil) { key, value in
            try key.withUnsafeBytes { key in try value.withUnsafeBytes { value in try body(key, value) } }
        }
    }

    /// Calls `body` for each entry whose key starts with `keyPrefix`, in key order, until it returns false.
    public func forEach(
        in table: String, keyPrefix: [UInt8], _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        try forEach(in: table, keyPrefix: keyPrefix, startingAt: nil, body)
    }

    /// Every entry under `keyPrefix`, in key order.
    public func entries(in table: String, keyPrefix: [UInt8] = []) throws -> [(key: [UInt8], value: [UInt8])] {
        var result: [(key: [UInt8], value: [UInt8])] = []
        try forEach(in: table, keyPrefix: keyPrefix) { key, value in
            result.append((key, value))
            return true
        }
        return result
    }
}

/// A projection's tables that the ledger does not know, or that the projection did not declare.
public struct UnknownTableError: Error, CustomStringConvertible {
    public let projection: String
    public let table: String
    public var description: String { "projection \(projection) has no table named \(table)" }
}

enum ProjectionTableName {
    static func qualified(projection: String, table: String) -> String {
        "projection.\(projection).\(table)"
    }
}
