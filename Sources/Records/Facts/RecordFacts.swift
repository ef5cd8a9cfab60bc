import Ledger

/// The facts of one record, by kind. Indirect: a record's state is copied and moved often, and
/// the largest kind's facts inline would make every copy hundreds of bytes.
public indirect enum RecordFacts: Hashable, Sendable {
    case person(PersonIdentity)
    case criminalHistory(CriminalHistoryFacts)
    case protectiveOrder(ProtectiveOrderFacts)
    case vehicleRegistration(VehicleRegistrationFacts)
    case driverLicence(DriverLicenceFacts)
    case offenderRegistration(OffenderRegistrationFacts)
    case wantedPerson(WantedPersonFacts)
    case missingPerson(MissingPersonFacts)
    case stolenVehicle(StolenVehicleFacts)
    case stolenPlate(StolenPlateFacts)
    case stolenGun(StolenGunFacts)
    case stolenArticle(StolenArticleFacts)

    public var kind: RecordKind {
        switch self {
        case .person: return .person
        case .criminalHistory: return .criminalHistory
        case .protectiveOrder: return .protectiveOrder
        case .vehicleRegistration: return .vehicleRegistration
        case .driverLicence: return .driverLicence
        case .offenderRegistration: return .offenderRegistration
        case .wantedPerson: return .wantedPerson
        case .missingPerson: return .missingPerson
        case .stolenVehicle: return .stolenVehicle
        case .stolenPlate: return .stolenPlate
        case .stolenGun: return .stolenGun
        case .stolenArticle: return .stolenArticle
        }
    }

    /// The person the record is about, when it is about one.
    public var subject: PersonIdentity? {
        switch self {
        case .person(let identity): return identity
        case .criminalHistory(let facts): return facts.subject
        case .protectiveOrder(let facts): return facts.restrained
        case .vehicleRegistration(let facts): return facts.owner
        case .driverLicence(let facts): return facts.holder
        case .offenderRegistration(let facts): return facts.registrant
        case .wantedPerson(let facts): return facts.subject
        case .missingPerson(let facts): return facts.subject
        case .stolenVehicle, .stolenPlate, .stolenGun, .stolenArticle: return nil
        }
    }

    /// What a cancel must repeat exactly as entered: the subject's name, or the property's
    /// identifying number.
    public var identifierAsEntered: String {
        switch self {
        case .stolenVehicle(let facts): return facts.vin
        case .stolenPlate(let facts): return facts.plate
        case .stolenGun(let facts): return facts.serialNumber
        case .stolenArticle(let facts): return facts.serialNumber
        default: return subject?.name.text ?? ""
        }
    }
}

extension RecordFacts: Codable {
    private enum CodingKeys: String, CodingKey { case kind, facts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(RecordKind.self, forKey: .kind)
        switch kind {
        case .person: self = .person(try container.decode(PersonIdentity.self, forKey: .facts))
        case .criminalHistory: self = .criminalHistory(try container.decode(CriminalHistoryFacts.self, forKey: .facts))
        case .protectiveOrder: self = .protectiveOrder(try container.decode(ProtectiveOrderFacts.self, forKey: .facts))
        case .vehicleRegistration: self = .vehicleRegistration(try container.decode(VehicleRegistrationFacts.self, forKey: .facts))
        case .driverLicence: self = .driverLicence(try container.decode(DriverLicenceFacts.self, forKey: .facts))
        case .offenderRegistration: self = .offenderRegistration(try container.decode(OffenderRegistrationFacts.self, forKey: .facts))
        case .wantedPerson: self = .wantedPerson(try container.decode(WantedPersonFacts.self, forKey: .facts))
        case .missingPerson: self = .missingPerson(try container.decode(MissingPersonFacts.self, forKey: .facts))
        case .stolenVehicle: self = .stolenVehicle(try container.decode(StolenVehicleFacts.self, forKey: .facts))
        case .stolenPlate: self = .stolenPlate(try container.decode(StolenPlateFacts.self, forKey: .facts))
        case .stolenGun: self = .stolenGun(try container.decode(StolenGunFacts.self, forKey: .facts))
        case .stolenArticle: self = .stolenArticle(try container.decode(StolenArticleFacts.self, forKey: .facts))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .person(let facts): try container.encode(facts, forKey: .facts)
        case .criminalHistory(let facts): try container.encode(facts, forKey: .facts)
        case .protectiveOrder(let facts): try container.encode(facts, forKey: .facts)
        case .vehicleRegistration(let facts): try container.encode(facts, forKey: .facts)
        case .driverLicence(let facts): try container.encode(facts, forKey: .facts)
        case .offenderRegistration(let facts): try container.encode(facts, forKey: .facts)
        case .wantedPerson(let facts): try container.encode(facts, forKey: .facts)
        case .missingPerson(let facts): try container.encode(facts, forKey: .facts)
        case .stolenVehicle(let facts): try container.encode(facts, forKey: .facts)
        case .stolenPlate(let facts): try container.encode(facts, forKey: .facts)
        case .stolenGun(let facts): try container.encode(facts, forKey: .facts)
        case .stolenArticle(let facts): try container.encode(facts, forKey: .facts)
        }
    }
}
