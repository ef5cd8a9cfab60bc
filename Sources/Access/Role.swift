/// What a user may do, by job. A user holds one or more roles in exactly one agency.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    /// Agency terminal with full access: enters and maintains the agency's records, queries.
    case `operator`
    /// Inquiry only: queries, places locates after a confirmed hit.
    case officer
    /// Manages the agency's users and certifications; checks and validates records.
    case supervisor
    /// Replays histories and every access; runs misuse reports; changes nothing.
    case auditor
    /// Enters protective orders, dispositions, sentences and relief; queries for court purposes only.
    case courtClerk
    /// Receives discovery exports (through the export tool); no record access here.
    case discovery
    /// Registers agencies and manages every agency's users.
    case administrator

    public static func < (left: Role, right: Role) -> Bool { left.rawValue < right.rawValue }
}

/// Whether an agency's terminals may change records or only query.
public enum AgencyAccess: String, CaseIterable, Sendable, Codable {
    case full
    case inquiryOnly
}

/// An agency, identified by its ORI.
public struct Agency: Hashable, Sendable, Codable {
    public let ori: String
    public var name: String
    public var access: AgencyAccess

    public init(ori: String, name: String, access: AgencyAccess) {
        self.ori = ori
        self.name = name
        self.access = access
    }
}
