import Ledger

/// A business registered as a vehicle's owner (a fleet, a rental company, a dealer).
public struct BusinessOwner: Hashable, Sendable, Codable {
    public var name: String
    /// The business's entity number with the state, when known.
    public var number: String?

    public init(name: String, number: String? = nil) {
        self.name = name
        self.number = number
    }
}

/// A vehicle registration (DMV). Its registered owner is a person (`owner`) or a business
/// (`businessOwner`), exactly one of them.
public struct VehicleRegistrationFacts: Hashable, Sendable, Codable {
    public var plate: String
    public var plateState: String
    public var plateType: String
    public var vin: String
    public var year: Int
    public var make: String
    public var model: String
    public var color: String
    public var owner: PersonIdentity?
    public var businessOwner: BusinessOwner?
    public var ownerAddress: String?
    public var expiresOn: CalendarDate

    public init(plate: String, plateState: String, plateType: String, vin: String, year: Int, make: String, model: String,
                color: String, owner: PersonIdentity?, businessOwner: BusinessOwner? = nil, ownerAddress: String? = nil, expiresOn: CalendarDate) {
        self.plate = plate
        self.plateState = plateState
        self.plateType = plateType
        self.vin = vin
        self.year = year
        self.make = make
        self.model = model
        self.color = color
        self.owner = owner
        self.businessOwner = businessOwner
        self.ownerAddress = ownerAddress
        self.expiresOn = expiresOn
    }
}

/// A driver licence (DMV).
public struct DriverLicenceFacts: Hashable, Sendable, Codable {
    public enum Status: String, CaseIterable, Sendable, Codable {
        case valid, suspended, revoked, expired
    }

    public var holder: PersonIdentity
    public var licenceNumber: String
    public var licenceState: String
    /// Class A, B, C, M, …
    public var licenceClass: String
    public var status: Status
    public var expiresOn: CalendarDate

    public init(holder: PersonIdentity, licenceNumber: String, licenceState: String, licenceClass: String,
                status: Status, expiresOn: CalendarDate) {
        self.holder = holder
        self.licenceNumber = licenceNumber
        self.licenceState = licenceState
        self.licenceClass = licenceClass
        self.status = status
        self.expiresOn = expiresOn
    }
}

/// An offender registration, with every address the registrant has reported.
public struct OffenderRegistrationFacts: Hashable, Sendable, Codable {
    public struct Address: Hashable, Sendable, Codable {
        public var address: String
        public var since: CalendarDate

        public init(address: String, since: CalendarDate) {
            self.address = address
            self.since = since
        }
    }

    public var registrant: PersonIdentity
    /// The registration statute or type, e.g. `PC 290`.
    public var registrationType: String
    /// Oldest first; the last is the current address.
    public var addresses: [Address]
    public var registeredOn: CalendarDate
    public var lastAnnualUpdate: CalendarDate?

    public init(registrant: PersonIdentity, registrationType: String, addresses: [Address], registeredOn: CalendarDate,
                lastAnnualUpdate: CalendarDate? = nil) {
        self.registrant = registrant
        self.registrationType = registrationType
        self.addresses = addresses
        self.registeredOn = registeredOn
        self.lastAnnualUpdate = lastAnnualUpdate
    }
}
