import Ledger
import Records

/// A user as the access events have made them. Holds secrets only as hashes (the password as
/// bcrypt, API keys as SHA-256) or sealed (the TOTP seed, which verification needs back).
public struct UserAccount: Hashable, Sendable, Codable {
    public let userID: String
    public let agency: String
    public var name: String
    public var roles: RoleSet
    /// When the user was assigned to the role that needs certification: training is due within six months.
    public let assignedOn: CalendarDate
    public let createdAt: LedgerTime
    public var passwordHash: String?
    /// The TOTP seed, sealed with the server's key.
    public var sealedSecondFactor: [UInt8]?
    /// The last TOTP time step accepted, so a code cannot be replayed.
    public var lastSecondFactorStep: Int64 = 0
    public var certifiedOn: CalendarDate?
    /// Where the user lives, as a manager recorded it (for the misuse reports only).
    public var homeAddress: String?
    public var disabledReason: String?
    public var isLocked = false
    public var consecutiveFailures = 0
    public var lastLoginAt: LedgerTime?
    /// When an administrator last re-enabled the account (restarts the inactivity clock).
    public var enabledAt: LedgerTime?
    public var apiKeys: [APIKey] = []
    /// A one-time credential an administrator issued (at creation or a reset): until the user
    /// uses it to set their own password and enrol their own second factor, the account has
    /// neither and cannot log in.
    public var pendingEnrolment: PendingEnrolment?

    public struct PendingEnrolment: Hashable, Sendable, Codable {
        /// SHA-256 of the one-time credential, hex (it is random and long: no need for bcrypt).
        public let credentialHash: String
        public let expiresAt: LedgerTime
        /// Who issued it.
        public let issuedBy: String
    }

    public struct APIKey: Hashable, Sendable, Codable {
        public let keyID: String
        public let label: String
        public let createdAt: LedgerTime
        public var revoked: Bool
    }

    public init(userID: String, agency: String, name: String, roles: RoleSet, assignedOn: CalendarDate, createdAt: LedgerTime) {
        self.userID = userID
        self.agency = agency
        self.name = name
        self.roles = roles
        self.assignedOn = assignedOn
        self.createdAt = createdAt
    }
}
