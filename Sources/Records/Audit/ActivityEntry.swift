import Foundation
import Ledger

/// One thing a user did, as an activity investigation lists it: the event's place, time, actor,
/// stream and type; for a search or read, its whole access record; and a few plain details
/// (`details`) that say what it was without releasing secrets or record contents.
public struct ActivityEntry: Hashable, Sendable, Codable {
    public let sequence: UInt64
    public let recordedAt: LedgerTime
    public let actor: EventActor
    public let stream: String
    public let type: String
    /// For a `RecordsQueried` event: what was asked, why, and what was shown.
    public let access: AccessRecord?
    /// For a record event, `number`; for a refused command or read, `command`, `rule`,
    /// `target` and `reason`; for any other event, its payload's string members `route`,
    /// `rule`, `target` and `reason` (at its top level or one object down), when it has them
    /// (a refusal's or a failed login's).
    /// Nothing else of a payload is shown: account events hold password and key hashes.
    public let details: [String: String]

    /// The payload members shown for events outside the records domain.
    static let describedMembers: Set<String> = ["reason", "route", "rule", "target"]

    init(_ event: RecordedEvent) throws {
        sequence = event.sequence
        recordedAt = event.recordedAt
        actor = event.actor
        stream = event.stream
        type = event.type
        var access: AccessRecord?
        var details: [String: String] = [:]
        if event.stream.hasPrefix("record/") {
            details["number"] = String(event.stream.dropFirst(7))
        } else if let payload = event.payload {
            if event.type == AccessRecord.eventType {
                access = try AccessRecord(canonicalJSON: payload)
            } else if event.type == RejectionRecord.eventType {
                let rejection = try RejectionRecord(canonicalJSON: payload)
                details = ["command": rejection.command, "rule": rejection.rule.rawValue,
                           "reason": rejection.problems.map(\.description).joined(separator: "; ")]
                if let target = rejection.target { details["target"] = target.text }
            } else {
                details = Self.stringMembers(of: payload)
            }
        }
        self.access = access
        self.details = details
    }

    init(sequence: UInt64, recordedAt: LedgerTime, actor: EventActor, stream: String, type: String, access: AccessRecord?, details: [String: String]) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.stream = stream
        self.type = type
        self.access = access
        self.details = details
    }

    /// The described members of a JSON object payload that are strings, at its top level or
    /// inside an object member (account events are written `{"loginFailed": {"reason": …}}`);
    /// nothing for any other payload.
    private static func stringMembers(of payload: [UInt8]) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else { return [:] }
        var members: [String: String] = [:]
        for key in describedMembers.sorted() {
            if let text = object[key] as? String { members[key] = text }
        }
        // Then one object down, in key order, never over a member found at the top.
        for outer in object.keys.sorted() {
            guard let inner = object[outer] as? [String: Any] else { continue }
            for key in describedMembers.sorted() where members[key] == nil {
                if let text = inner[key] as? String { members[key] = text }
            }
        }
        return members
    }
}

extension ActivityEntry: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var sequence: UInt64?, recordedAt: LedgerTime?, actor: EventActor?, stream: String?, type: String?
        var access: AccessRecord?, details: [String: String] = [:]
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "access" { access = try reader.read(AccessRecord.self) }
            else if key == "actor" { actor = try reader.read(EventActor.self) }
            else if key == "details" {
                try reader.beginObject()
                while let name = try reader.nextKey() { details[name.description] = try reader.readString() }
            }
            else if key == "recordedAt" { recordedAt = try reader.read(LedgerTime.self) }
            else if key == "sequence" { sequence = try reader.readUInt64() }
            else if key == "stream" { stream = try reader.readString() }
            else if key == "type" { type = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(sequence: try reader.require(sequence, "sequence"), recordedAt: try reader.require(recordedAt, "recordedAt"),
                  actor: try reader.require(actor, "actor"), stream: try reader.require(stream, "stream"),
                  type: try reader.require(type, "type"), access: access, details: details)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("access", access)
        writer.key("actor")
        writer.value(actor)
        writer.key("details")
        writer.beginObject()
        for (name, value) in details.sorted(by: { $0.key < $1.key }) {
            writer.dynamicKey(name)
            writer.string(value)
        }
        writer.endObject()
        writer.key("recordedAt")
        writer.time(recordedAt)
        writer.key("sequence")
        writer.uint64(sequence)
        writer.key("stream")
        writer.string(stream)
        writer.key("type")
        writer.string(type)
        writer.endObject()
    }
}

/// What a user or an agency's users did in a time range, oldest first.
public struct ActivityInvestigation: Hashable, Sendable, Codable {
    /// Most entries one answer lists; `truncated` says there were more (ask a shorter range).
    public static let maximumEntries = 10_000

    public let subject: RecordQuery
    public let entries: [ActivityEntry]
    public let truncated: Bool
}

extension ActivityInvestigation: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var subject: RecordQuery?, entries: [ActivityEntry]?, truncated: Bool?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "entries" { entries = try reader.readArray(of: ActivityEntry.self) }
            else if key == "subject" { subject = try reader.read(RecordQuery.self) }
            else if key == "truncated" { truncated = try reader.readBool() }
            else { try reader.skipValue() }
        }
        self.init(subject: try reader.require(subject, "subject"), entries: try reader.require(entries, "entries"),
                  truncated: try reader.require(truncated, "truncated"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("entries")
        writer.array(entries)
        writer.key("subject")
        writer.value(subject)
        writer.key("truncated")
        writer.bool(truncated)
        writer.endObject()
    }
}

/// An activity investigation, released after its access event is durable.
public struct ActivityAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let accessSequence: UInt64
    public let investigation: ActivityInvestigation
}
