import Ledger

/// The records projection stores each record's state as its canonical JSON, the same object
/// the API returns for it.
extension RecordState: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var number: RecordNumber?, facts: RecordFacts?, owner: String?, entered: RecordAction?, version: UInt32?
        var lastSequence: UInt64?, lastChangedAt: LedgerTime?, cancelled: Cancellation?, cleared: Clearance?
        var locates: [Locate]?, checked: RecordAction?, lastValidated: RecordAction?, service: OrderService?
        var terminated: OrderTermination?, history: [HistoryItem]?, disseminations: [Dissemination]?
        var hitConfirmations: [HitConfirmation]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "cancelled" { cancelled = try reader.readOptional(Cancellation.self) }
            else if key == "checked" { checked = try reader.readOptional(RecordAction.self) }
            else if key == "cleared" { cleared = try reader.readOptional(Clearance.self) }
            else if key == "disseminations" { disseminations = try reader.readArray(of: Dissemination.self) }
            else if key == "entered" { entered = try reader.read(RecordAction.self) }
            else if key == "facts" { facts = try reader.read(RecordFacts.self) }
            else if key == "history" { history = try reader.readArray(of: HistoryItem.self) }
            else if key == "hitConfirmations" { hitConfirmations = try reader.readArray(of: HitConfirmation.self) }
            else if key == "lastChangedAt" { lastChangedAt = try reader.read(LedgerTime.self) }
            else if key == "lastSequence" { lastSequence = try reader.readUInt64() }
            else if key == "lastValidated" { lastValidated = try reader.readOptional(RecordAction.self) }
            else if key == "locates" { locates = try reader.readArray(of: Locate.self) }
            else if key == "number" { number = try reader.read(RecordNumber.self) }
            else if key == "owner" { owner = try reader.readString() }
            else if key == "service" { service = try reader.readOptional(OrderService.self) }
            else if key == "terminated" { terminated = try reader.readOptional(OrderTermination.self) }
            else if key == "version" { version = try reader.readUInt32() }
            else { try reader.skipValue() }
        }
        self.init(
            number: try reader.require(number, "number"), facts: try reader.require(facts, "facts"),
            entered: try reader.require(entered, "entered"), version: try reader.require(version, "version"))
        guard try reader.require(owner, "owner") == self.owner else {
            throw JSONReadError(offset: reader.offset, reason: "the owner is not the agency that entered the record")
        }
        self.lastSequence = try reader.require(lastSequence, "lastSequence")
        self.lastChangedAt = try reader.require(lastChangedAt, "lastChangedAt")
        self.cancelled = cancelled
        self.cleared = cleared
        self.locates = try reader.require(locates, "locates")
        self.checked = checked
        self.lastValidated = lastValidated
        self.service = service
        self.terminated = terminated
        self.history = try reader.require(history, "history")
        self.disseminations = disseminations
        self.hitConfirmations = hitConfirmations
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("cancelled", cancelled)
        writer.member("checked", checked)
        writer.member("cleared", cleared)
        // Absent until the first: the states of records never passed on keep their bytes.
        if let disseminations {
            writer.key("disseminations")
            writer.array(disseminations)
        }
        writer.key("entered")
        writer.value(entered)
        writer.key("facts")
        writer.value(facts)
        writer.key("history")
        writer.array(history)
        // Absent until the first request, as disseminations are.
        if let hitConfirmations {
            writer.key("hitConfirmations")
            writer.array(hitConfirmations)
        }
        writer.key("lastChangedAt")
        writer.value(lastChangedAt)
        writer.key("lastSequence")
        writer.uint64(lastSequence)
        writer.member("lastValidated", lastValidated)
        writer.key("locates")
        writer.array(locates)
        writer.key("number")
        writer.value(number)
        writer.key("owner")
        writer.string(owner)
        writer.member("service", service)
        writer.member("terminated", terminated)
        writer.key("version")
        writer.uint64(UInt64(version))
        writer.endObject()
    }
}

extension RecordAction: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var userID: String?, agency: String?, at: LedgerTime?, sequence: UInt64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "agency" { agency = try reader.readString() }
            else if key == "at" { at = try reader.read(LedgerTime.self) }
            else if key == "sequence" { sequence = try reader.readUInt64() }
            else if key == "userID" { userID = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(userID: try reader.require(userID, "userID"), agency: try reader.require(agency, "agency"),
                  at: try reader.require(at, "at"), sequence: try reader.require(sequence, "sequence"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("agency")
        writer.string(agency)
        writer.key("at")
        writer.value(at)
        writer.key("sequence")
        writer.uint64(sequence)
        writer.key("userID")
        writer.string(userID)
        writer.endObject()
    }
}

/// The lifecycle facts a record keeps are each `{"by": …, "details": …}`.
enum ActionWithDetails {
    static func read<Details: CanonicalJSON>(_ reader: inout JSONReader, _ type: Details.Type) throws -> (RecordAction, Details) {
        var by: RecordAction?, details: Details?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "by" { by = try reader.read(RecordAction.self) }
            else if key == "details" { details = try reader.read(Details.self) }
            else { try reader.skipValue() }
        }
        return (try reader.require(by, "by"), try reader.require(details, "details"))
    }

    static func write(_ by: RecordAction, _ details: some CanonicalJSON, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("by")
        writer.value(by)
        writer.key("details")
        writer.value(details)
        writer.endObject()
    }
}

extension RecordState.Clearance: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let (by, details) = try ActionWithDetails.read(&reader, ClearDetails.self)
        self.init(details: details, by: by)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) { ActionWithDetails.write(by, details, to: &writer) }
}

extension RecordState.Locate: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let (by, details) = try ActionWithDetails.read(&reader, LocateDetails.self)
        self.init(details: details, by: by)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) { ActionWithDetails.write(by, details, to: &writer) }
}

extension RecordState.Dissemination: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let (by, details) = try ActionWithDetails.read(&reader, DisseminationDetails.self)
        self.init(details: details, by: by)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) { ActionWithDetails.write(by, details, to: &writer) }
}

extension RecordState.OrderService: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let (by, details) = try ActionWithDetails.read(&reader, ServiceDetails.self)
        self.init(details: details, by: by)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) { ActionWithDetails.write(by, details, to: &writer) }
}

extension RecordState.OrderTermination: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let (by, details) = try ActionWithDetails.read(&reader, TerminationDetails.self)
        self.init(details: details, by: by)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) { ActionWithDetails.write(by, details, to: &writer) }
}

extension RecordState.Cancellation: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var by: RecordAction?, reason: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "by" { by = try reader.read(RecordAction.self) }
            else if key == "reason" { reason = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(reason: try reader.require(reason, "reason"), by: try reader.require(by, "by"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("by")
        writer.value(by)
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
    }
}

extension RecordState.HistoryItem: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var by: RecordAction?, entry: CriminalHistoryEntry?, id: String?, corrections: [Correction]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "by" { by = try reader.read(RecordAction.self) }
            else if key == "corrections" { corrections = try reader.readArray(of: Correction.self) }
            else if key == "entry" { entry = try reader.read(CriminalHistoryEntry.self) }
            else if key == "id" { id = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(id: try reader.require(id, "id"), entry: try reader.require(entry, "entry"), by: try reader.require(by, "by"),
                  corrections: corrections)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("by")
        writer.value(by)
        // Absent until the first correction: uncorrected entries keep their bytes.
        if let corrections {
            writer.key("corrections")
            writer.array(corrections)
        }
        writer.key("entry")
        writer.value(entry)
        writer.key("id")
        writer.string(id)
        writer.endObject()
    }
}

extension RecordState.HistoryItem.Correction: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var by: RecordAction?, previous: CriminalHistoryEntry?, reason: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "by" { by = try reader.read(RecordAction.self) }
            else if key == "previous" { previous = try reader.read(CriminalHistoryEntry.self) }
            else if key == "reason" { reason = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(previous: try reader.require(previous, "previous"), reason: try reader.require(reason, "reason"), by: try reader.require(by, "by"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("by")
        writer.value(by)
        writer.key("previous")
        writer.value(previous)
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
    }
}

extension RecordState.HitConfirmation: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var requested: RecordAction?, details: HitConfirmationRequest?, again: [RecordAction]?, escalated: RecordAction?
        var answers: [Answered]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "answers" { answers = try reader.readArray(of: Answered.self) }
            else if key == "details" { details = try reader.read(HitConfirmationRequest.self) }
            else if key == "escalated" { escalated = try reader.readOptional(RecordAction.self) }
            else if key == "requested" { requested = try reader.read(RecordAction.self) }
            else if key == "requestedAgain" { again = try reader.readArray(of: RecordAction.self) }
            else { try reader.skipValue() }
        }
        self.init(requested: try reader.require(requested, "requested"), details: try reader.require(details, "details"))
        self.requestedAgain = try reader.require(again, "requestedAgain")
        self.escalated = escalated
        self.answers = try reader.require(answers, "answers")
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("answers")
        writer.array(answers)
        writer.key("details")
        writer.value(details)
        writer.member("escalated", escalated)
        writer.key("requested")
        writer.value(requested)
        writer.key("requestedAgain")
        writer.array(requestedAgain)
        writer.endObject()
    }
}

extension RecordState.HitConfirmation.Answered: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let (by, details) = try ActionWithDetails.read(&reader, HitConfirmationAnswer.self)
        self.init(details: details, by: by)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) { ActionWithDetails.write(by, details, to: &writer) }
}
