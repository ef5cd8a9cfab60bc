import Ledger

/// The access event's payload: who asked (the event's actor), why, what kind of read, at which
/// log position and moment, which records and versions the answer showed, and a digest of the
/// answer as it left the domain. Everything needed to compute the answer again and prove it
/// the same (`RecordsService.rederive`).
public struct AccessRecord: Hashable, Sendable, Codable {
    public let read: RecordRead
    public let query: RecordQuery
    public let context: QueryContext
    /// The log position the answer was computed at, in the same snapshot as the answer.
    public let position: UInt64
    /// The moment statuses were judged at.
    public let asOf: LedgerTime
    public let results: [ReturnedRecord]
    /// SHA-256 of the answer's canonical JSON after disclosure: what the reader was shown.
    /// Absent on access events recorded before the digest was kept.
    public let answerDigest: Digest32?
    /// How far an audit read reached (`timeline`, `subject`): part of what decides its answer.
    /// Absent on every other read.
    public let scope: AuditScope?

    public static let eventType = "RecordsQueried"

    /// The stream of a user's accesses: each user's queries are one history.
    public static func stream(userID: String) -> String { "access/" + userID }

    public init(
        read: RecordRead, query: RecordQuery, context: QueryContext, position: UInt64, asOf: LedgerTime,
        results: [ReturnedRecord], answerDigest: Digest32?, scope: AuditScope? = nil
    ) {
        self.read = read
        self.query = query
        self.context = context
        self.position = position
        self.asOf = asOf
        self.results = results
        self.answerDigest = answerDigest
        self.scope = scope
    }
}

extension AccessRecord: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var read: RecordRead?, query: RecordQuery?, context: QueryContext?, position: UInt64?, asOf: LedgerTime?
        var results: [ReturnedRecord]?, digest: Digest32?, scope: AuditScope?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "answerDigest" {
                let start = reader.offset
                let text = try reader.readString()
                guard let value = Digest32(hex: text) else { throw JSONReadError(offset: start, reason: "answerDigest is not 64 hex digits") }
                digest = value
            }
            else if key == "asOf" { asOf = try reader.read(LedgerTime.self) }
            else if key == "context" { context = try reader.read(QueryContext.self) }
            else if key == "position" { position = try reader.readUInt64() }
            else if key == "query" { query = try reader.read(RecordQuery.self) }
            else if key == "read" { read = try reader.read(RecordRead.self) }
            else if key == "results" { results = try reader.readArray(of: ReturnedRecord.self) }
            else if key == "scope" { scope = try AuditScope(stored: try reader.readString()) }
            else { try reader.skipValue() }
        }
        let foundQuery = try reader.require(query, "query")
        // Access events from before reads named their kind: searches, or reads by number.
        let defaultRead: RecordRead = if case .recordNumber = foundQuery { .record } else { .search }
        self.init(
            read: read ?? defaultRead, query: foundQuery, context: try reader.require(context, "context"),
            position: try reader.require(position, "position"), asOf: try reader.require(asOf, "asOf"),
            results: try reader.require(results, "results"), answerDigest: digest, scope: scope)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        if let answerDigest {
            writer.key("answerDigest")
            writer.string(answerDigest.hex)
        }
        writer.key("asOf")
        writer.time(asOf)
        writer.key("context")
        writer.value(context)
        writer.key("position")
        writer.uint64(position)
        writer.key("query")
        writer.value(query)
        writer.key("read")
        writer.value(read)
        writer.key("results")
        writer.array(results)
        writer.member("scope", scope?.stored)
        writer.endObject()
    }

    /// What the records projection files of an access event: the records its answer returned,
    /// each once (a history shows one record in several versions), and, for a search, the
    /// criteria it asked for (`SearchCriteria`). Read straight from the payload.
    struct Filed: Equatable {
        var returned: [RecordNumber] = []
        var criteria: [SearchCriteria.Criterion] = []
    }

    static func filed(in payload: [UInt8]) throws -> Filed {
        try payload.withUnsafeBytes { try filed(in: $0) }
    }

    static func filed(in payload: UnsafeRawBufferPointer) throws -> Filed {
        var reader = JSONReader(payload)
        var filed = Filed()
        var query: RecordQuery?
        var read: RecordRead?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "query" {
                query = try reader.read(RecordQuery.self)
            } else if key == "read" {
                read = try reader.read(RecordRead.self)
            } else if key == "results" {
                try reader.beginArray()
                while try reader.nextElement() {
                    let number = try reader.require(try reader.readSingleMember("number") { try $0.read(RecordNumber.self) }, "number")
                    if !filed.returned.contains(number) { filed.returned.append(number) }
                }
            } else {
                try reader.skipValue()
            }
        }
        try reader.expectEnd()
        let foundQuery = try reader.require(query, "query")
        // Access events from before reads named their kind: searches, unless by number.
        let isSearch = read.map { $0 == .search } ?? (foundQuery.kind != .recordNumber)
        if isSearch { filed.criteria = SearchCriteria.criteria(of: foundQuery) }
        return filed
    }
}

extension ReturnedRecord: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var number: RecordNumber?, version: UInt32?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "number" { number = try reader.read(RecordNumber.self) }
            else if key == "version" { version = try reader.readUInt32() }
            else { try reader.skipValue() }
        }
        self.init(number: try reader.require(number, "number"), version: try reader.require(version, "version"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("number")
        writer.value(number)
        writer.key("version")
        writer.uint64(UInt64(version))
        writer.endObject()
    }
}

extension QueryContext: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var purpose: PurposeCode?, caseNumber: String?, includeInactive: Bool?, limit: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readOptionalString() }
            else if key == "includeInactive" { includeInactive = try reader.readBool() }
            else if key == "limit" { limit = try reader.readInt() }
            else if key == "purpose" { purpose = try reader.readEnumeration(PurposeCode.self) }
            else { try reader.skipValue() }
        }
        self.init(purpose: try reader.require(purpose, "purpose"), caseNumber: caseNumber,
                  includeInactive: try reader.require(includeInactive, "includeInactive"), limit: try reader.require(limit, "limit"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("caseNumber", caseNumber)
        writer.key("includeInactive")
        writer.bool(includeInactive)
        writer.key("limit")
        writer.int(limit)
        writer.key("purpose")
        writer.string(purpose.rawValue)
        writer.endObject()
    }
}

extension RecordQuery: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var by: Kind?, last: String?, first: String?, dateOfBirth: CalendarDate?, sex: String?, tolerance: Int?
        var value: String?, state: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "by" { by = try reader.readEnumeration(Kind.self) }
            else if key == "dateOfBirth" { dateOfBirth = try reader.read(CalendarDate.self) }
            else if key == "first" { first = try reader.readOptionalString() }
            else if key == "last" { last = try reader.readString() }
            else if key == "sex" { sex = try reader.readOptionalString() }
            else if key == "state" { state = try reader.readString() }
            else if key == "toleranceDays" { tolerance = try reader.readOptionalInt() }
            else if key == "value" { value = try reader.readString() }
            else { try reader.skipValue() }
        }
        func required() throws -> String { try reader.require(value, "value") }
        switch try reader.require(by, "by") {
        case .name:
            self = .name(last: try reader.require(last, "last"), first: first, dateOfBirth: try reader.require(dateOfBirth, "dateOfBirth"),
                         sex: sex, toleranceDays: tolerance ?? RecordQuery.defaultToleranceDays)
        case .stateID: self = .stateID(try required())
        case .fbiNumber: self = .fbiNumber(try required())
        case .plate: self = .plate(try required(), state: try reader.require(state, "state"))
        case .vin: self = .vin(try required())
        case .licence: self = .licence(try required(), state: try reader.require(state, "state"))
        case .gunSerial: self = .gunSerial(try required())
        case .articleSerial: self = .articleSerial(try required())
        case .fileControlNumber: self = .fileControlNumber(try required())
        case .caseNumber: self = .caseNumber(try required())
        case .user: self = .user(try required())
        case .agency: self = .agency(try required())
        case .recordNumber:
            let text = try required()
            guard let number = RecordNumber(text) else { throw JSONReadError(offset: reader.offset, reason: "\(text) is not a record number") }
            self = .recordNumber(number)
        }
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("by")
        writer.string(kind.rawValue)
        switch self {
        case .name(let last, let first, let dateOfBirth, let sex, let tolerance):
            writer.key("dateOfBirth")
            writer.value(dateOfBirth)
            writer.member("first", first)
            writer.key("last")
            writer.string(last)
            writer.member("sex", sex)
            writer.key("toleranceDays")
            writer.int(tolerance)
        case .plate(let value, let state), .licence(let value, let state):
            writer.key("state")
            writer.string(state)
            writer.key("value")
            writer.string(value)
        case .stateID(let value), .fbiNumber(let value), .vin(let value), .gunSerial(let value), .articleSerial(let value),
             .fileControlNumber(let value), .caseNumber(let value), .user(let value), .agency(let value):
            writer.key("value")
            writer.string(value)
        case .recordNumber(let number):
            writer.key("value")
            writer.value(number)
        }
        writer.endObject()
    }
}
