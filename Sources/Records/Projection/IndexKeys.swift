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
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(96)
    }

    mutating func text(_ part: String) {
        bytes.append(contentsOf: part.utf8)
    }

    /// `|` then the part: values of several parts are joined so.
    mutating func then(_ part: String) {
        bytes.append(UInt8(ascii: "|"))
        bytes.append(contentsOf: part.utf8)
    }

    mutating func then(_ date: CalendarDate) {
        bytes.append(UInt8(ascii: "|"))
        date.appendDigits(to: &bytes)
    }

    /// Writes one key's value afresh (`value`) and hands it to `body` with its type.
    mutating func key(_ type: IndexKeyType, to body: (IndexKeyType, [UInt8]) -> Void, _ value: (inout IndexKeyValueWriter) -> Void) {
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
        writer.key(.duplicate, to: body) { writeDuplicateKey(to: &$0) }
        subject?.forEachIndexKey(writer: &writer, body)
        func vehicleKeys(vin: String, plate: String?, state: String?) {
            writer.key(.vin, to: body) { $0.text(vin) }
            if let lastEight = VehicleIdentificationNumber.lastEight(vin) { writer.key(.vinLastEight, to: body) { $0.text(lastEight) } }
            if let plate, let state { writer.key(.plate, to: body) { $0.text(plate); $0.then(state) } }
        }
        switch self {
        case .person, .offenderRegistration: break
        case .criminalHistory(let history): writer.key(.person, to: body) { $0.text(history.person.text) }
        case .protectiveOrder(let order):
            writer.key(.fileControlNumber, to: body) { $0.text(order.fileControlNumber) }
            writer.key(.caseNumber, to: body) { $0.text(order.caseNumber) }
        case .vehicleRegistration(let registration): vehicleKeys(vin: registration.vin, plate: registration.plate, state: registration.plateState)
        case .driverLicence(let licence): writer.key(.licence, to: body) { $0.text(licence.licenceNumber); $0.then(licence.licenceState) }
        case .wantedPerson(let want): writer.key(.caseNumber, to: body) { $0.text(want.caseNumber) }
        case .missingPerson(let missing): writer.key(.caseNumber, to: body) { $0.text(missing.caseNumber) }
        case .stolenVehicle(let vehicle):
            vehicleKeys(vin: vehicle.vin, plate: vehicle.plate, state: vehicle.plateState)
            writer.key(.caseNumber, to: body) { $0.text(vehicle.caseNumber) }
        case .stolenPlate(let plate):
            writer.key(.plate, to: body) { $0.text(plate.plate); $0.then(plate.plateState) }
            writer.key(.caseNumber, to: body) { $0.text(plate.caseNumber) }
        case .stolenGun(let gun):
            writer.key(.gunSerial, to: body) { $0.text(gun.serialNumber) }
            writer.key(.caseNumber, to: body) { $0.text(gun.caseNumber) }
        case .stolenArticle(let article):
            writer.key(.articleSerial, to: body) { $0.text(article.serialNumber) }
            writer.key(.caseNumber, to: body) { $0.text(article.caseNumber) }
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
        writer.text(kind.rawValue)
        switch self {
        case .person(let identity):
            if let stateID = identity.stateID { writer.then("sid:"); writer.text(stateID) }
            else if let fbiNumber = identity.fbiNumber { writer.then("fbi:"); writer.text(fbiNumber) }
            else { writer.then(identity.name.text); writer.then(identity.dateOfBirth); writer.then(identity.sex) }
        case .criminalHistory(let history): writer.then(history.person.text)
        case .protectiveOrder(let order): writer.then(order.fileControlNumber)
        case .vehicleRegistration(let registration): writer.then(registration.plate); writer.then(registration.plateState)
        case .driverLicence(let licence): writer.then(licence.licenceNumber); writer.then(licence.licenceState)
        case .offenderRegistration(let registration):
            writer.then(registration.registrant.name.text); writer.then(registration.registrant.dateOfBirth); writer.then(registration.registrationType)
        case .wantedPerson(let want): writer.then(want.caseNumber); writer.then(want.subject.name.text); writer.then(want.subject.dateOfBirth)
        case .missingPerson(let missing): writer.then(missing.subject.name.text); writer.then(missing.subject.dateOfBirth)
        case .stolenVehicle(let vehicle): writer.then(vehicle.vin)
        case .stolenPlate(let plate): writer.then(plate.plate); writer.then(plate.plateState); writer.then(plate.plateType)
        case .stolenGun(let gun): writer.then(gun.serialNumber); writer.then(gun.make)
        case .stolenArticle(let article): writer.then(article.serialNumber); writer.then(article.articleType)
        }
    }
}

extension PersonIdentity {
    /// The keys a person is found by, wherever they are a record's subject.
    var indexKeys: [IndexKey] {
        IndexKeyValueWriter.collect { forEachIndexKey(writer: &$0, $1) }
    }

    func forEachIndexKey(writer: inout IndexKeyValueWriter, _ body: (IndexKeyType, [UInt8]) -> Void) {
        if let stateID { writer.key(.stateID, to: body) { $0.text(stateID) } }
        if let fbiNumber { writer.key(.fbiNumber, to: body) { $0.text(fbiNumber) } }
        if let number = licenceNumber, let state = licenceState { writer.key(.licence, to: body) { $0.text(number); $0.then(state) } }
    }
}
