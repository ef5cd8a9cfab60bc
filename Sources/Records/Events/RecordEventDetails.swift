import Ledger

/// How the owner closed a record: the person apprehended or found, the property recovered.
public struct ClearDetails: Hashable, Sendable, Codable {
    public var clearedOn: CalendarDate
    /// How: apprehended, found, recovered, returned to owner, …
    public var how: String
    public var remarks: String?

    public init(clearedOn: CalendarDate, how: String, remarks: String? = nil) {
        self.clearedOn = clearedOn
        self.how = how
        self.remarks = remarks
    }
}

/// Another agency found the person or the property, after the owner confirmed the hit.
public struct LocateDetails: Hashable, Sendable, Codable {
    public var locatedOn: CalendarDate
    /// The locating agency's own case number.
    public var caseNumber: String
    /// What was recovered (the person, the vehicle and its condition, …).
    public var recovered: String

    public init(locatedOn: CalendarDate, caseNumber: String, recovered: String) {
        self.locatedOn = locatedOn
        self.caseNumber = caseNumber
        self.recovered = recovered
    }
}

/// Service of a protective order on the restrained person.
public struct ServiceDetails: Hashable, Sendable, Codable {
    public var servedOn: CalendarDate
    /// Personal service, by mail, in court, …
    public var method: String

    public init(servedOn: CalendarDate, method: String) {
        self.servedOn = servedOn
        self.method = method
    }
}

/// A court ended a protective order before its expiry.
public struct TerminationDetails: Hashable, Sendable, Codable {
    public var terminatedOn: CalendarDate
    public var reason: String

    public init(terminatedOn: CalendarDate, reason: String) {
        self.terminatedOn = terminatedOn
        self.reason = reason
    }
}

/// Criminal offender record information passed on by the user who received it (secondary
/// dissemination): to whom, when, why and under which authority. The law asks that it be
/// logged; it is an event on the rap sheet, so it is in the record's history and in every
/// investigation of the person.
public struct DisseminationDetails: Hashable, Sendable, Codable {
    /// Who received it: a person and their agency or organisation.
    public var recipient: String
    /// Why it was passed on.
    public var purpose: PurposeCode
    /// The statute or agreement that allows it.
    public var authority: String
    public var disseminatedOn: CalendarDate
    /// The case or incident it was passed on for.
    public var caseNumber: String?

    public init(recipient: String, purpose: PurposeCode, authority: String, disseminatedOn: CalendarDate, caseNumber: String? = nil) {
        self.recipient = recipient
        self.purpose = purpose
        self.authority = authority
        self.disseminatedOn = disseminatedOn
        self.caseNumber = caseNumber
    }
}
