import Ledger

/// A past answer computed again, with what explains a difference.
public struct Reproduction: Hashable, Sendable, Codable {
    /// A redaction made after the answer was read that removed events at or before its
    /// position: what a court-ordered destruction changes in a reproduction.
    public struct LaterRedaction: Hashable, Sendable, Codable {
        public let sequence: UInt64
        public let recordedAt: LedgerTime
        public let reason: String
        /// The removed events the answer could have been computed from.
        public let removedEvents: [UInt64]
    }

    /// This reproduction's own audit event.
    public let reproductionSequence: UInt64
    public let rederivation: Rederivation
    public let laterRedactions: [LaterRedaction]

    public var matches: Bool { rederivation.matches }

    /// In plain words: the same answer, or what differs and why.
    public var finding: String {
        if matches { return "the answer computed again at position \(rederivation.position) equals what access event \(rederivation.accessSequence) showed" }
        var finding = "the answer computed again differs from what access event \(rederivation.accessSequence) showed"
        if rederivation.recorded != rederivation.rederived {
            finding += " (records and versions shown: \(Self.list(rederivation.recorded)); computed now: \(Self.list(rederivation.rederived)))"
        } else {
            finding += " (the same records and versions, a different answer digest)"
        }
        if laterRedactions.isEmpty {
            return finding + "; no later redaction explains it: run blotter verify"
        }
        let orders = laterRedactions.map { "event \($0.sequence) (\($0.reason)) removed events \($0.removedEvents.map(String.init).joined(separator: ", "))" }
        return finding + "; explained by later redactions: " + orders.joined(separator: "; ")
    }

    private static func list(_ records: [ReturnedRecord]) -> String {
        records.isEmpty ? "none" : records.map { "\($0.number) v\($0.version)" }.joined(separator: ", ")
    }

    public init(reproductionSequence: UInt64, rederivation: Rederivation, laterRedactions: [LaterRedaction]) {
        self.reproductionSequence = reproductionSequence
        self.rederivation = rederivation
        self.laterRedactions = laterRedactions
    }

    private enum CodingKeys: String, CodingKey { case reproductionSequence, rederivation, laterRedactions, matches, finding }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(reproductionSequence: try container.decode(UInt64.self, forKey: .reproductionSequence),
                  rederivation: try container.decode(Rederivation.self, forKey: .rederivation),
                  laterRedactions: try container.decode([LaterRedaction].self, forKey: .laterRedactions))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reproductionSequence, forKey: .reproductionSequence)
        try container.encode(rederivation, forKey: .rederivation)
        try container.encode(laterRedactions, forKey: .laterRedactions)
        try container.encode(matches, forKey: .matches)
        try container.encode(finding, forKey: .finding)
    }

    /// The redactions after `position` that removed events at or before it.
    static func laterRedactions(after position: UInt64, in transaction: LedgerReadTransaction) throws -> [LaterRedaction] {
        try transaction.streamEvents(LedgerRedaction.stream).compactMap { event in
            guard event.sequence > position, let payload = event.payload else { return nil }
            let redaction = try payload.withUnsafeBytes { try LedgerRedaction.decode($0) }
            let removed = redaction.sequences.filter { $0 <= position }
            guard !removed.isEmpty else { return nil }
            return LaterRedaction(sequence: event.sequence, recordedAt: event.recordedAt, reason: redaction.reason, removedEvents: removed)
        }
    }
}

/// The audit event a reproduction leaves (`AccessReproduced`, in the auditor's access
/// stream): which access event was computed again, and whether it matched.
struct ReproductionRecord: CanonicalJSON {
    static let eventType = "AccessReproduced"

    let accessSequence: UInt64
    let matches: Bool

    init(accessSequence: UInt64, matches: Bool) {
        self.accessSequence = accessSequence
        self.matches = matches
    }

    init(canonicalJSON reader: inout JSONReader) throws {
        var sequence: UInt64?, matches: Bool?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "accessSequence" { sequence = try reader.readUInt64() }
            else if key == "matches" { matches = try reader.readBool() }
            else { try reader.skipValue() }
        }
        self.init(accessSequence: try reader.require(sequence, "accessSequence"), matches: try reader.require(matches, "matches"))
    }

    func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("accessSequence")
        writer.uint64(accessSequence)
        writer.key("matches")
        writer.bool(matches)
        writer.endObject()
    }
}
