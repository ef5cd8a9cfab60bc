import Records

/// What a user may do, by job. A user holds one or more roles in exactly one agency.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    /// Agency terminal with full access: enters and maintains the agency's records, queries.
    case `operator`
    /// Inquiry only: queries, places locates after a confirmed hit.
    case officer
    /// Manages the agency's users and certifications; checks and validates records.
    case supervisor
    /// Replays histories and every access; runs misuse reports; changes nothing. Sees its own
    /// agency's records, or every agency's when its agency is a state agency.
    case auditor
    /// Enters protective orders, dispositions, sentences and relief; queries for court purposes only.
    case courtClerk
    /// Receives the discovery bundles a court's order names them for (blotter-discovery, or
    /// `POST /discovery/orders/{id}/exports`); no other record access.
    case discovery
    /// The state administrator: registers agencies and manages every agency's users.
    case administrator

    public static func < (left: Role, right: Role) -> Bool { left.rawValue < right.rawValue }

    /// The roles someone holding `roles` may grant to another user, and so the only users they
    /// may manage are those whose every role is among them: nobody grants a role above their
    /// own. Auditors, discovery recipients and administrators are the state administrator's
    /// to create; a supervisor grants its agency's working roles.
    public static func grantable(by roles: RoleSet) -> RoleSet {
        if roles.contains(.administrator) { return RoleSet(Role.allCases) }
        if roles.contains(.supervisor) { return [.operator, .officer, .courtClerk, .supervisor] }
        return []
    }
}

/// Whether an agency's terminals may change records or only query.
public enum AgencyAccess: String, CaseIterable, Sendable, Codable {
    case full
    case inquiryOnly
}

/// Whether an agency is local or serves the whole state: its auditors audit every agency.
public enum Jurisdiction: String, CaseIterable, Sendable, Codable {
    case local
    case state
}

/// An agency, identified by its ORI.
public struct Agency: Hashable, Sendable, Codable {
    public let ori: String
    public var name: String
    public var access: AgencyAccess
    public var jurisdiction: Jurisdiction

    public init(ori: String, name: String, access: AgencyAccess, jurisdiction: Jurisdiction = .local) {
        self.ori = ori
        self.name = name
        self.access = access
        self.jurisdiction = jurisdiction
    }

    private enum CodingKeys: String, CodingKey { case ori, name, access, jurisdiction }

    /// Agencies registered before jurisdictions were kept are local.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ori = try container.decode(String.self, forKey: .ori)
        name = try container.decode(String.self, forKey: .name)
        access = try container.decode(AgencyAccess.self, forKey: .access)
        jurisdiction = try container.decodeIfPresent(Jurisdiction.self, forKey: .jurisdiction) ?? .local
    }
}

extension Role {
    /// The purposes a holder of this role queries for; a query for another is a lead for the
    /// auditors (`MisuseReport.Signal.purposeOutsideRole`), not a refusal. Operators and
    /// supervisors run every kind of check for their agency; officers in the field query for
    /// investigations, domestic violence and exigent child placement; court clerks for court
    /// purposes; auditors and administrators for administration; discovery recipients receive
    /// exports for the criminal case a court's order names.
    public var purposes: Set<PurposeCode> {
        switch self {
        case .operator, .supervisor: return Set(PurposeCode.allCases)
        case .officer: return [.criminalJustice, .domesticViolence, .exigentChildPlacement]
        case .courtClerk: return [.criminalJustice, .domesticViolence]
        case .auditor, .administrator: return [.administrative]
        case .discovery: return [.criminalJustice]
        }
    }
}
