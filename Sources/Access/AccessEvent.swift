import Foundation
import Ledger
import Records

/// Everything that happens to identities and access: each case one event type in the ledger.
public enum AccessEvent: Hashable, Sendable, Codable {
    case agencyRegistered(Agency)
    case agencyAccessChanged(AgencyAccess)
    case userCreated(userID: String, agency: String, name: String, roles: RoleSet, assignedOn: CalendarDate)
    case rolesChanged(RoleSet)
    case passwordChanged(hash: String)
    case secondFactorEnrolled(sealedSecret: [UInt8])
    case certificationRecorded(on: CalendarDate)
    /// Where the user lives, recorded by a manager so misuse reports can tell lookups of the
    /// user's own household and neighbours (`MisuseReport.Signal.userAddress`).
    case homeAddressRecorded(address: String)
    case accountDisabled(reason: String)
    case accountEnabled
    case accountLocked(reason: String)
    case accountUnlocked
    case apiKeyCreated(keyID: String, keyHash: String, label: String)
    case apiKeyRevoked(keyID: String)
    /// An administrator issued a one-time credential (at creation, or resetting a user's
    /// password and second factor, which are removed): the user enrols their own at next login.
    case credentialsReset(credentialHash: String, expiresAt: LedgerTime)
    /// The user set their own password and enrolled their own second factor with a one-time credential.
    case enrolmentCompleted(passwordHash: String, sealedSecondFactor: [UInt8])
    case loginSucceeded(secondFactorStep: Int64)
    case loginFailed(reason: String)
    case loggedOut(reason: String)
    /// A request refused by an access rule: who (the actor), which route, the rule, what it was
    /// aimed at and why.
    case accessDenied(route: String, rule: String, target: String? = nil, reason: String? = nil)
    /// An authenticated request refused at any step (a body that does not decode, a bad
    /// parameter, a rule): the actor, the route, the status answered, its target and reason.
    case requestRefused(route: String, status: Int, target: String?, reason: String)
    /// Requests without valid credentials from one address: the first one in a window is
    /// recorded as it comes, the rest counted (`AuthenticationFailures`).
    case authenticationFailed(route: String, reason: String)
    case authenticationFailuresCounted(AuthenticationFailureCount)
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
        case .homeAddressRecorded: return "HomeAddressRecorded"
        case .accountDisabled: return "AccountDisabled"
        case .accountEnabled: return "AccountEnabled"
        case .accountLocked: return "AccountLocked"
        case .accountUnlocked: return "AccountUnlocked"
        case .apiKeyCreated: return "APIKeyCreated"
        case .apiKeyRevoked: return "APIKeyRevoked"
        case .credentialsReset: return "CredentialsReset"
        case .enrolmentCompleted: return "EnrolmentCompleted"
        case .loginSucceeded: return "LoginSucceeded"
        case .loginFailed: return "LoginFailed"
        case .loggedOut: return "LoggedOut"
        case .accessDenied: return "AccessDenied"
        case .requestRefused: return "RequestRefused"
        case .authenticationFailed: return "AuthenticationFailed"
        case .authenticationFailuresCounted: return "AuthenticationFailuresCounted"
        case .auditTrailRead: return "AuditTrailRead"
        }
    }

    static let types: Set<String> = [
        "AgencyRegistered", "AgencyAccessChanged", "UserCreated", "RolesChanged", "PasswordChanged", "SecondFactorEnrolled",
        "CertificationRecorded", "AccountDisabled", "AccountEnabled", "AccountLocked", "AccountUnlocked", "APIKeyCreated",
        "APIKeyRevoked", "LoginSucceeded", "LoginFailed", "LoggedOut", "AccessDenied", "AuditTrailRead",
        "CredentialsReset", "EnrolmentCompleted", "RequestRefused", "AuthenticationFailed", "AuthenticationFailuresCounted",
        "HomeAddressRecorded",
    ]

    /// The stream an event belongs to: an agency's, a user's, a user's logins, an agency's denials.
    static func stream(agency ori: String) -> String { "agency/" + ori }
    static func stream(user userID: String) -> String { "user/" + userID }
    /// A login's stream; attempts with a malformed user id share one whose name no user id can
    /// have (ids are letters, digits, dots, hyphens and underscores), so they never count
    /// against a real account.
    static func loginStream(user userID: String) -> String { "auth/" + (userID.isEmpty ? malformedUserID : userID) }
    static let malformedUserID = "(malformed)"
    static func denialStream(agency ori: String) -> String { "denials/" + (ori.isEmpty ? "none" : ori) }
    static func auditStream(user userID: String) -> String { "audit/" + userID }
    /// Requests with no valid credentials: nobody to attribute them to but an address.
    static let unauthenticatedStream = "unauthenticated"

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
