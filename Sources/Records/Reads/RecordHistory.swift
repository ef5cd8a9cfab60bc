import Ledger

/// What a record's past is made of, as reads return it.
public enum RecordHistory {
    /// One event of a record, and the record as it left it.
    public struct Step: Hashable, Sendable, Codable {
        public let sequence: UInt64
        public let version: UInt32
        public let type: String
        public let recordedAt: LedgerTime
        public let actor: EventActor
        /// Nil once a court-ordered destruction removed the event's payload.
        public let record: RecordState?
        public let isRedacted: Bool

        public init(sequence: UInt64, version: UInt32, type: String, recordedAt: LedgerTime, actor: EventActor, record: RecordState?, isRedacted: Bool) {
            self.sequence = sequence
            self.version = version
            self.type = type
            self.recordedAt = recordedAt
            self.actor = actor
            self.record = record
            self.isRedacted = isRedacted
        }
    }

    /// A read whose answer showed the record.
    public struct Access: Hashable, Sendable, Codable {
        public let sequence: UInt64
        public let recordedAt: LedgerTime
        public let actor: EventActor
        public let read: RecordRead
        public let purpose: PurposeCode
        public let caseNumber: String?
        public let query: RecordQuery
        /// The version of the record the answer showed (the latest one, for a history read).
        public let version: UInt32
    }
}

extension RecordHistory.Step: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var sequence: UInt64?, version: UInt32?, type: String?, recordedAt: LedgerTime?, actor: EventActor?
        var record: RecordState?, isRedacted: Bool?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "actor" { actor = try reader.read(EventActor.self) }
            else if key == "isRedacted" { isRedacted = try reader.readBool() }
            else if key == "record" { record = try reader.readOptional(RecordState.self) }
            else if key == "recordedAt" { recordedAt = try reader.read(LedgerTime.self) }
            else if key == "sequence" { sequence = try reader.readUInt64() }
            else if key == "type" { type = try reader.readString() }
            else if key == "version" { version = try reader.readUInt32() }
            else { try reader.skipValue() }
        }
        self.init(sequence: try reader.require(sequence, "sequence"), version: try reader.require(version, "version"),
                  type: try reader.require(type, "type"), recordedAt: try reader.require(recordedAt, "recordedAt"),
                  actor: try reader.require(actor, "actor"), record: record, isRedacted: try reader.require(isRedacted, "isRedacted"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("actor")
        writer.value(actor)
        writer.key("isRedacted")
        writer.bool(isRedacted)
        writer.member("record", record)
        writer.key("recordedAt")
        writer.time(recordedAt)
        writer.key("sequence")
        writer.uint64(sequence)
        writer.key("type")
        writer.string(type)
        writer.key("version")
        writer.uint64(UInt64(version))
        writer.endObject()
    }
}

extension RecordHistory.Access: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var sequence: UInt64?, recordedAt: LedgerTime?, actor: EventActor?, read: RecordRead?, purpose: PurposeCode?
        var caseNumber: String?, query: RecordQuery?, version: UInt32?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "actor" { actor = try reader.read(EventActor.self) }
            else if key == "caseNumber" { caseNumber = try reader.readOptionalString() }
            else if key == "purpose" { purpose = try reader.readEnumeration(PurposeCode.self) }
            else if key == "query" { query = try reader.read(RecordQuery.self) }
            else if key == "read" { read = try reader.read(RecordRead.self) }
            else if key == "recordedAt" { recordedAt = try reader.read(LedgerTime.self) }
            else if key == "sequence" { sequence = try reader.readUInt64() }
            else if key == "version" { version = try reader.readUInt32() }
            else { try reader.skipValue() }
        }
        self.init(sequence: try reader.require(sequence, "sequence"), recordedAt: try reader.require(recordedAt, "recordedAt"),
                  actor: try reader.require(actor, "actor"), read: try reader.require(read, "read"),
                  purpose: try reader.require(purpose, "purpose"), caseNumber: caseNumber, query: try reader.require(query, "query"),
                  version: try reader.require(version, "version"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("actor")
        writer.value(actor)
        writer.member("caseNumber", caseNumber)
        writer.key("purpose")
        writer.string(purpose.rawValue)
        writer.key("query")
        writer.value(query)
        writer.key("read")
        writer.value(read)
        writer.key("recordedAt")
        writer.time(recordedAt)
        writer.key("sequence")
        writer.uint64(sequence)
        writer.key("version")
        writer.uint64(UInt64(version))
        writer.endObject()
    }
}

extension SearchHit: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var record: RecordState?, status: RecordStatus?, score: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "record" { record = try reader.read(RecordState.self) }
            else if key == "score" { score = try reader.readOptionalInt() }
            else if key == "status" { status = try reader.read(RecordStatus.self) }
            else { try reader.skipValue() }
        }
        self.init(record: try reader.require(record, "record"), status: try reader.require(status, "status"), score: score)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("record")
        writer.value(record)
        writer.member("score", score)
        writer.key("status")
        writer.value(status)
        writer.endObject()
    }
}

extension RecordStatus: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var state: State?, reason: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "reason" { reason = try reader.readOptionalString() }
            else if key == "state" { state = try reader.readEnumeration(State.self) }
            else { try reader.skipValue() }
        }
        self.init(try reader.require(state, "state"), reason)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("reason", reason)
        writer.key("state")
        writer.string(state.rawValue)
        writer.endObject()
    }
}
