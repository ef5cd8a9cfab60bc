import Ledger
import Records

/// What an administrator or a supervisor asks of identities and access. Decided inside the
/// writer's transaction (`AccessCommandHandler`), against the accounts as that transaction
/// sees them, so two requests racing cannot both pass a check that only one may.
public enum AccessCommand: Sendable, Equatable {
    case registerAgency(Agency)
    /// A new user, with the one-time credential they enrol with.
    case createUser(userID: String, agency: String, name: String, roles: RoleSet, assignedOn: CalendarDate, credential: OneTimeCredential)
    case setRoles(userID: String, roles: RoleSet)
    case recordCertification(userID: String, on: CalendarDate)
    case recordHomeAddress(userID: String, address: String)
    case disable(userID: String, reason: String)
    case enable(userID: String)
    case unlock(userID: String)
    /// Removes the user's password and second factor and issues a one-time credential; the
    /// user sets their own at next login.
    case resetCredentials(userID: String, credential: OneTimeCredential)
    case createAPIKey(userID: String, keyID: String, keyHash: String, label: String)
    case revokeAPIKey(userID: String, keyID: String)

    /// The command's name in refusal events, e.g. `setRoles`.
    public var name: String {
        switch self {
        case .registerAgency: return "registerAgency"
        case .createUser: return "createUser"
        case .setRoles: return "setRoles"
        case .recordCertification: return "recordCertification"
        case .recordHomeAddress: return "recordHomeAddress"
        case .disable: return "disableUser"
        case .enable: return "enableUser"
        case .unlock: return "unlockUser"
        case .resetCredentials: return "resetCredentials"
        case .createAPIKey: return "createAPIKey"
        case .revokeAPIKey: return "revokeAPIKey"
        }
    }

    /// What the command is aimed at, as a refusal records it: `agency/<ORI>` or `user/<id>`.
    public var target: String {
        switch self {
        case .registerAgency(let agency): return "agency/" + agency.ori
        case .createUser(let userID, _, _, _, _, _), .setRoles(let userID, _), .recordCertification(let userID, _), .recordHomeAddress(let userID, _),
             .disable(let userID, _), .enable(let userID), .unlock(let userID), .resetCredentials(let userID, _),
             .createAPIKey(let userID, _, _, _), .revokeAPIKey(let userID, _):
            return "user/" + userID
        }
    }
}

/// A one-time credential as the ledger keeps it: only its hash and when it lapses. The
/// credential itself is shown once, to the administrator who passes it on.
public struct OneTimeCredential: Hashable, Sendable {
    public let hash: String
    public let expiresAt: LedgerTime
}
