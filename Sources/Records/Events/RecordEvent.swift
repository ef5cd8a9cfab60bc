import Ledger

/// Everything that can happen to a record, as the facts the ledger stores. Each case is one
/// event type (its `type` in the ledger); the payload is the case's JSON.
public indirect enum RecordEvent: Hashable, Sendable {
    case entered(RecordFacts)
    case modified(RecordFacts)
    case cancelled(reason: String)
    case cleared(ClearDetails)
    case located(LocateDetails)
    case disseminated(DisseminationDetails)
    case entryChecked
    case validated(remarks: String?)
    case orderServed(ServiceDetails)
    case orderRenewed(expiresOn: CalendarDate?)
    case orderTerminated(TerminationDetails)
    case historyEntryAdded(id: String, entry: CriminalHistoryEntry)
    /// A wrong rap-sheet entry corrected by the agency that added it; the state keeps the
    /// entry as it was (and the log the event that added it).
    case historyEntryCorrected(id: String, entry: CriminalHistoryEntry, reason: String)
    case registrantMoved(OffenderRegistrationFacts.Address)
    case annualUpdateRecorded(on: CalendarDate)
    /// Another agency asks the owner to confirm a hit.
    case hitConfirmationRequested(HitConfirmationRequest)
    /// A second request, after the first went unanswered past its deadline.
    case hitConfirmationRequestedAgain(request: UInt64)
    /// The request sent on to the state's control terminal, the second unanswered too.
    case hitConfirmationEscalated(request: UInt64)
    case hitConfirmationAnswered(HitConfirmationAnswer)

    /// The event's type in the ledger: a past-tense fact.
    public var type: String {
        switch self {
        case .entered: return "RecordEntered"
        case .modified: return "RecordModified"
        case .cancelled: return "RecordCancelled"
        case .cleared: return "RecordCleared"
        case .located: return "RecordLocated"
        case .disseminated: return "RecordDisseminated"
        case .entryChecked: return "EntryChecked"
        case .validated: return "RecordValidated"
        case .orderServed: return "OrderServed"
        case .orderRenewed: return "OrderRenewed"
        case .orderTerminated: return "OrderTerminated"
        case .historyEntryAdded(_, let entry): return entry.kind.eventType
        case .historyEntryCorrected: return "HistoryEntryCorrected"
        case .registrantMoved: return "RegistrantMoved"
        case .annualUpdateRecorded: return "AnnualUpdateRecorded"
        case .hitConfirmationRequested: return "HitConfirmationRequested"
        case .hitConfirmationRequestedAgain: return "HitConfirmationRequestedAgain"
        case .hitConfirmationEscalated: return "HitConfirmationEscalated"
        case .hitConfirmationAnswered: return "HitConfirmationAnswered"
        }
    }

    /// The payload bytes: canonical JSON (sorted keys), so the same event always has the same bytes.
    public func payload() -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        switch self {
        case .entered(let facts), .modified(let facts): writer.value(facts)
        case .cancelled(let reason): writer.singleMember("reason") { $0.string(reason) }
        case .cleared(let details): writer.value(details)
        case .located(let details): writer.value(details)
        case .disseminated(let details): writer.value(details)
        case .entryChecked: writer.singleMember(nil) { _ in }
        case .validated(let remarks): writer.singleMember(remarks == nil ? nil : "remarks") { $0.string(remarks ?? "") }
        case .orderServed(let details): writer.value(details)
        case .orderRenewed(let expiresOn): writer.singleMember(expiresOn == nil ? nil : "expiresOn") { $0.value(expiresOn!) }
        case .orderTerminated(let details): writer.value(details)
        case .historyEntryAdded(let id, let entry):
            writer.beginObject()
            writer.key("entry")
            writer.value(entry)
            writer.key("id")
            writer.string(id)
            writer.endObject()
        case .historyEntryCorrected(let id, let entry, let reason): Self.writeCorrection(id: id, entry: entry, reason: reason, to: &writer)
        case .registrantMoved(let address): writer.value(address)
        case .annualUpdateRecorded(let date): writer.singleMember("on") { $0.value(date) }
        case .hitConfirmationRequested(let details): writer.value(details)
        case .hitConfirmationRequestedAgain(let request), .hitConfirmationEscalated(let request):
            writer.singleMember("request") { $0.uint64(request) }
        case .hitConfirmationAnswered(let details): writer.value(details)
        }
        return writer.bytes
    }

    static let modifiedType = "RecordModified"

    /// The arrest a rap-sheet event is about: an arrest's own id, or the arrest the entry names
    /// (for an entry added or corrected); nil for every other event. What destruction, sealing
    /// and discovery judge an event by.
    var arrestConcerned: String? {
        switch self {
        case .historyEntryAdded(let id, let entry), .historyEntryCorrected(let id, let entry, _):
            return entry.kind == .arrest ? id : entry.arrestID
        default:
            return nil
        }
    }

    /// `{"entry", "id", "reason"}`: a correction's payload, and the body its command's request
    /// digest covers.
    static func writeCorrection(id: String, entry: CriminalHistoryEntry, reason: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("entry")
        writer.value(entry)
        writer.key("id")
        writer.string(id)
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
    }

    /// Events whose only effect is on the facts, which a later modification replaces whole.
    static func changesFactsOnly(type: String) -> Bool {
        guard let shape = PayloadShape.byType[type] else { return false }
        switch shape {
        case .modified, .orderRenewed, .registrantMoved, .annualUpdate: return true
        default: return false
        }
    }

    /// Decodes an event of a record stream; nil for types that are not record events.
    public init?(type: String, payload: [UInt8]) throws {
        guard let shape = PayloadShape.byType[type] else { return nil }
        self = try payload.withUnsafeBytes { try RecordEvent.read(shape, payload: $0) }
    }

    /// Decodes an event of record `number` from its stored bytes (the replay's path); nil for
    /// types that are not record events. The number's kind lets an entry's or modification's
    /// facts be read in one pass; the event is the one `init(type:payload:)` decodes.
    static func decode(type: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, of number: RecordNumber) throws -> RecordEvent? {
        guard let shape = PayloadShape.byTypeBytes[ByteString(type)] else { return nil }
        switch shape {
        case .entered, .modified:
            var reader = JSONReader(payload)
            let facts = try RecordFacts.read(&reader, expecting: number.kind)
            try reader.expectEnd()
            return shape == .entered ? .entered(facts) : .modified(facts)
        default:
            return try read(shape, payload: payload)
        }
    }

    /// How each event type's payload is laid out.
    private enum PayloadShape {
        case entered, modified, cancelled, cleared, located, entryChecked, validated, orderServed, orderRenewed
        case orderTerminated, historyEntry, registrantMoved, annualUpdate, disseminated
        case hitRequested, hitRequestedAgain, hitEscalated, hitAnswered, historyCorrection

        static let byType: [String: PayloadShape] = {
            var shapes: [String: PayloadShape] = [
                "RecordEntered": .entered, "RecordModified": .modified, "RecordCancelled": .cancelled, "RecordCleared": .cleared,
                "RecordLocated": .located, "EntryChecked": .entryChecked, "RecordValidated": .validated, "OrderServed": .orderServed,
                "OrderRenewed": .orderRenewed, "OrderTerminated": .orderTerminated, "RegistrantMoved": .registrantMoved,
                "AnnualUpdateRecorded": .annualUpdate, "RecordDisseminated": .disseminated,
                "HitConfirmationRequested": .hitRequested, "HitConfirmationRequestedAgain": .hitRequestedAgain,
                "HitConfirmationEscalated": .hitEscalated, "HitConfirmationAnswered": .hitAnswered,
                "HistoryEntryCorrected": .historyCorrection,
            ]
            for kind in CriminalHistoryEntry.Kind.allCases { shapes[kind.eventType] = .historyEntry }
            return shapes
        }()

        static let byTypeBytes: [ByteString: PayloadShape] = Dictionary(uniqueKeysWithValues: byType.map { (ByteString(Array($0.key.utf8)), $0.value) })
    }

    private static func read(_ shape: PayloadShape, payload: UnsafeRawBufferPointer) throws -> RecordEvent {
        var reader = JSONReader(payload)
        let event = try read(shape, &reader)
        try reader.expectEnd()
        return event
    }

    private static func read(_ shape: PayloadShape, _ reader: inout JSONReader) throws -> RecordEvent {
        switch shape {
        case .entered: return .entered(try reader.read(RecordFacts.self))
        case .modified: return .modified(try reader.read(RecordFacts.self))
        case .cancelled: return .cancelled(reason: try reader.require(try reader.readSingleMember("reason") { try $0.readString() }, "reason"))
        case .cleared: return .cleared(try reader.read(ClearDetails.self))
        case .located: return .located(try reader.read(LocateDetails.self))
        case .disseminated: return .disseminated(try reader.read(DisseminationDetails.self))
        case .entryChecked:
            try reader.beginObject()
            while try reader.nextKey() != nil { try reader.skipValue() }
            return .entryChecked
        case .validated: return .validated(remarks: try reader.readSingleMember("remarks") { try $0.readOptionalString() } ?? nil)
        case .orderServed: return .orderServed(try reader.read(ServiceDetails.self))
        case .orderRenewed:
            return .orderRenewed(expiresOn: try reader.readSingleMember("expiresOn") { try $0.readOptional(CalendarDate.self) } ?? nil)
        case .orderTerminated: return .orderTerminated(try reader.read(TerminationDetails.self))
        case .registrantMoved: return .registrantMoved(try reader.read(OffenderRegistrationFacts.Address.self))
        case .annualUpdate: return .annualUpdateRecorded(on: try reader.require(try reader.readSingleMember("on") { try $0.read(CalendarDate.self) }, "on"))
        case .hitRequested: return .hitConfirmationRequested(try reader.read(HitConfirmationRequest.self))
        case .hitRequestedAgain:
            return .hitConfirmationRequestedAgain(request: try reader.require(try reader.readSingleMember("request") { try $0.readUInt64() }, "request"))
        case .hitEscalated:
            return .hitConfirmationEscalated(request: try reader.require(try reader.readSingleMember("request") { try $0.readUInt64() }, "request"))
        case .hitAnswered: return .hitConfirmationAnswered(try reader.read(HitConfirmationAnswer.self))
        case .historyCorrection:
            var id: String?, entry: CriminalHistoryEntry?, reason: String?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key == "entry" { entry = try reader.read(CriminalHistoryEntry.self) }
                else if key == "id" { id = try reader.readString() }
                else if key == "reason" { reason = try reader.readString() }
                else { try reader.skipValue() }
            }
            return .historyEntryCorrected(id: try reader.require(id, "id"), entry: try reader.require(entry, "entry"), reason: try reader.require(reason, "reason"))
        case .historyEntry:
            var id: String?, entry: CriminalHistoryEntry?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key == "entry" { entry = try reader.read(CriminalHistoryEntry.self) }
                else if key == "id" { id = try reader.readString() }
                else { try reader.skipValue() }
            }
            return .historyEntryAdded(id: try reader.require(id, "id"), entry: try reader.require(entry, "entry"))
        }
    }
}

extension JSONWriter {
    /// An object of one member (or of none, when `key` is nil).
    mutating func singleMember(_ key: StaticString?, _ value: (inout JSONWriter) -> Void) {
        beginObject()
        if let key {
            self.key(key)
            value(&self)
        }
        endObject()
    }
}

extension JSONReader {
    /// The value of `key` in an object read whole (nil when absent); other members are skipped.
    mutating func readSingleMember<Value>(_ key: StaticString, _ value: (inout JSONReader) throws -> Value) throws -> Value? {
        var found: Value?
        try beginObject()
        while let name = try nextKey() {
            if name == key { found = try value(&self) } else { try skipValue() }
        }
        return found
    }
}

