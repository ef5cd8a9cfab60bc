import Ledger

/// A stolen vehicle.
public struct StolenVehicleFacts: Hashable, Sendable, Codable {
    public var vin: String
    public var plate: String?
    public var plateState: String?
    public var year: Int
    public var make: String
    public var model: String
    /// NCIC colour code (BLK, WHI, RED, …).
    public var color: String
    public var dateOfTheft: CalendarDate
    public var caseNumber: String

    public init(vin: String, plate: String? = nil, plateState: String? = nil, year: Int, make: String, model: String,
                color: String, dateOfTheft: CalendarDate, caseNumber: String) {
        self.vin = vin
        self.plate = plate
        self.plateState = plateState
        self.year = year
        self.make = make
        self.model = model
        self.color = color
        self.dateOfTheft = dateOfTheft
        self.caseNumber = caseNumber
    }
}

/// A stolen licence plate.
public struct StolenPlateFacts: Hashable, Sendable, Codable {
    public var plate: String
    public var plateState: String
    /// NCIC plate type (PC passenger, TK truck, MC motorcycle, TL trailer, CM commercial, …).
    public var plateType: String
    public var plateYear: Int?
    public var dateOfTheft: CalendarDate
    public var caseNumber: String

    public init(plate: String, plateState: String, plateType: String, plateYear: Int? = nil, dateOfTheft: CalendarDate, caseNumber: String) {
        self.plate = plate
        self.plateState = plateState
        self.plateType = plateType
        self.plateYear = plateYear
        self.dateOfTheft = dateOfTheft
        self.caseNumber = caseNumber
    }
}

/// A stolen gun.
public struct StolenGunFacts: Hashable, Sendable, Codable {
    public var serialNumber: String
    public var make: String
    public var caliber: String
    public var model: String?
    /// Pistol, revolver, rifle, shotgun, …
    public var gunType: String
    public var dateOfTheft: CalendarDate
    public var caseNumber: String

    public init(serialNumber: String, make: String, caliber: String, model: String? = nil, gunType: String,
                dateOfTheft: CalendarDate, caseNumber: String) {
        self.serialNumber = serialNumber
        self.make = make
        self.caliber = caliber
        self.model = model
        self.gunType = gunType
        self.dateOfTheft = dateOfTheft
        self.caseNumber = caseNumber
    }
}

/// A stolen article (anything serialised that is not a gun or a vehicle).
public struct StolenArticleFacts: Hashable, Sendable, Codable {
    public var serialNumber: String
    /// What it is: laptop, bicycle, camera, …
    public var articleType: String
    public var brand: String?
    public var description: String?
    public var dateOfTheft: CalendarDate
    public var caseNumber: String

    public init(serialNumber: String, articleType: String, brand: String? = nil, description: String? = nil,
                dateOfTheft: CalendarDate, caseNumber: String) {
        self.serialNumber = serialNumber
        self.articleType = articleType
        self.brand = brand
        self.description = description
        self.dateOfTheft = dateOfTheft
        self.caseNumber = caseNumber
    }
}
