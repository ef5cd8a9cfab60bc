import Ledger

/// Which kind of read released an answer: what an access event names so that the answer can be
/// computed again from the log.
public enum RecordRead: Hashable, Sendable {
    /// A search (by name, identifier, plate, …): the records the projection matched.
    case search
    /// A record by number, as it stands at the read.
    case record
    /// A record by number as it stood after its last event at or before a sequence.
    case recordAsOfSequence(UInt64)
    /// A record by number as it stood at a moment (status judged at that moment).
    case recordAsOfTime(LedgerTime)
    /// Every version of a record, each event with the record as it left it.
    case history
    /// The access log of a record: every read that showed it (an audit read).
    case accesses
    /// A record's events and every access that showed it, in log order (an audit read).
    case timeline
    /// Everything about one person: their records, the events that shaped them, every access
    /// that showed them and every search that named them (an audit read).
    case subject
    /// Everything a user or an agency's users did in a time range (an audit read): the
    /// moments bound it, `from` included, `to` excluded; nil is open.
    case activity(from: LedgerTime?, to: LedgerTime?)
    /// A discovery bundle exported under a court's order (its id), with a consistency proof
    /// from the earlier checkpoint the recipient named, if any.
    case discovery(order: String, earlierTreeSize: UInt64?)

    public var kind: String {
        switch self {
        case .search: return "search"
        case .record: return "record"
        case .recordAsOfSequence: return "recordAsOfSequence"
        case .recordAsOfTime: return "recordAsOfTime"
        case .history: return "history"
        case .accesses: return "accesses"
        case .timeline: return "timeline"
        case .subject: return "subject"
        case .activity: return "activity"
        case .discovery: return "discovery"
        }
    }
}

/// `{"kind": …}` with `sequence` or `time` for the as-of reads.
extension RecordRead: Codable, CanonicalJSON {
    private enum CodingKeys: String, CodingKey { case kind, sequence, time, from, to, order, earlierTreeSize }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        if kind == "activity" {
            self = .activity(from: try container.decodeIfPresent(LedgerTime.self, forKey: .from),
                             to: try container.decodeIfPresent(LedgerTime.self, forKey: .to))
            return
        }
        if kind == "discovery" {
            self = .discovery(order: try container.decode(String.self, forKey: .order),
                              earlierTreeSize: try container.decodeIfPresent(UInt64.self, forKey: .earlierTreeSize))
            return
        }
        self = try Self.make(kind: kind, sequence: { try container.decode(UInt64.self, forKey: .sequence) },
                             time: { try container.decode(LedgerTime.self, forKey: .time) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        if case .recordAsOfSequence(let sequence) = self { try container.encode(sequence, forKey: .sequence) }
        if case .recordAsOfTime(let time) = self { try container.encode(time, forKey: .time) }
        if case .activity(let from, let to) = self {
            try container.encodeIfPresent(from, forKey: .from)
            try container.encodeIfPresent(to, forKey: .to)
        }
        if case .discovery(let order, let earlierTreeSize) = self {
            try container.encode(order, forKey: .order)
            try container.encodeIfPresent(earlierTreeSize, forKey: .earlierTreeSize)
        }
    }

    public init(canonicalJSON reader: inout JSONReader) throws {
        var kind: String?, sequence: UInt64?, time: LedgerTime?, from: LedgerTime?, to: LedgerTime?
        var order: String?, earlierTreeSize: UInt64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "kind" { kind = try reader.readString() }
            else if key == "earlierTreeSize" { earlierTreeSize = try reader.readUInt64() }
            else if key == "order" { order = try reader.readString() }
            else if key == "from" { from = try reader.read(LedgerTime.self) }
            else if key == "to" { to = try reader.read(LedgerTime.self) }
            else if key == "sequence" { sequence = try reader.readUInt64() }
            else if key == "time" { time = try reader.read(LedgerTime.self) }
            else { try reader.skipValue() }
        }
        let found = try reader.require(kind, "kind")
        if found == "activity" {
            self = .activity(from: from, to: to)
            return
        }
        if found == "discovery" {
            self = .discovery(order: try reader.require(order, "order"), earlierTreeSize: earlierTreeSize)
            return
        }
        self = try Self.make(kind: found, sequence: { try reader.require(sequence, "sequence") }, time: { try reader.require(time, "time") })
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        if case .discovery(_, let earlierTreeSize) = self, let earlierTreeSize {
            writer.key("earlierTreeSize")
            writer.uint64(earlierTreeSize)
        }
        if case .activity(let from, _) = self, let from {
            writer.key("from")
            writer.time(from)
        }
        writer.key("kind")
        writer.string(kind)
        if case .discovery(let order, _) = self {
            writer.key("order")
            writer.string(order)
        }
        if case .activity(_, let to) = self, let to {
            writer.key("to")
            writer.time(to)
        }
        if case .recordAsOfSequence(let sequence) = self {
            writer.key("sequence")
            writer.uint64(sequence)
        }
        if case .recordAsOfTime(let time) = self {
            writer.key("time")
            writer.time(time)
        }
        writer.endObject()
    }

    private static func make(kind: String, sequence: () throws -> UInt64, time: () throws -> LedgerTime) throws -> RecordRead {
        switch kind {
        case "search": return .search
        case "record": return .record
        case "recordAsOfSequence": return .recordAsOfSequence(try sequence())
        case "recordAsOfTime": return .recordAsOfTime(try time())
        case "history": return .history
        case "accesses": return .accesses
        case "timeline": return .timeline
        case "subject": return .subject
        default: throw JSONReadError(offset: 0, reason: "\(kind) is not a kind of read")
        }
    }
}
