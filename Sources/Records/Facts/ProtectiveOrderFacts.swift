import Ledger

/// A protective (restraining) order as the court issued it.
public struct ProtectiveOrderFacts: Hashable, Sendable, Codable {
    public enum OrderType: String, CaseIterable, Sendable, Codable {
        case emergency = "EPO"
        case domesticViolence = "DV"
        case elderOrDependentAdultAbuse = "EA"
        case civilHarassment = "CH"
        case workplaceViolence = "WV"
        case gunViolence = "GV"
        case criminalProtective = "CP"
    }

    /// A protected person: confidential (CLETS-001), shown only to authorised criminal-justice users.
    public struct ProtectedPerson: Hashable, Sendable, Codable {
        public var name: PersonName
        public var dateOfBirth: CalendarDate?
        public var relationship: String?

        public init(name: PersonName, dateOfBirth: CalendarDate? = nil, relationship: String? = nil) {
            self.name = name
            self.dateOfBirth = dateOfBirth
            self.relationship = relationship
        }
    }

    public var orderType: OrderType
    /// Temporary (before the hearing) or after hearing.
    public var isTemporary: Bool
    public var court: String
    public var caseNumber: String
    /// 13 digits.
    public var fileControlNumber: String
    public var restrained: PersonIdentity
    public var protectedPersons: [ProtectedPerson]
    /// Condition codes 01-09 (01 no abuse or threats … 09 temporary custody).
    public var conditions: [String]
    public var remarks: String?
    public var issuedOn: CalendarDate
    /// Nil for a non-expiring order. The order is in force through the end of this day (UTC).
    public var expiresOn: CalendarDate?

    public init(
        orderType: OrderType, isTemporary: Bool, court: String, caseNumber: String, fileControlNumber: String,
        restrained: PersonIdentity, protectedPersons: [ProtectedPerson], conditions: [String], remarks: String? = nil,
        issuedOn: CalendarDate, expiresOn: CalendarDate?
    ) {
        self.orderType = orderType
        self.isTemporary = isTemporary
        self.court = court
        self.caseNumber = caseNumber
        self.fileControlNumber = fileControlNumber
        self.restrained = restrained
        self.protectedPersons = protectedPersons
        self.conditions = conditions
        self.remarks = remarks
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
    }
}
