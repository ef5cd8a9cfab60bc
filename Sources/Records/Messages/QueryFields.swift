/// The fields of a query message (`QW`, `QV`, …): one search key, the purpose, and the case the
/// query serves. As every Blotter query does, it answers across every file: `QW.…NAM/…DOB/…`
/// returns the person's wants, orders, registrations and rap sheet together, as CLETS's
/// combined responses do; the key's file only decides what `SER/` searches.
enum QueryFields {
    static let all: [FieldCode] = [
        FieldCode("NIC", "value", "record number: read that record"),
        FieldCode("NAM", "last", "name, LAST, FIRST (with DOB/)"),
        FieldCode("DOB", "dateOfBirth", "date of birth, CCYYMMDD (with NAM/)"),
        FieldCode("SEX", "sex", "sex (with NAM/, optional)"),
        FieldCode("SID", "value", "state identification number"),
        FieldCode("FBI", "value", "FBI number"),
        FieldCode("LIC", "value", "licence plate (with LIS/)"),
        FieldCode("LIS", "state", "plate state (with LIC/)"),
        FieldCode("VIN", "value", "VIN, or its last eight characters"),
        FieldCode("OLN", "value", "driver licence number (with OLS/)"),
        FieldCode("OLS", "state", "driver licence state (with OLN/)"),
        FieldCode("SER", "value", "serial number: of a gun in QG, of an article in QA"),
        FieldCode("FCN", "value", "protection order file control number"),
        FieldCode("OCA", "value", "an agency's case number"),
        FieldCode("PUR", "purpose", "purpose code (C, J, …): required"),
        FieldCode("CAS", "caseNumber", "the case or incident the query serves"),
    ]

    /// The codes that each name one kind of search; a query carries exactly one.
    static let searchKeys = ["NIC", "NAM", "SID", "FBI", "LIC", "VIN", "OLN", "SER", "FCN", "OCA"]
    /// Codes that only go with another: DOB and SEX with NAM, LIS with LIC, OLS with OLN.
    static let companions: [String: String] = ["DOB": "NAM", "SEX": "NAM", "LIS": "LIC", "OLS": "OLN"]

    static func request(_ message: Message) throws(MessageRefusal) -> MessageRequest {
        let keyText = message.key.text
        let context = try context(message)
        let given = searchKeys.filter { message.value($0) != nil }
        guard given.count == 1, let searchKey = given.first else {
            throw MessageRefusal(keyText: keyText, field: given.dropFirst().first ?? "MSG", given.isEmpty
                ? "a query names one search key: \(searchKeys.map { $0 + "/" }.joined(separator: ", "))"
                : "a query names one search key; this one names \(given.map { $0 + "/" }.joined(separator: " and "))")
        }
        for (companion, owner) in companions.sorted(by: { $0.key < $1.key }) where message.value(companion) != nil && owner != searchKey {
            throw MessageRefusal(keyText: keyText, field: companion, "goes with \(owner)/, not \(searchKey)/")
        }
        let value = message.value(searchKey)!
        func require(_ code: String) throws(MessageRefusal) -> String {
            guard let text = message.value(code), !text.isEmpty else {
                throw MessageRefusal(keyText: keyText, field: code, "is required with \(searchKey)/")
            }
            return text
        }
        switch searchKey {
        case "NIC":
            guard let number = RecordNumber(value) else {
                throw MessageRefusal(keyText: keyText, field: "NIC", "\(value) is not a record number (a file code and ten digits)")
            }
            var read = context
            read.includeInactive = true
            read.limit = 1
            return .read(number, read)
        case "NAM":
            let dateText = try require("DOB")
            guard let date = CalendarDate(dateText) else { throw MessageRefusal(keyText: keyText, field: "DOB", "\(dateText) is not a CCYYMMDD date") }
            let name = PersonName(value)
            return .search(.name(last: name.last, first: name.givenNames.first, dateOfBirth: date, sex: message.value("SEX"),
                                 toleranceDays: RecordQuery.defaultToleranceDays), context)
        case "SID": return .search(.stateID(value), context)
        case "FBI": return .search(.fbiNumber(value), context)
        case "LIC": return .search(.plate(value, state: try require("LIS")), context)
        case "VIN": return .search(.vin(value), context)
        case "OLN": return .search(.licence(value, state: try require("OLS")), context)
        case "FCN": return .search(.fileControlNumber(value), context)
        case "OCA": return .search(.caseNumber(value), context)
        default:
            switch message.key.file {
            case .stolenGun: return .search(.gunSerial(value), context)
            case .stolenArticle: return .search(.articleSerial(value), context)
            default: throw MessageRefusal(keyText: keyText, field: "SER", "a serial number is searched with QG (guns) or QA (articles)")
            }
        }
    }

    private static func context(_ message: Message) throws(MessageRefusal) -> QueryContext {
        guard let text = message.value("PUR"), !text.isEmpty else {
            throw MessageRefusal(keyText: message.key.text, field: "PUR", "state the purpose code of this query (\(PurposeCode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let purpose = PurposeCode(rawValue: text) else {
            throw MessageRefusal(keyText: message.key.text, field: "PUR", "\(text) is not a purpose code (\(PurposeCode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return QueryContext(purpose: purpose, caseNumber: message.value("CAS").flatMap { $0.isEmpty ? nil : $0 })
    }
}
