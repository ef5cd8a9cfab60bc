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
    /// The access event's payload as stored: `access` in canonical JSON, which the answer's
    /// digest copies instead of writing it again.
    let payload: [UInt8]

    init(sequence: UInt64, recordedAt: LedgerTime, actor: EventActor, relation: Relation, access: AccessRecord, payload: [UInt8]) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.relation = relation
        self.access = access
        self.payload = payload
    }

    private enum CodingKeys: String, CodingKey { case sequence, recordedAt, actor, relation, access }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let access = try container.decode(AccessRecord.self, forKey: .access)
        self.init(sequence: try container.decode(UInt64.self, forKey: .sequence), recordedAt: try container.decode(LedgerTime.self, forKey: .recordedAt),
                  actor: try container.decode(EventActor.self, forKey: .actor), relation: try container.decode(Relation.self, forKey: .relation),
                  access: access, payload: access.canonicalJSON(capacity: 512))
    }
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

    /// One timeline in log order from a record's (or records') changes and the accesses, each
    /// list in log order already (the changes of several records are sorted here): every entry
    /// is made once, in place. An event is either a change or an access, never both.
    static func merged(changes: [(RecordNumber, RecordHistory.Step)], accesses: [AuditedAccess]) -> [TimelineEntry] {
        let changes = changes.sorted { $0.1.sequence < $1.1.sequence }
        var timeline: [TimelineEntry] = []
        timeline.reserveCapacity(changes.count + accesses.count)
        var next = 0
        for access in accesses {
            while next < changes.count, changes[next].1.sequence < access.sequence {
                timeline.append(.change(changes[next].0, changes[next].1))
                next += 1
            }
            timeline.append(.access(access))
        }
        for (number, step) in changes[next...] { timeline.append(.change(number, step)) }
        assert(zip(timeline, timeline.dropFirst()).allSatisfy { $0.sequence < $1.sequence }, "a timeline is in log order, each event once")
        return timeline
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
        let found = try reader.require(access, "access")
        self.init(sequence: try reader.require(sequence, "sequence"), recordedAt: try reader.require(recordedAt, "recordedAt"),
                  actor: try reader.require(actor, "actor"), relation: try reader.require(relation, "relation"),
                  access: found, payload: found.canonicalJSON(capacity: 512))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("access")
        writer.canonicalValue(payload)
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
