import Ledger

/// One inquiry. Every kind of query answers across every record kind: a name returns wants,
/// orders, registrations, missing-person records and the rap sheet at once.
public enum RecordQuery: Hashable, Sendable {
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
    /// Everything one user did (an audit read only: never a search).
    case user(String)
    /// Everything one agency's users did (an audit read only: never a search).
    case agency(String)

    /// Whether only an audit read may name this: a user or an agency, not a record.
    public var isAuditOnly: Bool { kind == .user || kind == .agency }

    /// The default birth-date window of a name search: a year either side.
    public static let defaultToleranceDays = 365
}

/// Encoded as `{"by": "<kind>", ...}`: `name` with `last`, `first`, `dateOfBirth`, `sex`,
/// `toleranceDays`; `plate` and `licence` with `value` and `state`; the rest with `value`.
extension RecordQuery: Codable {
    private enum CodingKeys: String, CodingKey { case by, last, first, dateOfBirth, sex, toleranceDays, value, state }

    public enum Kind: String, CaseIterable, Codable, Sendable {
        case name, stateID, fbiNumber, plate, vin, licence, gunSerial, articleSerial, fileControlNumber, caseNumber, recordNumber
        case user, agency
    }

    public var kind: Kind {
        switch self {
        case .name: return .name
        case .stateID: return .stateID
        case .fbiNumber: return .fbiNumber
        case .plate: return .plate
        case .vin: return .vin
        case .licence: return .licence
        case .gunSerial: return .gunSerial
        case .articleSerial: return .articleSerial
        case .fileControlNumber: return .fileControlNumber
        case .caseNumber: return .caseNumber
        case .recordNumber: return .recordNumber
        case .user: return .user
        case .agency: return .agency
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value() throws -> String { try container.decode(String.self, forKey: .value) }
        switch try container.decode(Kind.self, forKey: .by) {
        case .name:
            self = .name(
                last: try container.decode(String.self, forKey: .last), first: try container.decodeIfPresent(String.self, forKey: .first),
                dateOfBirth: try container.decode(CalendarDate.self, forKey: .dateOfBirth), sex: try container.decodeIfPresent(String.self, forKey: .sex),
                toleranceDays: try container.decodeIfPresent(Int.self, forKey: .toleranceDays) ?? RecordQuery.defaultToleranceDays)
        case .stateID: self = .stateID(try value())
        case .fbiNumber: self = .fbiNumber(try value())
        case .plate: self = .plate(try value(), state: try container.decode(String.self, forKey: .state))
        case .vin: self = .vin(try value())
        case .licence: self = .licence(try value(), state: try container.decode(String.self, forKey: .state))
        case .gunSerial: self = .gunSerial(try value())
        case .articleSerial: self = .articleSerial(try value())
        case .fileControlNumber: self = .fileControlNumber(try value())
        case .caseNumber: self = .caseNumber(try value())
        case .recordNumber: self = .recordNumber(try container.decode(RecordNumber.self, forKey: .value))
        case .user: self = .user(try value())
        case .agency: self = .agency(try value())
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .by)
        switch self {
        case .name(let last, let first, let dateOfBirth, let sex, let tolerance):
            try container.encode(last, forKey: .last)
            try container.encodeIfPresent(first, forKey: .first)
            try container.encode(dateOfBirth, forKey: .dateOfBirth)
            try container.encodeIfPresent(sex, forKey: .sex)
            try container.encode(tolerance, forKey: .toleranceDays)
        case .plate(let value, let state), .licence(let value, let state):
            try container.encode(value, forKey: .value)
            try container.encode(state, forKey: .state)
        case .stateID(let value), .fbiNumber(let value), .vin(let value), .gunSerial(let value), .articleSerial(let value),
             .fileControlNumber(let value), .caseNumber(let value), .user(let value), .agency(let value):
            try container.encode(value, forKey: .value)
        case .recordNumber(let number):
            try container.encode(number, forKey: .value)
        }
    }
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

    public init(number: RecordNumber, version: UInt32) {
        self.number = number
        self.version = version
    }
}
