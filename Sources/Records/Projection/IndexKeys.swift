import Ledger

/// The exact-match keys a record is found by, and the keys that make two records duplicates.
/// Stored in the records projection's `keys` table as `type 0x00 value 0x00 recordNumber`.
enum IndexKeyType: String, CaseIterable, Sendable {
    case stateID = "sid"
    case fbiNumber = "fbi"
    /// plate|state
    case plate
    case vin
    /// The last eight characters of a VIN (NCIC matches on them too).
    case vinLastEight = "vin8"
    /// number|state
    case licence = "oln"
    case gunSerial = "gun"
    case articleSerial = "art"
    case fileControlNumber = "fcn"
    /// An agency's case number (OCA).
    case caseNumber = "oca"
    /// A criminal history's person record.
    case person
    /// kind|identifiers: two records in force with the same value are duplicates.
    case duplicate = "dup"
    /// The owner of a record with requests to confirm a hit: its incoming requests.
    case hitOwner = "hito"
    /// An agency that asked to confirm a hit on the record: its outgoing requests.
    case hitRequester = "hitr"
    /// The registering agency of an offender registration: its annual updates to watch.
    case offenderRegistrationOwner = "sor"
}

struct IndexKey: Hashable, Sendable {
    let type: IndexKeyType
    let value: String

    /// `type 0x00 value 0x00`: the prefix every record under this key shares.
    var prefix: [UInt8] {
        Array(type.rawValue.utf8) + [0] + Array(value.utf8) + [0]
    }

    func stored(for number: RecordNumber) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(type.rawValue.utf8.count + value.utf8.count + 13)
        append(for: number, to: &key)
        return key
    }

    /// Appends the stored key to `key` (a buffer reused across keys, as a replay does).
    func append(for number: RecordNumber, to key: inout [UInt8]) {
        key.append(contentsOf: type.rawValue.utf8)
        key.append(0)
        key.append(contentsOf: value.utf8)
        key.append(0)
        key.append(contentsOf: number.text.utf8)
    }
}

extension RecordFacts {
    /// Every key the record can be found by (a key may appear twice).
    var indexKeys: [IndexKey] {
        var keys: [IndexKey] = [IndexKey(type: .duplicate, value: duplicateKey)]
        if let subject { keys.append(contentsOf: subject.indexKeys) }
        switch self {
        case .person: break
        case .criminalHistory(let history): keys.append(IndexKey(type: .person, value: history.person.text))
        case .protectiveOrder(let order):
            keys.append(IndexKey(type: .fileControlNumber, value: order.fileControlNumber))
            keys.append(IndexKey(type: .caseNumber, value: order.caseNumber))
        case .vehicleRegistration(let registration):
            keys.append(contentsOf: vehicleKeys(vin: registration.vin, plate: registration.plate, state: registration.plateState))
        case .driverLicence(let licence):
            keys.append(IndexKey(type: .licence, value: licence.licenceNumber + "|" + licence.licenceState))
        case .offenderRegistration: break
        case .wantedPerson(let want): keys.append(IndexKey(type: .caseNumber, value: want.caseNumber))
        case .missingPerson(let missing): keys.append(IndexKey(type: .caseNumber, value: missing.caseNumber))
        case .stolenVehicle(let vehicle):
            keys.append(contentsOf: vehicleKeys(vin: vehicle.vin, plate: vehicle.plate, state: vehicle.plateState))
            keys.append(IndexKey(type: .caseNumber, value: vehicle.caseNumber))
        case .stolenPlate(let plate):
            keys.append(IndexKey(type: .plate, value: plate.plate + "|" + plate.plateState))
            keys.append(IndexKey(type: .caseNumber, value: plate.caseNumber))
        case .stolenGun(let gun):
            keys.append(IndexKey(type: .gunSerial, value: gun.serialNumber))
            keys.append(IndexKey(type: .caseNumber, value: gun.caseNumber))
        case .stolenArticle(let article):
            keys.append(IndexKey(type: .articleSerial, value: article.serialNumber))
            keys.append(IndexKey(type: .caseNumber, value: article.caseNumber))
        }
        return keys
    }

    private func vehicleKeys(vin: String, plate: String?, state: String?) -> [IndexKey] {
        var keys: [IndexKey] = [IndexKey(type: .vin, value: vin)]
        if let lastEight = VehicleIdentificationNumber.lastEight(vin) {
            keys.append(IndexKey(type: .vinLastEight, value: lastEight))
        }
        if let plate, let state { keys.append(IndexKey(type: .plate, value: plate + "|" + state)) }
        return keys
    }

    /// What makes two records of this kind the same record: entering a second one while the
    /// first is in force is refused.
    var duplicateKey: String {
        let identifiers: String
        switch self {
        case .person(let identity):
            identifiers = identity.stateID.map { "sid:" + $0 } ?? identity.fbiNumber.map { "fbi:" + $0 }
                ?? "\(identity.name.text)|\(identity.dateOfBirth)|\(identity.sex)"
        case .criminalHistory(let history): identifiers = history.person.text
        case .protectiveOrder(let order): identifiers = order.fileControlNumber
        case .vehicleRegistration(let registration): identifiers = registration.plate + "|" + registration.plateState
        case .driverLicence(let licence): identifiers = licence.licenceNumber + "|" + licence.licenceState
        case .offenderRegistration(let registration):
            identifiers = "\(registration.registrant.name.text)|\(registration.registrant.dateOfBirth)|\(registration.registrationType)"
        case .wantedPerson(let want): identifiers = "\(want.caseNumber)|\(want.subject.name.text)|\(want.subject.dateOfBirth)"
        case .missingPerson(let missing): identifiers = "\(missing.subject.name.text)|\(missing.subject.dateOfBirth)"
        case .stolenVehicle(let vehicle): identifiers = vehicle.vin
        case .stolenPlate(let plate): identifiers = "\(plate.plate)|\(plate.plateState)|\(plate.plateType)"
        case .stolenGun(let gun): identifiers = "\(gun.serialNumber)|\(gun.make)"
        case .stolenArticle(let article): identifiers = "\(article.serialNumber)|\(article.articleType)"
        }
        return kind.rawValue + "|" + identifiers
    }
}

extension PersonIdentity {
    var indexKeys: [IndexKey] {
        var keys: [IndexKey] = []
        if let stateID { keys.append(IndexKey(type: .stateID, value: stateID)) }
        if let fbiNumber { keys.append(IndexKey(type: .fbiNumber, value: fbiNumber)) }
        if let number = licenceNumber, let state = licenceState {
            keys.append(IndexKey(type: .licence, value: number + "|" + state))
        }
        return keys
    }
}
