import Ledger

// The records model's canonical JSON (see `CanonicalJSON`): the payloads of record events and
// the records projection's state are written and read through these, byte for byte what the
// types' `Codable` conformances give under `JSONEncoder` with sorted keys.

extension PersonName: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        self.init(try reader.readString())
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.string(text)
    }
}

extension CalendarDate: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let start = reader.offset
        let text = try reader.readString()
        guard let date = CalendarDate(text) else { throw JSONReadError(offset: start, reason: "\(text) is not a CCYYMMDD date") }
        self = date
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.asciiString { appendDigits(to: &$0) }
    }
}

extension RecordNumber: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let start = reader.offset
        let text = try reader.readString()
        guard let number = RecordNumber(text) else { throw JSONReadError(offset: start, reason: "\(text) is not a record number") }
        self = number
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.string(text)
    }
}

extension PersonIdentity: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var name: PersonName?, aliases: [PersonName]?, dateOfBirth: CalendarDate?, sex: String?, race: String?
        var height: String?, weight: Int?, eyes: String?, hair: String?, marks: [String]?
        var stateID: String?, fbiNumber: String?, licenceNumber: String?, licenceState: String?, ssn: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "aliases" { aliases = try reader.readArray(of: PersonName.self) }
            else if key == "dateOfBirth" { dateOfBirth = try reader.read(CalendarDate.self) }
            else if key == "eyes" { eyes = try reader.readOptionalString() }
            else if key == "fbiNumber" { fbiNumber = try reader.readOptionalString() }
            else if key == "hair" { hair = try reader.readOptionalString() }
            else if key == "height" { height = try reader.readOptionalString() }
            else if key == "licenceNumber" { licenceNumber = try reader.readOptionalString() }
            else if key == "licenceState" { licenceState = try reader.readOptionalString() }
            else if key == "name" { name = try reader.read(PersonName.self) }
            else if key == "race" { race = try reader.readString() }
            else if key == "scarsMarksTattoos" { marks = try reader.readStringArray() }
            else if key == "sex" { sex = try reader.readString() }
            else if key == "socialSecurityNumber" { ssn = try reader.readOptionalString() }
            else if key == "stateID" { stateID = try reader.readOptionalString() }
            else if key == "weight" { weight = try reader.readOptionalInt() }
            else { try reader.skipValue() }
        }
        self.init(
            name: try reader.require(name, "name"), aliases: try reader.require(aliases, "aliases"),
            dateOfBirth: try reader.require(dateOfBirth, "dateOfBirth"), sex: try reader.require(sex, "sex"),
            race: try reader.require(race, "race"), height: height, weight: weight, eyes: eyes, hair: hair,
            scarsMarksTattoos: try reader.require(marks, "scarsMarksTattoos"), stateID: stateID, fbiNumber: fbiNumber,
            licenceNumber: licenceNumber, licenceState: licenceState, socialSecurityNumber: ssn)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("aliases")
        writer.array(aliases)
        writer.key("dateOfBirth")
        writer.value(dateOfBirth)
        writer.member("eyes", eyes)
        writer.member("fbiNumber", fbiNumber)
        writer.member("hair", hair)
        writer.member("height", height)
        writer.member("licenceNumber", licenceNumber)
        writer.member("licenceState", licenceState)
        writer.key("name")
        writer.value(name)
        writer.key("race")
        writer.string(race)
        writer.key("scarsMarksTattoos")
        writer.stringArray(scarsMarksTattoos)
        writer.key("sex")
        writer.string(sex)
        writer.member("socialSecurityNumber", socialSecurityNumber)
        writer.member("stateID", stateID)
        writer.member("weight", weight)
        writer.endObject()
    }
}
