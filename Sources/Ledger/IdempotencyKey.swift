/// The key a command is sent with so that a retry does not append twice, bound to a digest of
/// the request it was first used for: a retry of the same request gets the first outcome, the
/// same key on another request is refused (`IdempotentOutcome.conflict`), never answered
/// with the first request's outcome.
///
/// Stored in each event's header as `key`, or `key 0x1F hex(requestDigest)` when bound, so
/// the binding is in the hashed log and the idempotency index rebuilds from it.
public struct IdempotencyKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let key: String
    public let requestDigest: Digest32?

    static let separator: Character = "\u{1F}"

    public init(_ key: String, requestDigest: Digest32? = nil) {
        self.key = key
        self.requestDigest = requestDigest
    }

    public init(stringLiteral key: String) {
        self.init(key)
    }

    /// As the event header and the idempotency index hold it.
    public var stored: String {
        requestDigest.map { key + String(Self.separator) + $0.hex } ?? key
    }

    public var description: String { key }
}

/// What an idempotency key says about a command about to run.
public enum IdempotentOutcome: Sendable, Equatable {
    /// Unused: run the command.
    case unused
    /// The same request ran before: these are the events it appended.
    case replay([AppendedEvent])
    /// The key was used for another request, whose first event is at this sequence.
    case conflict(firstSequence: UInt64)
}
