import Ledger

/// Everything the ledger holds about one person, as an auditor works a complaint: the records
/// about them (disclosed as the auditor's purpose may see them) and one timeline of every event
/// that shaped those records and every access or search that showed or named them.
public struct SubjectInvestigation: Hashable, Sendable, Codable {
    /// How the person was named: state id, FBI number, or name and date of birth.
    public let subject: RecordQuery
    public let records: [SearchHit]
    public let timeline: [TimelineEntry]

    /// About what its canonical JSON takes: 1 KiB an entry (an access takes about half, a change with its record state more), so the
    /// digest's writer does not grow by copying.
    var expectedEncodedSize: Int { 4_096 + (records.count + timeline.count) * 1_024 }

    /// The records and versions the investigation showed, as its access event names them.
    var shown: [ReturnedRecord] {
        records.map { ReturnedRecord(number: $0.number, version: $0.record.version) }
    }
}

extension SubjectInvestigation: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var subject: RecordQuery?, records: [SearchHit]?, timeline: [TimelineEntry]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "records" { records = try reader.readArray(of: SearchHit.self) }
            else if key == "subject" { subject = try reader.read(RecordQuery.self) }
            else if key == "timeline" { timeline = try reader.readArray(of: TimelineEntry.self) }
            else { try reader.skipValue() }
        }
        self.init(subject: try reader.require(subject, "subject"), records: try reader.require(records, "records"),
                  timeline: try reader.require(timeline, "timeline"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("records")
        writer.array(records)
        writer.key("subject")
        writer.value(subject)
        writer.key("timeline")
        writer.array(timeline)
        writer.endObject()
    }
}

/// A record's timeline, released after its access event is durable.
public struct TimelineAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let accessSequence: UInt64
    public let number: RecordNumber
    public let timeline: [TimelineEntry]
}

/// A subject investigation, released after its access event is durable.
public struct SubjectAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let asOf: LedgerTime
    public let accessSequence: UInt64
    public let investigation: SubjectInvestigation
}
