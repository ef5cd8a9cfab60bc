/// The field codes of every file and every action. A record kind's fields are its facts; each
/// action adds the fields of its transaction (the record number, the reason of a cancel, …).
enum FieldCatalog {
    // MARK: Facts

    /// A person's identifiers ("packing the record"), at the facts' root for a person record
    /// and under `subject`, `restrained`, `owner`, `holder` or `registrant` elsewhere.
    static let person: [FieldCode] = [
        FieldCode("NAM", "name", "name, LAST, FIRST MIDDLE"),
        FieldCode("AKA", "aliases", .list, "alias (repeat for more)"),
        FieldCode("DOB", "dateOfBirth", "date of birth, CCYYMMDD"),
        FieldCode("SEX", "sex", "sex: M, F, X or U"),
        FieldCode("RAC", "race", "race: A, B, I, U or W"),
        FieldCode("HGT", "height", "height, feet then inches (510)"),
        FieldCode("WGT", "weight", .integer, "weight in pounds"),
        FieldCode("EYE", "eyes", "eye colour (BRO, BLU, …)"),
        FieldCode("HAI", "hair", "hair colour (BLK, BRO, …)"),
        FieldCode("SMT", "scarsMarksTattoos", .list, "scar, mark or tattoo (repeat for more)"),
        FieldCode("SID", "stateID", "state identification number (CII)"),
        FieldCode("FBI", "fbiNumber", "FBI number"),
        FieldCode("OLN", "licenceNumber", "driver licence number"),
        FieldCode("OLS", "licenceState", "driver licence state"),
        FieldCode("SOC", "socialSecurityNumber", "social security number"),
    ]

    static func person(under prefix: String, without excluded: Set<String> = []) -> [FieldCode] {
        person.filter { !excluded.contains($0.code) }.map { $0.nested(under: prefix) }
    }

    static let theft: [FieldCode] = [
        FieldCode("DOT", "dateOfTheft", "date of theft, CCYYMMDD"),
        FieldCode("OCA", "caseNumber", "the agency's case number"),
    ]

    static let vehicle: [FieldCode] = [
        FieldCode("VIN", "vin", "vehicle identification number"),
        FieldCode("VYR", "year", .integer, "vehicle year"),
        FieldCode("VMA", "make", "vehicle make"),
        FieldCode("VMO", "model", "vehicle model"),
        FieldCode("VCO", "color", "vehicle colour (BLK, WHI, …)"),
    ]

    static let plate: [FieldCode] = [
        FieldCode("LIC", "plate", "licence plate"),
        FieldCode("LIS", "plateState", "plate state"),
    ]

    /// The facts fields of one kind, in the order a reply lists them.
    static func facts(of kind: RecordKind) -> [FieldCode] {
        switch kind {
        case .person: return person
        case .criminalHistory:
            return [FieldCode("PER", "person", "the person record (P…) the history is about")] + person(under: "subject")
        case .protectiveOrder: return protectiveOrder
        case .vehicleRegistration:
            return plate + [FieldCode("LIT", "plateType", "plate type (PC, TK, MC, …)")] + vehicle + person(under: "owner") + [
                FieldCode("BUS", "businessOwner.name", "a business registered as owner (instead of a person)"),
                FieldCode("BUN", "businessOwner.number", "that business's entity number"),
                FieldCode("OAD", "ownerAddress", "registered owner's address"),
                FieldCode("EXP", "expiresOn", "registration expiry, CCYYMMDD"),
            ]
        case .driverLicence:
            return person(under: "holder", without: ["OLN", "OLS"]) + [
                FieldCode("OLN", "licenceNumber", "driver licence number"),
                FieldCode("OLS", "licenceState", "driver licence state"),
                FieldCode("CLA", "licenceClass", "licence class"),
                FieldCode("STS", "status", "status", choices: [("VALID", "valid"), ("SUSPENDED", "suspended"), ("REVOKED", "revoked"), ("EXPIRED", "expired")]),
                FieldCode("EXP", "expiresOn", "licence expiry, CCYYMMDD"),
            ]
        case .offenderRegistration:
            return person(under: "registrant") + [
                FieldCode("RTY", "registrationType", "registration type (PC 290, PC 457.1, …)"),
                FieldCode("ADR", "addresses.address", .member(leads: true), "address (repeat for more; ADS follows its address)"),
                FieldCode("ADS", "addresses.since", .member(leads: false), "date the registrant moved to the address before it"),
                FieldCode("RGD", "registeredOn", "date registered, CCYYMMDD"),
                FieldCode("LAU", "lastAnnualUpdate", "date of the last annual update, CCYYMMDD"),
            ]
        case .wantedPerson: return wanted
        case .missingPerson: return missing
        case .stolenVehicle: return [vehicle[0]] + plate + vehicle.dropFirst() + theft
        case .stolenPlate:
            return plate + [
                FieldCode("LIT", "plateType", "plate type (PC, TK, MC, …)"),
                FieldCode("LIY", "plateYear", .integer, "plate year"),
            ] + theft
        case .stolenGun:
            return [
                FieldCode("SER", "serialNumber", "serial number"),
                FieldCode("MAK", "make", "make"),
                FieldCode("CAL", "caliber", "calibre"),
                FieldCode("MOD", "model", "model"),
                FieldCode("TYP", "gunType", "type (PISTOL, REVOLVER, RIFLE, SHOTGUN, …)"),
            ] + theft
        case .stolenArticle:
            return [
                FieldCode("SER", "serialNumber", "serial number"),
                FieldCode("TYP", "articleType", "what it is (LAPTOP, BICYCLE, …)"),
                FieldCode("BRA", "brand", "brand"),
                FieldCode("DES", "description", "description"),
            ] + theft
        }
    }

    static let wanted: [FieldCode] = person(under: "subject") + [
        FieldCode("DOW", "warrantDate", "date of warrant, CCYYMMDD"),
        FieldCode("OFF", "offense", "statute and offense (PC 459 BURGLARY)"),
        FieldCode("CLS", "classification", "classification", choices: [
            ("FEL", "felony"), ("MIS", "misdemeanor"), ("TFL", "temporaryFelony"), ("JUV", "juvenile"),
        ]),
        FieldCode("EXL", "extradition", "extradition", choices: [("FULL", "full"), ("LIMITED", "limited"), ("INSTATE", "inStateOnly")]),
        FieldCode("EXD", "extraditionLimits", "where a limited extradition reaches"),
        FieldCode("OCA", "caseNumber", "the agency's case number"),
        FieldCode("CAU", "caution", "caution (ARMED, VIOLENT, …)"),
    ]

    /// NCIC's missing-person categories, coded as its message keys' suffixes (EMD, EME, …).
    static let missing: [FieldCode] = person(under: "subject") + [
        FieldCode("MNP", "category", "category", choices: [
            ("EMD", "disability"), ("EME", "endangered"), ("EMI", "involuntary"), ("EMV", "catastropheVictim"),
            ("EMJ", "juvenile"), ("EMO", "other"),
        ]),
        FieldCode("DLC", "dateOfLastContact", "date of last contact, CCYYMMDD"),
        FieldCode("CIR", "circumstances", "circumstances"),
        FieldCode("OCA", "caseNumber", "the agency's case number"),
    ]

    static let protectiveOrder: [FieldCode] = [
        FieldCode("ORT", "orderType", "order type", choices: ProtectiveOrderFacts.OrderType.allCases.map { ($0.rawValue, $0.rawValue) }),
        FieldCode("TMP", "isTemporary", .flag, "temporary order: Y or N"),
        FieldCode("CRT", "court", "issuing court"),
        FieldCode("OCA", "caseNumber", "court case number"),
        FieldCode("FCN", "fileControlNumber", "13-digit file control number"),
    ] + person(under: "restrained") + [
        FieldCode("PPN", "protectedPersons.name", .member(leads: true), "protected person's name (repeat for more)"),
        FieldCode("PPB", "protectedPersons.dateOfBirth", .member(leads: false), "that protected person's date of birth"),
        FieldCode("PPR", "protectedPersons.relationship", .member(leads: false), "that protected person's relationship"),
        FieldCode("CON", "conditions", .list, "condition code 01-09 (repeat for more)"),
        FieldCode("RMK", "remarks", "remarks"),
        FieldCode("ISD", "issuedOn", "date issued, CCYYMMDD"),
        FieldCode("EXP", "expiresOn", "expiry date, CCYYMMDD (leave out for a non-expiring order)"),
    ]

    // MARK: Transactions

    static let recordNumber = FieldCode("NIC", "number", "record number (W0000001234)")
    static let version = FieldCode("VER", "expectedVersion", .integer, "the version read (refused if the record changed since)")

    /// The fields each action takes besides (for enter and modify) the facts.
    static func transaction(_ action: MessageKey.Action, _ kind: RecordKind?) -> [FieldCode] {
        switch action {
        case .enter: return []
        case .modify: return [recordNumber, version]
        case .cancel:
            return [recordNumber, identifierAsEntered(of: kind!), FieldCode("RSN", "reason", "why the record is cancelled")]
        case .clear:
            return [recordNumber, FieldCode("DCL", "clearedOn", "date of clear, CCYYMMDD"),
                    FieldCode("HOW", "how", "how (APPREHENDED, FOUND, RECOVERED, …)"), FieldCode("RMK", "remarks", "remarks")]
        case .locate:
            return [recordNumber, FieldCode("DLO", "locatedOn", "date of locate, CCYYMMDD"),
                    FieldCode("OCA", "caseNumber", "the locating agency's case number"), FieldCode("RCV", "recovered", "what was recovered")]
        case .query: return QueryFields.all
        case .hitConfirmationRequest:
            return [recordNumber, FieldCode("PRI", "priority", "priority: U urgent (10 minutes), R routine (1 hour)", choices: [("U", "urgent"), ("R", "routine")]),
                    FieldCode("OCA", "caseNumber", "the inquiring agency's case number"), FieldCode("RMK", "remarks", "remarks")]
        case .hitConfirmationResponse:
            return [recordNumber, FieldCode("REQ", "request", .integer, "the request's number (its event's sequence)"),
                    FieldCode("ANS", "answer", "answer: Y confirmed, N denied, P pending", choices: [("Y", "confirmed"), ("N", "denied"), ("P", "pending")]),
                    FieldCode("MIN", "withinMinutes", .integer, "with P: the minutes until the final answer"), FieldCode("RMK", "remarks", "remarks")]
        }
    }

    /// The field a cancel repeats exactly as entered: the property's number, else the name.
    static func identifierAsEntered(of kind: RecordKind) -> FieldCode {
        let code: String
        switch kind {
        case .stolenVehicle: code = "VIN"
        case .stolenPlate: code = "LIC"
        case .stolenGun, .stolenArticle: code = "SER"
        default: code = "NAM"
        }
        return FieldCode(code, "identifierAsEntered", "\(code) exactly as entered")
    }

    /// Every field a message with `key` may carry.
    static func fields(of key: MessageKey) -> [FieldCode] {
        switch key.action {
        case .enter, .modify: return transaction(key.action, key.kind) + facts(of: key.kind)
        case .cancel, .clear, .locate, .query, .hitConfirmationRequest, .hitConfirmationResponse: return transaction(key.action, key.file)
        }
    }
}

extension MessageKey {
    /// The field codes a message with this key takes and what each holds, in the catalog's
    /// order: the help `blotter terminal` prints.
    public var fieldHelp: [(code: String, meaning: String)] {
        FieldCatalog.fields(of: self).map { ($0.code, $0.meaning) }
    }
}
