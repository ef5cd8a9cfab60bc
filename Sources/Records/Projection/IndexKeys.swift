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
        Self.append(type: type, value: value.utf8, for: number, to: &key)
    }

    static func append(type: IndexKeyType, value: some Collection<UInt8>, for number: RecordNumber, to key: inout [UInt8]) {
        key.append(contentsOf: type.rawValue.utf8)
        key.append(0)
        key.append(contentsOf: value)
        key.append(0)
        key.append(contentsOf: number.text.utf8)
    }
}

/// Writes index key values: their parts straight into one reused buffer, joined by `|`, so a
/// replay indexing a million records builds no string or array a key.
struct IndexKeyValueWriter {
    /// Empty until the first key (an unused writer allocates nothing); kept from key to key.
    private(set) var bytes: [UInt8] = []

    mutating func append(_ part: String) {
        bytes.append(contentsOf: part.utf8)
    }

    /// `|` then the part: values of several parts are joined so.
    mutating func appendSeparated(_ part: String) {
        bytes.append(UInt8(ascii: "|"))
        bytes.append(contentsOf: part.utf8)
    }

    mutating func appendSeparated(_ date: CalendarDate) {
        bytes.append(UInt8(ascii: "|"))
        date.appendDigits(to: &bytes)
    }

    /// Writes one key's value afresh (`value`) and hands it, with its type, to `body`.
    mutating func emit(_ type: IndexKeyType, to body: (IndexKeyType, [UInt8]) -> Void, value: (inout IndexKeyValueWriter) -> Void) {
        bytes.removeAll(keepingCapacity: true)
        value(&self)
        body(type, bytes)
    }

    /// The keys `forEach` hands over, as `IndexKey`s.
    static func collect(_ forEach: (inout IndexKeyValueWriter, (IndexKeyType, [UInt8]) -> Void) -> Void) -> [IndexKey] {
        var keys: [IndexKey] = []
        var writer = IndexKeyValueWriter()
        forEach(&writer) { type, value in keys.append(IndexKey(type: type, value: String(decoding: value, as: UTF8.self))) }
        return keys
    }
}

extension RecordFacts {
    /// Every key the record can be found by (a key may appear twice).
    var indexKeys: [IndexKey] {
        IndexKeyValueWriter.collect { forEachIndexKey(writer: &$0, $1) }
    }

    /// Hands each key the record can be found by to `body` (type and value bytes, a key
    /// possibly twice), written in `writer`: the one definition of the keys.
    func forEachIndexKey(writer: inout IndexKeyValueWriter, _ body: (IndexKeyType, [UInt8]) -> Void) {
        writer.emit(.duplicate, to: body) { writeDuplicateKey(to: &$0) }
        subject?.forEachIndexKey(writer: &writer, body)
        func vehicleKeys(vin: String, plate: String?, state: String?) {
            writer.emit(.vin, to: body) { $0.append(vin) }
            if let lastEight = VehicleIdentificationNumber.lastEight(vin) { writer.emit(.vinLastEight, to: body) { $0.append(lastEight) } }
            if let plate, let state { writer.emit(.plate, to: body) { $0.append(plate); $0.appendSeparated(state) } }
        }
        switch self {
        case .person, .offenderRegistration: break
        case .criminalHistory(let history): writer.emit(.person, to: body) { $0.append(history.person.text) }
        case .protectiveOrder(let order):
            writer.emit(.fileControlNumber, to: body) { $0.append(order.fileControlNumber) }
            writer.emit(.caseNumber, to: body) { $0.append(order.caseNumber) }
        case .vehicleRegistration(let registration): vehicleKeys(vin: registration.vin, plate: registration.plate, state: registration.plateState)
        case .driverLicence(let licence): writer.emit(.licence, to: body) { $0.append(licence.licenceNumber); $0.appendSeparated(licence.licenceState) }
        case .wantedPerson(let want): writer.emit(.caseNumber, to: body) { $0.append(want.caseNumber) }
        case .missingPerson(let missing): writer.emit(.caseNumber, to: body) { $0.append(missing.caseNumber) }
        case .stolenVehicle(let vehicle):
            vehicleKeys(vin: vehicle.vin, plate: vehicle.plate, state: vehicle.plateState)
            writer.emit(.caseNumber, to: body) { $0.append(vehicle.caseNumber) }
        case .stolenPlate(let plate):
            writer.emit(.plate, to: body) { $0.append(plate.plate); $0.appendSeparated(plate.plateState) }
            writer.emit(.caseNumber, to: body) { $0.append(plate.caseNumber) }
        case .stolenGun(let gun):
            writer.emit(.gunSerial, to: body) { $0.append(gun.serialNumber) }
            writer.emit(.caseNumber, to: body) { $0.append(gun.caseNumber) }
        case .stolenArticle(let article):
            writer.emit(.articleSerial, to: body) { $0.append(article.serialNumber) }
            writer.emit(.caseNumber, to: body) { $0.append(article.caseNumber) }
        }
    }

    /// What makes two records of this kind the same record: entering a second one while the
    /// first is in force is refused.
    var duplicateKey: String {
        var writer = IndexKeyValueWriter()
        writeDuplicateKey(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `kind|identifiers`.
    private func writeDuplicateKey(to writer: inout IndexKeyValueWriter) {
        writer.append(kind.rawValue)
        switch self {
        case .person(let identity):
            if let stateID = identity.stateID { writer.appendSeparated("sid:"); writer.append(stateID) }
            else if let fbiNumber = identity.fbiNumber { writer.appendSeparated("fbi:"); writer.append(fbiNumber) }
            else { writer.appendSeparated(identity.name.text); writer.appendSeparated(identity.dateOfBirth); writer.appendSeparated(identity.sex) }
        case .criminalHistory(let history): writer.appendSeparated(history.person.text)
        case .protectiveOrder(let order): writer.appendSeparated(order.fileControlNumber)
        case .vehicleRegistration(let registration): writer.appendSeparated(registration.plate); writer.appendSeparated(registration.plateState)
        case .driverLicence(let licence): writer.appendSeparated(licence.licenceNumber); writer.appendSeparated(licence.licenceState)
        case .offenderRegistration(let registration):
            writer.appendSeparated(registration.registrant.name.text); writer.appendSeparated(registration.registrant.dateOfBirth); writer.appendSeparated(registration.registrationType)
        case .wantedPerson(let want): writer.appendSeparated(want.caseNumber); writer.appendSeparated(want.subject.name.text); writer.appendSeparated(want.subject.dateOfBirth)
        case .missingPerson(let missing): writer.appendSeparated(missing.subject.name.text); writer.appendSeparated(missing.subject.dateOfBirth)
        case .stolenVehicle(let vehicle): writer.appendSeparated(vehicle.vin)
        case .stolenPlate(let plate): writer.appendSeparated(plate.plate); writer.appendSeparated(plate.plateState); writer.appendSeparated(plate.plateType)
        case .stolenGun(let gun): writer.appendSeparated(gun.serialNumber); writer.appendSeparated(gun.make)
        case .stolenArticle(let article): writer.appendSeparated(article.serialNumber); writer.appendSeparated(article.articleType)
        }
    }
}

extension PersonIdentity {
    /// The keys a person is found by, wherever they are a record's subject.
    var indexKeys: [IndexKey] {
        IndexKeyValueWriter.collect { forEachIndexKey(writer: &$0, $1) }
    }

    func forEachIndexKey(writer: inout IndexKeyValueWriter, _ body: (IndexKeyType, [UInt8]) -> Void) {
        if let stateID { writer.emit(.stateID, to: body) { $0.append(stateID) } }
        if let fbiNumber { writer.emit(.fbiNumber, to: body) { $0.append(fbiNumber) } }
        if let number = licenceNumber, let state = licenceState { writer.emit(.licence, to: body) { $0.append(number); $0.appendSeparated(state) } }
    }
}
