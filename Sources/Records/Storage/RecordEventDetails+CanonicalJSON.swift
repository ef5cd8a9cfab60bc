import Ledger

extension CriminalHistoryEntry: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var kind: Kind?, date: CalendarDate?, arrestID: String?, bookingNumber: String?, statute: String?
        var level: OffenseLevel?, offense: String?, courtCase: String?, outcome: Outcome?, terms: String?
        var relief: Relief?, remarks: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "arrestID" { arrestID = try reader.readOptionalString() }
            else if key == "bookingNumber" { bookingNumber = try reader.readOptionalString() }
            else if key == "courtCase" { courtCase = try reader.readOptionalString() }
            else if key == "date" { date = try reader.read(CalendarDate.self) }
            else if key == "kind" { kind = try reader.readEnumeration(Kind.self) }
            else if key == "offenseDescription" { offense = try reader.readOptionalString() }
            else if key == "offenseLevel" { level = try reader.readNull() ? nil : reader.readEnumeration(OffenseLevel.self) }
            else if key == "outcome" { outcome = try reader.readNull() ? nil : reader.readEnumeration(Outcome.self) }
            else if key == "relief" { relief = try reader.readNull() ? nil : reader.readEnumeration(Relief.self) }
            else if key == "remarks" { remarks = try reader.readOptionalString() }
            else if key == "statute" { statute = try reader.readOptionalString() }
            else if key == "terms" { terms = try reader.readOptionalString() }
            else { try reader.skipValue() }
        }
        self.init(
            kind: try reader.require(kind, "kind"), date: try reader.require(date, "date"), arrestID: arrestID,
            bookingNumber: bookingNumber, statute: statute, offenseLevel: level, offenseDescription: offense, courtCase: courtCase,
            outcome: outcome, terms: terms, relief: relief, remarks: remarks)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("arrestID", arrestID)
        writer.member("bookingNumber", bookingNumber)
        writer.member("courtCase", courtCase)
        writer.key("date")
        writer.value(date)
        writer.key("kind")
        writer.string(kind.rawValue)
        writer.member("offenseDescription", offenseDescription)
        writer.member("offenseLevel", offenseLevel?.rawValue)
        writer.member("outcome", outcome?.rawValue)
        writer.member("relief", relief?.rawValue)
        writer.member("remarks", remarks)
        writer.member("statute", statute)
        writer.member("terms", terms)
        writer.endObject()
    }
}

extension ClearDetails: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var clearedOn: CalendarDate?, how: String?, remarks: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "clearedOn" { clearedOn = try reader.read(CalendarDate.self) }
            else if key == "how" { how = try reader.readString() }
            else if key == "remarks" { remarks = try reader.readOptionalString() }
            else { try reader.skipValue() }
        }
        self.init(clearedOn: try reader.require(clearedOn, "clearedOn"), how: try reader.require(how, "how"), remarks: remarks)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("clearedOn")
        writer.value(clearedOn)
        writer.key("how")
        writer.string(how)
        writer.member("remarks", remarks)
        writer.endObject()
    }
}

extension LocateDetails: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var locatedOn: CalendarDate?, caseNumber: String?, recovered: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "locatedOn" { locatedOn = try reader.read(CalendarDate.self) }
            else if key == "recovered" { recovered = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(locatedOn: try reader.require(locatedOn, "locatedOn"), caseNumber: try reader.require(caseNumber, "caseNumber"),
                  recovered: try reader.require(recovered, "recovered"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("locatedOn")
        writer.value(locatedOn)
        writer.key("recovered")
        writer.string(recovered)
        writer.endObject()
    }
}

extension ServiceDetails: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var servedOn: CalendarDate?, method: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "method" { method = try reader.readString() }
            else if key == "servedOn" { servedOn = try reader.read(CalendarDate.self) }
            else { try reader.skipValue() }
        }
        self.init(servedOn: try reader.require(servedOn, "servedOn"), method: try reader.require(method, "method"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("method")
        writer.string(method)
        writer.key("servedOn")
        writer.value(servedOn)
        writer.endObject()
    }
}

extension TerminationDetails: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var terminatedOn: CalendarDate?, reason: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "reason" { reason = try reader.readString() }
            else if key == "terminatedOn" { terminatedOn = try reader.read(CalendarDate.self) }
            else { try reader.skipValue() }
        }
        self.init(terminatedOn: try reader.require(terminatedOn, "terminatedOn"), reason: try reader.require(reason, "reason"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("reason")
        writer.string(reason)
        writer.key("terminatedOn")
        writer.value(terminatedOn)
        writer.endObject()
    }
}

extension DisseminationDetails: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var recipient: String?, purpose: PurposeCode?, authority: String?, disseminatedOn: CalendarDate?, caseNumber: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "authority" { authority = try reader.readString() }
            else if key == "caseNumber" { caseNumber = try reader.readOptionalString() }
            else if key == "disseminatedOn" { disseminatedOn = try reader.read(CalendarDate.self) }
            else if key == "purpose" { purpose = try reader.readEnumeration(PurposeCode.self) }
            else if key == "recipient" { recipient = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(recipient: try reader.require(recipient, "recipient"), purpose: try reader.require(purpose, "purpose"),
                  authority: try reader.require(authority, "authority"), disseminatedOn: try reader.require(disseminatedOn, "disseminatedOn"),
                  caseNumber: caseNumber)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("authority")
        writer.string(authority)
        writer.member("caseNumber", caseNumber)
        writer.key("disseminatedOn")
        writer.value(disseminatedOn)
        writer.key("purpose")
        writer.string(purpose.rawValue)
        writer.key("recipient")
        writer.string(recipient)
        writer.endObject()
    }
}
