import Foundation
import Ledger
import Records

/// Agencies, users and API keys as their events made them.
///
/// Tables: `agencies` (ORI → agency JSON), `users` (user id → account JSON), `agency-users`
/// (ORI 0x00 user id → nothing), `api-keys` (SHA-256 of the key, hex → user id and key id).
public struct AccessProjection: Projection {
    public static let agencies = "agencies"
    public static let users = "users"
    public static let agencyUsers = "agency-users"
    public static let apiKeys = "api-keys"

    public let name = "access"
    public let tableNames = [agencies, users, agencyUsers, apiKeys]
    public let version: UInt32 = 2
    public let streamPrefixes = ["agency/", "user/", "auth/"]

    public init() {}

    /// Agencies and users name their stream; an API key names its owner.
    public func source(ofKey key: [UInt8], in table: String) -> DerivedEntrySource? {
        let text = String(decoding: key, as: UTF8.self)
        switch table {
        case Self.agencies: return .stream(AccessEvent.stream(agency: text))
        case Self.users: return .stream(AccessEvent.stream(user: text))
        case Self.agencyUsers: return key.split(separator: 0).last.map { .stream(AccessEvent.stream(user: String(decoding: $0, as: UTF8.self))) }
        default: return nil
        }
    }

    public func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws {
        guard let payload = event.payload, let access = try AccessEvent.decode(type: event.type, payload: payload) else { return }
        if event.stream.hasPrefix("agency/") {
            try applyAgency(access, ori: String(event.stream.dropFirst(7)), store)
        } else if event.stream.hasPrefix("user/") {
            try applyUser(access, userID: String(event.stream.dropFirst(5)), event: event, store)
        } else if event.stream.hasPrefix("auth/") {
            try applyLogin(access, userID: String(event.stream.dropFirst(5)), event: event, store)
        }
    }

    private func applyAgency(_ event: AccessEvent, ori: String, _ store: any ProjectionStore) throws {
        switch event {
        case .agencyRegistered(let agency):
            try store.put(try Self.encode(agency), forKey: Array(ori.utf8), in: Self.agencies)
        case .agencyAccessChanged(let access):
            guard var agency = try Self.agency(ori, in: store) else { return }
            agency.access = access
            try store.put(try Self.encode(agency), forKey: Array(ori.utf8), in: Self.agencies)
        default:
            return
        }
    }

    private func applyUser(_ event: AccessEvent, userID: String, event recorded: RecordedEvent, _ store: any ProjectionStore) throws {
        if case .userCreated(let id, let agency, let name, let roles, let assignedOn) = event {
            let account = UserAccount(userID: id, agency: agency, name: name, roles: roles, assignedOn: assignedOn, createdAt: recorded.recordedAt)
            try save(account, store)
            try store.put([], forKey: Array(agency.utf8) + [0] + Array(id.utf8), in: Self.agencyUsers)
            return
        }
        guard var account = try Self.user(userID, in: store) else { return }
        switch event {
        case .rolesChanged(let roles): account.roles = roles
        case .passwordChanged(let hash): account.passwordHash = hash
        case .secondFactorEnrolled(let sealed): account.sealedSecondFactor = sealed
        case .certificationRecorded(let date): account.certifiedOn = date
        case .homeAddressRecorded(let address): account.homeAddress = address
        case .accountDisabled(let reason): account.disabledReason = reason
        case .accountEnabled:
            account.disabledReason = nil
            account.enabledAt = recorded.recordedAt
        case .accountUnlocked:
            account.isLocked = false
            account.consecutiveFailures = 0
        case .apiKeyCreated(let keyID, let keyHash, let label):
            account.apiKeys.append(UserAccount.APIKey(keyID: keyID, label: label, createdAt: recorded.recordedAt, revoked: false))
            try store.put(Array("\(userID)\u{1F}\(keyID)".utf8), forKey: Array(keyHash.utf8), in: Self.apiKeys)
        case .apiKeyRevoked(let keyID):
            if let index = account.apiKeys.firstIndex(where: { $0.keyID == keyID }) { account.apiKeys[index].revoked = true }
        case .credentialsReset(let hash, let expiresAt):
            account.passwordHash = nil
            account.sealedSecondFactor = nil
            account.pendingEnrolment = UserAccount.PendingEnrolment(credentialHash: hash, expiresAt: expiresAt, issuedBy: recorded.actor.userID)
        case .enrolmentCompleted(let passwordHash, let sealed):
            account.passwordHash = passwordHash
            account.sealedSecondFactor = sealed
            account.pendingEnrolment = nil
        default:
            return
        }
        try save(account, store)
    }

    private func applyLogin(_ event: AccessEvent, userID: String, event recorded: RecordedEvent, _ store: any ProjectionStore) throws {
        guard var account = try Self.user(userID, in: store) else { return }
        switch event {
        case .loginSucceeded(let step):
            account.consecutiveFailures = 0
            account.lastLoginAt = recorded.recordedAt
            account.lastSecondFactorStep = max(account.lastSecondFactorStep, step)
        case .loginFailed: account.consecutiveFailures += 1
        case .accountLocked: account.isLocked = true
        default: return
        }
        try save(account, store)
    }

    private func save(_ account: UserAccount, _ store: any ProjectionStore) throws {
        try store.put(try Self.encode(account), forKey: Array(account.userID.utf8), in: Self.users)
    }

    /// Sorted keys, and roles kept sorted by `RoleSet`: the same account always has the same bytes.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    public static func user(_ userID: String, in reader: any ProjectionReader) throws -> UserAccount? {
        try storedUser(userID, in: reader).map { try JSONDecoder().decode(UserAccount.self, from: Data($0)) }
    }

    public static func agency(_ ori: String, in reader: any ProjectionReader) throws -> Agency? {
        try storedAgency(ori, in: reader).map { try JSONDecoder().decode(Agency.self, from: Data($0)) }
    }

    /// The account's stored JSON, undecoded.
    static func storedUser(_ userID: String, in reader: any ProjectionReader) throws -> [UInt8]? {
        try reader.value(forKey: Array(userID.utf8), in: users)
    }

    /// The agency's stored JSON, undecoded.
    static func storedAgency(_ ori: String, in reader: any ProjectionReader) throws -> [UInt8]? {
        try reader.value(forKey: Array(ori.utf8), in: agencies)
    }

    /// The user and key an API key (by its SHA-256, hex) belongs to.
    static func apiKeyOwner(hash: String, in reader: any ProjectionReader) throws -> (userID: String, keyID: String)? {
        guard let value = try reader.value(forKey: Array(hash.utf8), in: apiKeys) else { return nil }
        let parts = String(decoding: value, as: UTF8.self).split(separator: "\u{1F}")
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// Every user of an agency.
    public static func users(of ori: String, in reader: any ProjectionReader) throws -> [UserAccount] {
        var accounts: [UserAccount] = []
        let prefix = Array(ori.utf8) + [0]
        try reader.forEach(in: agencyUsers, keyPrefix: prefix) { key, _ in
            if let account = try user(String(decoding: key.dropFirst(prefix.count), as: UTF8.self), in: reader) { accounts.append(account) }
            return true
        }
        return accounts
    }
}
