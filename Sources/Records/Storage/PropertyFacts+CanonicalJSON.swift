import Ledger

extension StolenVehicleFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var vin: String?, plate: String?, plateState: String?, year: Int?, make: String?, model: String?, color: String?
        var dateOfTheft: CalendarDate?, caseNumber: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "color" { color = try reader.readString() }
            else if key == "dateOfTheft" { dateOfTheft = try reader.read(CalendarDate.self) }
            else if key == "make" { make = try reader.readString() }
            else if key == "model" { model = try reader.readString() }
            else if key == "plate" { plate = try reader.readOptionalString() }
            else if key == "plateState" { plateState = try reader.readOptionalString() }
            else if key == "vin" { vin = try reader.readString() }
            else if key == "year" { year = try reader.readInt() }
            else { try reader.skipValue() }
        }
        self.init(
            vin: try reader.require(vin, "vin"), plate: plate, plateState: plateState, year: try reader.require(year, "year"),
            make: try reader.require(make, "make"), model: try reader.require(model, "model"), color: try reader.require(color, "color"),
            dateOfTheft: try reader.require(dateOfTheft, "dateOfTheft"), caseNumber: try reader.require(caseNumber, "caseNumber"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("color")
        writer.string(color)
        writer.key("dateOfTheft")
        writer.value(dateOfTheft)
        writer.key("make")
        writer.string(make)
        writer.key("model")
        writer.string(model)
        writer.member("plate", plate)
        writer.member("plateState", plateState)
        writer.key("vin")
        writer.string(vin)
        writer.key("year")
        writer.int(year)
        writer.endObject()
    }
}

extension StolenPlateFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var plate: String?, plateState: String?, plateType: String?, plateYear: Int?, dateOfTheft: CalendarDate?, caseNumber: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "dateOfTheft" { dateOfTheft = try reader.read(CalendarDate.self) }
            else if key == "plate" { plate = try reader.readString() }
            else if key == "plateState" { plateState = try reader.readString() }
            else if key == "plateType" { plateType = try reader.readString() }
            else if key == "plateYear" { plateYear = try reader.readOptionalInt() }
            else { try reader.skipValue() }
        }
        self.init(
            plate: try reader.require(plate, "plate"), plateState: try reader.require(plateState, "plateState"),
            plateType: try reader.require(plateType, "plateType"), plateYear: plateYear,
            dateOfTheft: try reader.require(dateOfTheft, "dateOfTheft"), caseNumber: try reader.require(caseNumber, "caseNumber"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("dateOfTheft")
        writer.value(dateOfTheft)
        writer.key("plate")
        writer.string(plate)
        writer.key("plateState")
        writer.string(plateState)
        writer.key("plateType")
        writer.string(plateType)
        writer.member("plateYear", plateYear)
        writer.endObject()
    }
}

extension StolenGunFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var serial: String?, make: String?, caliber: String?, model: String?, gunType: String?, dateOfTheft: CalendarDate?
        var caseNumber: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caliber" { caliber = try reader.readString() }
            else if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "dateOfTheft" { dateOfTheft = try reader.read(CalendarDate.self) }
            else if key == "gunType" { gunType = try reader.readString() }
            else if key == "make" { make = try reader.readString() }
            else if key == "model" { model = try reader.readOptionalString() }
            else if key == "serialNumber" { serial = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(
            serialNumber: try reader.require(serial, "serialNumber"), make: try reader.require(make, "make"),
            caliber: try reader.require(caliber, "caliber"), model: model, gunType: try reader.require(gunType, "gunType"),
            dateOfTheft: try reader.require(dateOfTheft, "dateOfTheft"), caseNumber: try reader.require(caseNumber, "caseNumber"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caliber")
        writer.string(caliber)
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("dateOfTheft")
        writer.value(dateOfTheft)
        writer.key("gunType")
        writer.string(gunType)
        writer.key("make")
        writer.string(make)
        writer.member("model", model)
        writer.key("serialNumber")
        writer.string(serialNumber)
        writer.endObject()
    }
}

extension StolenArticleFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var serial: String?, articleType: String?, brand: String?, description: String?, dateOfTheft: CalendarDate?, caseNumber: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "articleType" { articleType = try reader.readString() }
            else if key == "brand" { brand = try reader.readOptionalString() }
            else if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "dateOfTheft" { dateOfTheft = try reader.read(CalendarDate.self) }
            else if key == "description" { description = try reader.readOptionalString() }
            else if key == "serialNumber" { serial = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(
            serialNumber: try reader.require(serial, "serialNumber"), articleType: try reader.require(articleType, "articleType"),
            brand: brand, description: description, dateOfTheft: try reader.require(dateOfTheft, "dateOfTheft"),
            caseNumber: try reader.require(caseNumber, "caseNumber"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("articleType")
        writer.string(articleType)
        writer.member("brand", brand)
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("dateOfTheft")
        writer.value(dateOfTheft)
        writer.member("description", description)
        writer.key("serialNumber")
        writer.string(serialNumber)
        writer.endObject()
    }
}
