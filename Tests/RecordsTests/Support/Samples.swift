import Records

/// Valid facts of every kind, to be varied by each test.
enum Samples {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static func person(_ name: String = "DOE, JOHN ALLEN", born: String = "19800115", sex: String = "M",
                       stateID: String? = "A12345678", fbi: String? = nil) -> PersonIdentity {
        PersonIdentity(
            name: PersonName(name), dateOfBirth: date(born), sex: sex, race: "W", height: "510", weight: 180,
            eyes: "BRO", hair: "BLK", scarsMarksTattoos: ["TAT L ARM"], stateID: stateID, fbiNumber: fbi,
            licenceNumber: "D1234567", licenceState: "CA")
    }

    static func wanted(_ subject: PersonIdentity = person(), case caseNumber: String = "24-000123",
                       classification: WantedPersonFacts.Classification = .felony) -> RecordFacts {
        .wantedPerson(WantedPersonFacts(
            subject: subject, warrantDate: date("20260520"), offense: "PC 459 BURGLARY", classification: classification,
            extradition: .full, caseNumber: caseNumber))
    }

    static func missing(_ subject: PersonIdentity = person("ROE, JANE", born: "20100304", sex: "F", stateID: nil)) -> RecordFacts {
        .missingPerson(MissingPersonFacts(
            subject: subject, category: .juvenile, dateOfLastContact: date("20260530"),
            circumstances: "LEFT SCHOOL AT 1500, DID NOT RETURN HOME", caseNumber: "24-000456"))
    }

    static func order(fcn: String = "1234567890123", expires: String? = "20290101", restrained: PersonIdentity = person()) -> RecordFacts {
        .protectiveOrder(ProtectiveOrderFacts(
            orderType: .domesticViolence, isTemporary: false, court: "SACRAMENTO SUPERIOR COURT", caseNumber: "24FL01234",
            fileControlNumber: fcn, restrained: restrained,
            protectedPersons: [.init(name: PersonName("DOE, MARY"), dateOfBirth: date("19820202"), relationship: "SPOUSE")],
            conditions: ["01", "04", "07"], issuedOn: date("20260515"), expiresOn: expires.map(date)))
    }

    static let validVIN = "1HGCM82633A004352"

    static func stolenVehicle(vin: String = validVIN, plate: String? = "7ABC123") -> RecordFacts {
        .stolenVehicle(StolenVehicleFacts(
            vin: vin, plate: plate, plateState: plate == nil ? nil : "CA", year: 2003, make: "HOND", model: "ACCORD",
            color: "BLU", dateOfTheft: date("20260528"), caseNumber: "24-000789"))
    }

    static func stolenGun(serial: String = "ABC12345") -> RecordFacts {
        .stolenGun(StolenGunFacts(serialNumber: serial, make: "GLOCK", caliber: "9MM", gunType: "PISTOL",
                                  dateOfTheft: date("20260501"), caseNumber: "24-000999"))
    }

    static func stolenArticle(serial: String = "SN998877") -> RecordFacts {
        .stolenArticle(StolenArticleFacts(serialNumber: serial, articleType: "LAPTOP", brand: "DELL",
                                          dateOfTheft: date("20260501"), caseNumber: "24-001000"))
    }

    static func stolenPlate(plate: String = "5XYZ987") -> RecordFacts {
        .stolenPlate(StolenPlateFacts(plate: plate, plateState: "CA", plateType: "PC", dateOfTheft: date("20260501"), caseNumber: "24-001001"))
    }

    static func registration(vin: String = "JH4KA7561PC008269", plate: String = "6DEF456", owner: PersonIdentity = person()) -> RecordFacts {
        .vehicleRegistration(VehicleRegistrationFacts(
            plate: plate, plateState: "CA", plateType: "PC", vin: vin, year: 1993, make: "ACUR", model: "LEGEND",
            color: "BLK", owner: owner, ownerAddress: "100 MAIN ST, SACRAMENTO CA", expiresOn: date("20270301")))
    }

    static func licence(holder: PersonIdentity = person(), number: String = "D1234567") -> RecordFacts {
        .driverLicence(DriverLicenceFacts(holder: holder, licenceNumber: number, licenceState: "CA", licenceClass: "C",
                                          status: .valid, expiresOn: date("20280115")))
    }

    static func offenderRegistration(registrant: PersonIdentity = person()) -> RecordFacts {
        .offenderRegistration(OffenderRegistrationFacts(
            registrant: registrant, registrationType: "PC 290",
            addresses: [.init(address: "12 ELM ST, SACRAMENTO CA", since: date("20240101"))], registeredOn: date("20240101")))
    }
}
