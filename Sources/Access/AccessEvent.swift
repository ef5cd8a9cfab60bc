import Foundation
import Ledger
import Records

/// Everything that happens to identities and access: each case one event type in the ledger.
public enum AccessEvent: Hashable, Sendable, Codable {
    case agencyRegistered(Agency)
    case agencyAccessChanged(AgencyAccess)
    case userCreated(userID: String, agency: String, name: String, roles: Set<Role>, assignedOn: CalendarDate)
    case rolesChanged(Set<Role>)
    case passwordChanged(hash: String)
    case secondFactorEnrolled(sealedSecret: [UInt8])
    case certificationRecorded(on: CalendarDate)
    case accountDisabled(reason: String)
    case accountEnabled
    case accountLocked(reason: String)
    case accountUnlocked
    case apiKeyCreated(keyID: String, keyHash: String, label: String)
    case apiKeyRevoked(keyID: String)
    case loginSucceeded(secondFactorStep: Int64)
    case loginFailed(reason: String)
    case loggedOut(reason: String)
    /// A request refused by an access rule: who, what, and the rule that refused it.
    case accessDenied(route: String, rule: String)
    /// An auditor (or anyone) read the audit trail: that read is itself on the record.
    case auditTrailRead(subject: String)

    public var type: String {
        switch self {
        case .agencyRegistered: return "AgencyRegistered"
        case .agencyAccessChanged: return "AgencyAccessChanged"
        case .userCreated: return "UserCreated"
        case .rolesChanged: return "RolesChanged"
        case .passwordChanged: return "PasswordChanged"
        case .secondFactorEnrolled: return "SecondFactorEnrolled"
        case .certificationRecorded: return "CertificationRecorded"
        case .accountDisabled: return "AccountDisabled"
        case .accountEnabled: return "AccountEnabled"
        case .accountLocked: return "AccountLocked"
        case .accountUnlocked: return "AccountUnlocked"
        case .apiKeyCreated: return "APIKeyCreated"
        case .apiKeyRevoked: return "APIKeyRevoked"
        case .loginSucceeded: return "LoginSucceeded"
        case .loginFailed: return "LoginFailed"
        case .loggedOut: return "LoggedOut"
        case .accessDenied: return "AccessDenied"
        case .auditTrailRead: return "AuditTrailRead"
        }
    }

    static let types: Set<String> = [
        "AgencyRegistered", "AgencyAccessChanged", "UserCreated", "RolesChanged", "PasswordChanged", "SecondFactorEnrolled",
        "CertificationRecorded", "AccountDisabled", "AccountEnabled", "AccountLocked", "AccountUnlocked", "APIKeyCreated",
        "APIKeyRevoked", "LoginSucceeded", "LoginFailed", "LoggedOut", "AccessDenied", "AuditTrailRead",
    ]

    /// The stream an event belongs to: an agency's, a user's, a user's logins, an agency's denials.
    static func stream(agency ori: String) -> String { "agency/" + ori }
    static func stream(user userID: String) -> String { "user/" + userID }
    static func loginStream(user userID: String) -> String { "auth/" + (userID.isEmpty ? "unknown" : userID) }
    static func denialStream(agency ori: String) -> String { "denials/" + (ori.isEmpty ? "none" : ori) }
    static func auditStream(user userID: String) -> String { "audit/" + userID }

    func payload() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    static func decode(type: String, payload: [UInt8]) throws -> AccessEvent? {
        guard types.contains(type) else { return nil }
        return try JSONDecoder().decode(AccessEvent.self, from: Data(payload))
    }
}
