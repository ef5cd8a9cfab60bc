import Ledger

/// An access event as an auditor sees it: who read, when, the whole access record (what they
/// asked, why, under which case, what they were shown) and how it bears on what is audited.
public struct AuditedAccess: Hashable, Sendable, Codable {
    public enum Relation: String, Hashable, Sendable, Codable {
        /// The answer showed the record (or one of the subject's records).
        case returned
        /// A search whose criteria fit the subject but whose answer showed none of their
        /// records: it found nothing, or only other people.
        case matchedCriteria
    }

    public let sequence: UInt64
    public let recordedAt: LedgerTime
    public let actor: EventActor
    public let relation: Relation
    public let access: AccessRecord
}

/// One line of an audit timeline: an event that shaped a record (with the record as it left
/// it, disclosed as the auditor may see it), or an access. Timelines are in log order.
public enum TimelineEntry: Hashable, Sendable {
    case change(RecordNumber, RecordHistory.Step)
    case access(AuditedAccess)

    public var sequence: UInt64 {
        switch self {
        case .change(_, let step): return step.sequence
        case .access(let access): return access.sequence
        }
    }

    /// `entries` in log order, each event once (an access that showed two of a subject's
    /// records is one line).
    static func inLogOrder(_ entries: [TimelineEntry]) -> [TimelineEntry] {
        var seen: Set<UInt64> = []
        return entries.sorted { $0.sequence < $1.sequence }.filter { seen.insert($0.sequence).inserted }
    }
}

/// `{"kind": "change", "number", "event"}` or `{"kind": "access", "access"}`, with `sequence`.
extension TimelineEntry: Codable {
    private enum CodingKeys: String, CodingKey { case kind, sequence, number, event, access }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "change":
            self = .change(try container.decode(RecordNumber.self, forKey: .number), try container.decode(RecordHistory.Step.self, forKey: .event))
        case "access":
            self = .access(try container.decode(AuditedAccess.self, forKey: .access))
        case let kind:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "\(kind) is not a kind of timeline entry")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        switch self {
        case .change(let number, let step):
            try container.encode("change", forKey: .kind)
            try container.encode(number, forKey: .number)
            try container.encode(step, forKey: .event)
        case .access(let access):
            try container.encode("access", forKey: .kind)
            try container.encode(access, forKey: .access)
        }
    }
}

/// The canonical form an answer digest is taken over (the same members, sorted).
extension TimelineEntry: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var kind: String?, number: RecordNumber?, step: RecordHistory.Step?, access: AuditedAccess?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "access" { access = try reader.read(AuditedAccess.self) }
            else if key == "event" { step = try reader.read(RecordHistory.Step.self) }
            else if key == "kind" { kind = try reader.readString() }
            else if key == "number" { number = try reader.read(RecordNumber.self) }
            else { try reader.skipValue() }
        }
        switch try reader.require(kind, "kind") {
        case "change": self = .change(try reader.require(number, "number"), try reader.require(step, "event"))
        case "access": self = .access(try reader.require(access, "access"))
        case let other: throw JSONReadError(offset: reader.offset, reason: "\(other) is not a kind of timeline entry")
        }
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .change(let number, let step):
            writer.key("event")
            writer.value(step)
            writer.key("kind")
            writer.string("change")
            writer.key("number")
            writer.value(number)
        case .access(let access):
            writer.key("access")
            writer.value(access)
            writer.key("kind")
            writer.string("access")
        }
        writer.key("sequence")
        writer.uint64(sequence)
        writer.endObject()
    }
}

extension AuditedAccess: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var sequence: UInt64?, recordedAt: LedgerTime?, actor: EventActor?, relation: Relation?, access: AccessRecord?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "access" { access = try reader.read(AccessRecord.self) }
            else if key == "actor" { actor = try reader.read(EventActor.self) }
            else if key == "recordedAt" { recordedAt = try reader.read(LedgerTime.self) }
            else if key == "relation" { relation = try reader.readEnumeration(Relation.self) }
            else if key == "sequence" { sequence = try reader.readUInt64() }
            else { try reader.skipValue() }
        }
        self.init(sequence: try reader.require(sequence, "sequence"), recordedAt: try reader.require(recordedAt, "recordedAt"),
                  actor: try reader.require(actor, "actor"), relation: try reader.require(relation, "relation"),
                  access: try reader.require(access, "access"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("access")
        writer.value(access)
        writer.key("actor")
        writer.value(actor)
        writer.key("recordedAt")
        writer.time(recordedAt)
        writer.key("relation")
        writer.string(relation.rawValue)
        writer.key("sequence")
        writer.uint64(sequence)
        writer.endObject()
    }
}
