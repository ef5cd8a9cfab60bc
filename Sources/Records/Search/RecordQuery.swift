import Ledger

/// One inquiry. Every kind of query answers across every record kind: a name returns wants,
/// orders, registrations, missing-person records and the rap sheet at once.
public enum RecordQuery: Hashable, Sendable, Codable {
    /// Name and date of birth (and sex), matched phonetically on the surname and within a
    /// window of birth dates, ranked.
    case name(last: String, first: String?, dateOfBirth: CalendarDate, sex: String?, toleranceDays: Int)
    case stateID(String)
    case fbiNumber(String)
    case plate(String, state: String)
    /// A full VIN, or its last eight characters.
    case vin(String)
    case licence(String, state: String)
    case gunSerial(String)
    case articleSerial(String)
    case fileControlNumber(String)
    case caseNumber(String)
    case recordNumber(RecordNumber)

    /// The default birth-date window of a name search: a year either side.
    public static let defaultToleranceDays = 365
}

/// Why and how a query is asked; recorded in its access event.
public struct QueryContext: Hashable, Sendable, Codable {
    public var purpose: PurposeCode
    /// The case or incident number the query serves.
    public var caseNumber: String?
    /// Include records no longer in force (cleared, cancelled, expired, retired): for audit and
    /// the courts, not for the street.
    public var includeInactive: Bool
    /// Most hits returned.
    public var limit: Int

    public init(purpose: PurposeCode, caseNumber: String? = nil, includeInactive: Bool = false, limit: Int = 20) {
        self.purpose = purpose
        self.caseNumber = caseNumber
        self.includeInactive = includeInactive
        self.limit = limit
    }

    public static let maximumLimit = 200
}

/// A record a query returned, at the version it returned.
public struct ReturnedRecord: Hashable, Sendable, Codable {
    public let number: RecordNumber
    public let version: UInt32
}

/// The access event's payload: everything needed to say who saw what, and to re-derive the
/// answer from the log at the position it was read.
public struct AccessRecord: Hashable, Sendable, Codable {
    public let query: RecordQuery
    public let context: QueryContext
    /// The log position the answer was computed at.
    public let position: UInt64
    /// The moment statuses were judged at.
    public let asOf: LedgerTime
    public let results: [ReturnedRecord]

    public static let eventType = "RecordsQueried"

    /// The stream of a user's accesses: each user's queries are one history.
    public static func stream(userID: String) -> String { "access/" + userID }
}

/// The rejection event's payload.
struct RejectionRecord: Hashable, Sendable, Codable {
    let command: String
    let target: RecordNumber?
    let rule: RecordRejection.Rule
    let problems: [FieldProblem]
    let existingRecord: RecordNumber?

    static let eventType = "CommandRejected"

    static func stream(agency: String) -> String { "rejections/" + (agency.isEmpty ? "none" : agency) }
}
