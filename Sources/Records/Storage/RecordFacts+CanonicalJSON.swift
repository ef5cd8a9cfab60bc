import Ledger

extension RecordFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        // `kind` follows `facts` in key order, so the facts are read once the kind is known:
        // the object is read twice, the first time (skimming the facts) only for its kind.
        let start = reader
        var kind: RecordKind?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "kind" { kind = try reader.readEnumeration(RecordKind.self) } else { reader.skimValue() }
        }
        let found = try reader.require(kind, "kind")
        var factsReader = start
        var facts: RecordFacts?
        try factsReader.beginObject()
        while let key = try factsReader.nextKey() {
            if key == "facts" { facts = try Self.readFacts(of: found, &factsReader) } else { try factsReader.skipValue() }
        }
        self = try reader.require(facts, "facts")
    }

    /// The facts of a record whose number tells their kind: read in one pass as that kind, the
    /// `kind` member after them checked against it. Anything else (another kind, a member
    /// missing or malformed) is read again as `init(canonicalJSON:)` reads it, so the result,
    /// or the error, is always that reader's; only the skim for the kind is spared.
    static func read(_ reader: inout JSONReader, expecting expected: RecordKind) throws -> RecordFacts {
        var onePass = reader
        if let facts = try? readOnePass(&onePass, expecting: expected) {
            reader = onePass
            return facts
        }
        return try reader.read(RecordFacts.self)
    }

    private static func readOnePass(_ reader: inout JSONReader, expecting expected: RecordKind) throws -> RecordFacts? {
        var kind: RecordKind?
        var facts: RecordFacts?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "facts" { facts = try readFacts(of: expected, &reader) }
            else if key == "kind" { kind = try reader.readEnumeration(RecordKind.self) }
            else { try reader.skipValue() }
        }
        return kind == expected ? facts : nil
    }

    private static func readFacts(of kind: RecordKind, _ reader: inout JSONReader) throws -> RecordFacts {
        switch kind {
        case .person: return .person(try reader.read(PersonIdentity.self))
        case .criminalHistory: return .criminalHistory(try reader.read(CriminalHistoryFacts.self))
        case .protectiveOrder: return .protectiveOrder(try reader.read(ProtectiveOrderFacts.self))
        case .vehicleRegistration: return .vehicleRegistration(try reader.read(VehicleRegistrationFacts.self))
        case .driverLicence: return .driverLicence(try reader.read(DriverLicenceFacts.self))
        case .offenderRegistration: return .offenderRegistration(try reader.read(OffenderRegistrationFacts.self))
        case .wantedPerson: return .wantedPerson(try reader.read(WantedPersonFacts.self))
        case .missingPerson: return .missingPerson(try reader.read(MissingPersonFacts.self))
        case .stolenVehicle: return .stolenVehicle(try reader.read(StolenVehicleFacts.self))
        case .stolenPlate: return .stolenPlate(try reader.read(StolenPlateFacts.self))
        case .stolenGun: return .stolenGun(try reader.read(StolenGunFacts.self))
        case .stolenArticle: return .stolenArticle(try reader.read(StolenArticleFacts.self))
        }
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("facts")
        switch self {
        case .person(let facts): writer.value(facts)
        case .criminalHistory(let facts): writer.value(facts)
        case .protectiveOrder(let facts): writer.value(facts)
        case .vehicleRegistration(let facts): writer.value(facts)
        case .driverLicence(let facts): writer.value(facts)
        case .offenderRegistration(let facts): writer.value(facts)
        case .wantedPerson(let facts): writer.value(facts)
        case .missingPerson(let facts): writer.value(facts)
        case .stolenVehicle(let facts): writer.value(facts)
        case .stolenPlate(let facts): writer.value(facts)
        case .stolenGun(let facts): writer.value(facts)
        case .stolenArticle(let facts): writer.value(facts)
        }
        writer.key("kind")
        writer.string(kind.rawValue)
        writer.endObject()
    }
}

extension CriminalHistoryFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var person: RecordNumber?, subject: PersonIdentity?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "person" { person = try reader.read(RecordNumber.self) }
            else if key == "subject" { subject = try reader.read(PersonIdentity.self) }
            else { try reader.skipValue() }
        }
        self.init(person: try reader.require(person, "person"), subject: try reader.require(subject, "subject"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("person")
        writer.value(person)
        writer.key("subject")
        writer.value(subject)
        writer.endObject()
    }
}

extension ProtectiveOrderFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var orderType: OrderType?, isTemporary: Bool?, court: String?, caseNumber: String?, fileControlNumber: String?
        var restrained: PersonIdentity?, protected: [ProtectedPerson]?, conditions: [String]?, remarks: String?
        var issuedOn: CalendarDate?, expiresOn: CalendarDate?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "conditions" { conditions = try reader.readStringArray() }
            else if key == "court" { court = try reader.readString() }
            else if key == "expiresOn" { expiresOn = try reader.readOptional(CalendarDate.self) }
            else if key == "fileControlNumber" { fileControlNumber = try reader.readString() }
            else if key == "isTemporary" { isTemporary = try reader.readBool() }
            else if key == "issuedOn" { issuedOn = try reader.read(CalendarDate.self) }
            else if key == "orderType" { orderType = try reader.readEnumeration(OrderType.self) }
            else if key == "protectedPersons" { protected = try reader.readArray(of: ProtectedPerson.self) }
            else if key == "remarks" { remarks = try reader.readOptionalString() }
            else if key == "restrained" { restrained = try reader.read(PersonIdentity.self) }
            else { try reader.skipValue() }
        }
        self.init(
            orderType: try reader.require(orderType, "orderType"), isTemporary: try reader.require(isTemporary, "isTemporary"),
            court: try reader.require(court, "court"), caseNumber: try reader.require(caseNumber, "caseNumber"),
            fileControlNumber: try reader.require(fileControlNumber, "fileControlNumber"),
            restrained: try reader.require(restrained, "restrained"), protectedPersons: try reader.require(protected, "protectedPersons"),
            conditions: try reader.require(conditions, "conditions"), remarks: remarks,
            issuedOn: try reader.require(issuedOn, "issuedOn"), expiresOn: expiresOn)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("conditions")
        writer.stringArray(conditions)
        writer.key("court")
        writer.string(court)
        writer.member("expiresOn", expiresOn)
        writer.key("fileControlNumber")
        writer.string(fileControlNumber)
        writer.key("isTemporary")
        writer.bool(isTemporary)
        writer.key("issuedOn")
        writer.value(issuedOn)
        writer.key("orderType")
        writer.string(orderType.rawValue)
        writer.key("protectedPersons")
        writer.array(protectedPersons)
        writer.member("remarks", remarks)
        writer.key("restrained")
        writer.value(restrained)
        writer.endObject()
    }
}

extension ProtectiveOrderFacts.ProtectedPerson: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var name: PersonName?, dateOfBirth: CalendarDate?, relationship: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "dateOfBirth" { dateOfBirth = try reader.readOptional(CalendarDate.self) }
            else if key == "name" { name = try reader.read(PersonName.self) }
            else if key == "relationship" { relationship = try reader.readOptionalString() }
            else { try reader.skipValue() }
        }
        self.init(name: try reader.require(name, "name"), dateOfBirth: dateOfBirth, relationship: relationship)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("dateOfBirth", dateOfBirth)
        writer.key("name")
        writer.value(name)
        writer.member("relationship", relationship)
        writer.endObject()
    }
}

extension VehicleRegistrationFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var plate: String?, plateState: String?, plateType: String?, vin: String?, year: Int?, make: String?, model: String?
        var color: String?, owner: PersonIdentity?, ownerAddress: String?, expiresOn: CalendarDate?, business: BusinessOwner?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "businessOwner" { business = try reader.readOptional(BusinessOwner.self) }
            else if key == "color" { color = try reader.readString() }
            else if key == "expiresOn" { expiresOn = try reader.read(CalendarDate.self) }
            else if key == "make" { make = try reader.readString() }
            else if key == "model" { model = try reader.readString() }
            else if key == "owner" { owner = try reader.readOptional(PersonIdentity.self) }
            else if key == "ownerAddress" { ownerAddress = try reader.readOptionalString() }
            else if key == "plate" { plate = try reader.readString() }
            else if key == "plateState" { plateState = try reader.readString() }
            else if key == "plateType" { plateType = try reader.readString() }
            else if key == "vin" { vin = try reader.readString() }
            else if key == "year" { year = try reader.readInt() }
            else { try reader.skipValue() }
        }
        self.init(
            plate: try reader.require(plate, "plate"), plateState: try reader.require(plateState, "plateState"),
            plateType: try reader.require(plateType, "plateType"), vin: try reader.require(vin, "vin"),
            year: try reader.require(year, "year"), make: try reader.require(make, "make"), model: try reader.require(model, "model"),
            color: try reader.require(color, "color"), owner: owner, businessOwner: business, ownerAddress: ownerAddress,
            expiresOn: try reader.require(expiresOn, "expiresOn"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("businessOwner", businessOwner)
        writer.key("color")
        writer.string(color)
        writer.key("expiresOn")
        writer.value(expiresOn)
        writer.key("make")
        writer.string(make)
        writer.key("model")
        writer.string(model)
        writer.member("owner", owner)
        writer.member("ownerAddress", ownerAddress)
        writer.key("plate")
        writer.string(plate)
        writer.key("plateState")
        writer.string(plateState)
        writer.key("plateType")
        writer.string(plateType)
        writer.key("vin")
        writer.string(vin)
        writer.key("year")
        writer.int(year)
        writer.endObject()
    }
}

extension DriverLicenceFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var holder: PersonIdentity?, number: String?, state: String?, licenceClass: String?, status: Status?, expiresOn: CalendarDate?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "expiresOn" { expiresOn = try reader.read(CalendarDate.self) }
            else if key == "holder" { holder = try reader.read(PersonIdentity.self) }
            else if key == "licenceClass" { licenceClass = try reader.readString() }
            else if key == "licenceNumber" { number = try reader.readString() }
            else if key == "licenceState" { state = try reader.readString() }
            else if key == "status" { status = try reader.readEnumeration(Status.self) }
            else { try reader.skipValue() }
        }
        self.init(
            holder: try reader.require(holder, "holder"), licenceNumber: try reader.require(number, "licenceNumber"),
            licenceState: try reader.require(state, "licenceState"), licenceClass: try reader.require(licenceClass, "licenceClass"),
            status: try reader.require(status, "status"), expiresOn: try reader.require(expiresOn, "expiresOn"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("expiresOn")
        writer.value(expiresOn)
        writer.key("holder")
        writer.value(holder)
        writer.key("licenceClass")
        writer.string(licenceClass)
        writer.key("licenceNumber")
        writer.string(licenceNumber)
        writer.key("licenceState")
        writer.string(licenceState)
        writer.key("status")
        writer.string(status.rawValue)
        writer.endObject()
    }
}

extension OffenderRegistrationFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var registrant: PersonIdentity?, registrationType: String?, addresses: [Address]?, registeredOn: CalendarDate?
        var lastAnnualUpdate: CalendarDate?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "addresses" { addresses = try reader.readArray(of: Address.self) }
            else if key == "lastAnnualUpdate" { lastAnnualUpdate = try reader.readOptional(CalendarDate.self) }
            else if key == "registeredOn" { registeredOn = try reader.read(CalendarDate.self) }
            else if key == "registrant" { registrant = try reader.read(PersonIdentity.self) }
            else if key == "registrationType" { registrationType = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(
            registrant: try reader.require(registrant, "registrant"), registrationType: try reader.require(registrationType, "registrationType"),
            addresses: try reader.require(addresses, "addresses"), registeredOn: try reader.require(registeredOn, "registeredOn"),
            lastAnnualUpdate: lastAnnualUpdate)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("addresses")
        writer.array(addresses)
        writer.member("lastAnnualUpdate", lastAnnualUpdate)
        writer.key("registeredOn")
        writer.value(registeredOn)
        writer.key("registrant")
        writer.value(registrant)
        writer.key("registrationType")
        writer.string(registrationType)
        writer.endObject()
    }
}

extension OffenderRegistrationFacts.Address: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var address: String?, since: CalendarDate?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "address" { address = try reader.readString() }
            else if key == "since" { since = try reader.read(CalendarDate.self) }
            else { try reader.skipValue() }
        }
        self.init(address: try reader.require(address, "address"), since: try reader.require(since, "since"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("address")
        writer.string(address)
        writer.key("since")
        writer.value(since)
        writer.endObject()
    }
}

extension WantedPersonFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var subject: PersonIdentity?, warrantDate: CalendarDate?, offense: String?, classification: Classification?
        var extradition: Extradition?, limits: String?, caseNumber: String?, caution: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "caution" { caution = try reader.readOptionalString() }
            else if key == "classification" { classification = try reader.readEnumeration(Classification.self) }
            else if key == "extradition" { extradition = try reader.readEnumeration(Extradition.self) }
            else if key == "extraditionLimits" { limits = try reader.readOptionalString() }
            else if key == "offense" { offense = try reader.readString() }
            else if key == "subject" { subject = try reader.read(PersonIdentity.self) }
            else if key == "warrantDate" { warrantDate = try reader.read(CalendarDate.self) }
            else { try reader.skipValue() }
        }
        self.init(
            subject: try reader.require(subject, "subject"), warrantDate: try reader.require(warrantDate, "warrantDate"),
            offense: try reader.require(offense, "offense"), classification: try reader.require(classification, "classification"),
            extradition: try reader.require(extradition, "extradition"), extraditionLimits: limits,
            caseNumber: try reader.require(caseNumber, "caseNumber"), caution: caution)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.member("caution", caution)
        writer.key("classification")
        writer.string(classification.rawValue)
        writer.key("extradition")
        writer.string(extradition.rawValue)
        writer.member("extraditionLimits", extraditionLimits)
        writer.key("offense")
        writer.string(offense)
        writer.key("subject")
        writer.value(subject)
        writer.key("warrantDate")
        writer.value(warrantDate)
        writer.endObject()
    }
}

extension MissingPersonFacts: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var subject: PersonIdentity?, category: Category?, lastContact: CalendarDate?, circumstances: String?, caseNumber: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "category" { category = try reader.readEnumeration(Category.self) }
            else if key == "circumstances" { circumstances = try reader.readString() }
            else if key == "dateOfLastContact" { lastContact = try reader.read(CalendarDate.self) }
            else if key == "subject" { subject = try reader.read(PersonIdentity.self) }
            else { try reader.skipValue() }
        }
        self.init(
            subject: try reader.require(subject, "subject"), category: try reader.require(category, "category"),
            dateOfLastContact: try reader.require(lastContact, "dateOfLastContact"),
            circumstances: try reader.require(circumstances, "circumstances"), caseNumber: try reader.require(caseNumber, "caseNumber"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("category")
        writer.string(category.rawValue)
        writer.key("circumstances")
        writer.string(circumstances)
        writer.key("dateOfLastContact")
        writer.value(dateOfLastContact)
        writer.key("subject")
        writer.value(subject)
        writer.endObject()
    }
}

extension BusinessOwner: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var name: String?, number: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "name" { name = try reader.readString() }
            else if key == "number" { number = try reader.readOptionalString() }
            else { try reader.skipValue() }
        }
        self.init(name: try reader.require(name, "name"), number: number)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("name")
        writer.string(name)
        writer.member("number", number)
        writer.endObject()
    }
}
