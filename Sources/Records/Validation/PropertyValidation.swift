import Ledger

extension FieldChecks {
    mutating func plate(_ plate: String?, state: String?, type: String?, prefix: String = "plate") {
        identifier(plate, prefix, maximumLength: 8, allowHyphen: false)
        code(state, prefix + "State", in: CodeLists.plateStateCodes, listName: "plate state")
        if let type { code(type, prefix + "Type", in: CodeLists.plateTypes, listName: "plate type") }
    }

    mutating func vin(_ vin: String, modelYear: Int?) {
        if let problem = VehicleIdentificationNumber.problem(with: vin, modelYear: modelYear) { fail("vin", problem) }
    }

    mutating func stolenVehicle(_ vehicle: StolenVehicleFacts) {
        vin(vehicle.vin, modelYear: vehicle.year)
        if vehicle.plate != nil || vehicle.plateState != nil { plate(vehicle.plate, state: vehicle.plateState, type: nil) }
        vehicleYear(vehicle.year, "year")
        required(vehicle.make, "make", maximumLength: 24)
        required(vehicle.model, "model", maximumLength: 24)
        code(vehicle.color, "color", in: CodeLists.vehicleColors, listName: "vehicle colour")
        notInFuture(vehicle.dateOfTheft, "dateOfTheft")
        identifier(vehicle.caseNumber, "caseNumber", maximumLength: 20)
    }

    mutating func stolenPlate(_ stolen: StolenPlateFacts) {
        plate(stolen.plate, state: stolen.plateState, type: stolen.plateType)
        if let year = stolen.plateYear { vehicleYear(year, "plateYear") }
        notInFuture(stolen.dateOfTheft, "dateOfTheft")
        identifier(stolen.caseNumber, "caseNumber", maximumLength: 20)
    }

    mutating func stolenGun(_ gun: StolenGunFacts) {
        identifier(gun.serialNumber, "serialNumber", maximumLength: 20)
        required(gun.make, "make", maximumLength: 24)
        required(gun.caliber, "caliber", maximumLength: 10)
        code(gun.gunType, "gunType", in: CodeLists.gunTypes, listName: "gun type")
        notInFuture(gun.dateOfTheft, "dateOfTheft")
        identifier(gun.caseNumber, "caseNumber", maximumLength: 20)
    }

    mutating func stolenArticle(_ article: StolenArticleFacts) {
        identifier(article.serialNumber, "serialNumber", maximumLength: 20)
        required(article.articleType, "articleType", maximumLength: 24)
        optional(article.brand, "brand", maximumLength: 24)
        optional(article.description, "description")
        notInFuture(article.dateOfTheft, "dateOfTheft")
        identifier(article.caseNumber, "caseNumber", maximumLength: 20)
    }

    mutating func vehicleRegistration(_ registration: VehicleRegistrationFacts) {
        plate(registration.plate, state: registration.plateState, type: registration.plateType)
        vin(registration.vin, modelYear: registration.year)
        vehicleYear(registration.year, "year")
        required(registration.make, "make", maximumLength: 24)
        required(registration.model, "model", maximumLength: 24)
        code(registration.color, "color", in: CodeLists.vehicleColors, listName: "vehicle colour")
        switch (registration.owner, registration.businessOwner) {
        case (let owner?, nil): person(owner, "owner")
        case (nil, let business?):
            required(business.name, "businessOwner.name", maximumLength: 60)
            optional(business.number, "businessOwner.number", maximumLength: 20)
        case (nil, nil): fail("owner", "a registration names its registered owner: a person (owner) or a business (businessOwner)")
        case (_?, _?): fail("businessOwner", "a registration names one registered owner: a person or a business, not both")
        }
        optional(registration.ownerAddress, "ownerAddress")
    }

    mutating func driverLicence(_ licence: DriverLicenceFacts) {
        person(licence.holder, "holder")
        identifier(licence.licenceNumber, "licenceNumber", maximumLength: 20, allowHyphen: false)
        code(licence.licenceState, "licenceState", in: CodeLists.plateStateCodes, listName: "state")
        code(licence.licenceClass, "licenceClass", in: CodeLists.licenceClasses, listName: "licence class")
    }

    mutating func offenderRegistration(_ registration: OffenderRegistrationFacts) {
        person(registration.registrant, "registrant")
        required(registration.registrationType, "registrationType", maximumLength: 20)
        if registration.addresses.isEmpty { fail("addresses", "a registration needs the registrant's address") }
        count(registration.addresses, "addresses", maximum: FieldLimits.addresses)
        for (index, address) in registration.addresses.enumerated() {
            nested("addresses[\(index)]") { checks in
                checks.required(address.address, "address", maximumLength: 200)
                checks.notInFuture(address.since, "since")
            }
        }
        notInFuture(registration.registeredOn, "registeredOn")
    }
}
