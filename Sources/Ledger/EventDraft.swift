/// The stream version an append expects to find (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event must have this version (1 is the first event).
    case exactly(UInt32)

    func admits(_ current: UInt32) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return current == 0
        case .exactly(let version): return current == version
        }
    }
}

/// An event a command asks the ledger to append.
public struct EventDraft: Sendable {
    /// Past-tense name of the fact, e.g. `WantedPersonEntered`.
    public var type: String
    /// The record or entity the event belongs to. It is part of the hashed header and can never
    /// be redacted, so it must not hold personal data: use record numbers, not names.
    public var stream: String
    /// The event's facts; the only part a court-ordered destruction can remove.
    public var payload: [UInt8]
    public var expectedVersion: ExpectedVersion

    public init(type: String, stream: String, payload: [UInt8], expectedVersion: ExpectedVersion = .any) {
        self.type = type
        self.stream = stream
        self.payload = payload
        self.expectedVersion = expectedVersion
    }
}

/// Limits on what one event may hold, checked before anything is written.
public enum EventLimits {
    public static let typeBytes = 128
    /// Keeps stream-index keys (stream, a zero byte, a 4-byte version) under LMDB's 511 bytes.
    public static let streamBytes = 256
    public static let userIDBytes = 128
    public static let agencyBytes = 32
    public static let clientAddressBytes = 128
    public static let idempotencyKeyBytes = 128
    public static let payloadBytes = 4 << 20
    /// Events one command may append.
    public static let eventsPerCommand = 1_000
}
