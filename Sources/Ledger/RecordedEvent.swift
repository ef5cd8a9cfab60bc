/// An event as the log holds it, decoded.
public struct RecordedEvent: Sendable {
    /// Position in the log, from 1, without gaps.
    public let sequence: UInt64
    /// When the ledger recorded it (never earlier than its predecessor's time).
    public let recordedAt: LedgerTime
    /// Position in its stream, from 1, without gaps.
    public let streamVersion: UInt32
    public let type: String
    public let stream: String
    public let actor: EventActor
    /// The key the command was sent with, so a retry does not append twice.
    public let idempotencyKey: String?
    /// The hash of the event before it (or the ledger's genesis hash for the first event).
    public let previousHash: Digest32
    /// SHA-256 of the salt followed by the payload.
    public let payloadDigest: Digest32
    public let payloadLength: UInt32
    /// SHA-256 of the header; what the chain links and the Merkle tree's leaves commit to.
    public let hash: Digest32
    public let payloadState: PayloadState

    public enum PayloadState: Sendable, Equatable {
        case present(salt: [UInt8], payload: [UInt8])
        /// Removed by the redaction event at this sequence (a court-ordered destruction).
        case redacted(bySequence: UInt64)
    }

    /// The payload, or nil once redacted.
    public var payload: [UInt8]? {
        if case .present(_, let payload) = payloadState { return payload }
        return nil
    }

    public var isRedacted: Bool { payload == nil }
}

/// What an append returns for each event it wrote.
public struct AppendedEvent: Sendable, Hashable {
    public let sequence: UInt64
    public let stream: String
    public let streamVersion: UInt32
    public let type: String
    public let recordedAt: LedgerTime
    public let hash: Digest32
}

/// The result of one command's append.
public struct AppendOutcome: Sendable {
    public let events: [AppendedEvent]
    /// True when the idempotency key had been used: nothing was appended and `events` are the
    /// ones the first attempt appended.
    public let isReplay: Bool
}
