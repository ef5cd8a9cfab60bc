import Ledger
import Records

/// A user as the access events have made them. Holds secrets only as hashes (the password as
/// bcrypt, API keys as SHA-256) or sealed (the TOTP seed, which verification needs back).
public struct UserAccount: Hashable, Sendable, Codable {
    public let userID: String
    public let agency: String
    public var name: String
    public var roles: Set<Role>
    /// When the user was assigned to the role that needs certification: training is due within six months.
    public let assignedOn: CalendarDate
    public let createdAt: LedgerTime
    public var passwordHash: String?
    /// The TOTP seed, sealed with the server's key.
    public var sealedSecondFactor: [UInt8]?
    /// The last TOTP time step accepted, so a code cannot be replayed.
    public var lastSecondFactorStep: Int64 = 0
    public var certifiedOn: CalendarDate?
    public var disabledReason: String?
    public var isLocked = false
    public var consecutiveFailures = 0
    public var lastLoginAt: LedgerTime?
    /// When an administrator last re-enabled the account (restarts the inactivity clock).
    public var enabledAt: LedgerTime?
    public var apiKeys: [APIKey] = []

    public struct APIKey: Hashable, Sendable, Codable {
        public let keyID: String
        public let label: String
        public let createdAt: LedgerTime
        public var revoked: Bool
    }

    public init(userID: String, agency: String, name: String, roles: Set<Role>, assignedOn: CalendarDate, createdAt: LedgerTime) {
        self.userID = userID
        self.agency = agency
        self.name = name
        self.roles = roles
        self.assignedOn = assignedOn
        self.createdAt = createdAt
    }
}
