import Ledger
import Records

/// What an access command came to: the events that recorded it, or the refusal (itself an
/// `AccessDenied` event naming the actor, the command, its target and the reason).
enum AccessCommandResult: Sendable {
    case done([AppendedEvent])
    case refused(AccessError)
}

/// Decides an access command inside the writer's transaction, with the actor's account and
/// every account it touches read there: no check in one transaction and write in another.
///
/// The rules: only the state administrator registers agencies; a manager is the
/// administrator, or a supervisor of the user's own agency; nobody changes their own roles,
/// certification, state or credentials; nobody grants a role they could not hold themselves
/// (`Role.grantable`), nor touches a user holding one; user ids are never reused.
enum AccessCommandHandler {
    static func execute(
        _ command: AccessCommand, by actorID: String, actor: EventActor, now: LedgerTime, rules: AccountRules,
        in transaction: LedgerWriteTransaction
    ) throws -> AccessCommandResult {
        let reader = transaction.tables(of: AccessProjection.self)
        switch try decide(command, by: actorID, now: now, rules: rules, reader: reader, transaction: transaction) {
        case .success(let events):
            let drafts = try events.map { EventDraft(type: $0.event.type, stream: $0.stream, payload: try $0.event.payload(), expectedVersion: $0.expected) }
            return .done(try transaction.append(drafts, actor: actor).events)
        case .failure(let refusal):
            let event = AccessEvent.accessDenied(route: command.name, rule: refusal.rule, target: command.target, reason: refusal.reason)
            let appended = try transaction.append(
                EventDraft(type: event.type, stream: AccessEvent.denialStream(agency: actor.agency), payload: try event.payload()), actor: actor)
            return .refused(refusal.error(eventSequence: appended.sequence))
        }
    }

    /// Why a command is refused: the rule, the reason, and (for invalid input) the field.
    struct Refusal: Error {
        let rule: String
        let reason: String
        var field: String?

        static func invalid(_ field: String, _ reason: String) -> Refusal { Refusal(rule: "invalid", reason: reason, field: field) }

        func error(eventSequence: UInt64) -> AccessError {
            if rule == "not-found" { return .notFound(reason, eventSequence: eventSequence) }
            if let field { return .invalid(field: field, reason: reason, eventSequence: eventSequence) }
            return .denied(rule: rule, reason: reason, eventSequence: eventSequence)
        }
    }

    typealias Planned = (event: AccessEvent, stream: String, expected: ExpectedVersion)

    private static func decide(
        _ command: AccessCommand, by actorID: String, now: LedgerTime, rules: AccountRules, reader: any ProjectionReader,
        transaction: LedgerWriteTransaction
    ) throws -> Result<[Planned], Refusal> {
        // The actor as this transaction sees it: one disabled a moment ago acts no more. (An
        // integration user acting by API key has no password, and needs none.)
        let block = try AccessProjection.user(actorID, in: reader).flatMap { $0.loginBlock(at: now, rules: rules) }
        guard let actor = try AccessProjection.user(actorID, in: reader), block == nil || block == .noPassword || block == .enrolmentPending else {
            return .failure(Refusal(rule: "actor", reason: "\(actorID) cannot act: the account is disabled, locked or inactive"))
        }
        switch command {
        case .registerAgency(let agency):
            guard actor.roles.contains(.administrator) else {
                return .failure(Refusal(rule: "role", reason: "only the state administrator registers agencies"))
            }
            if let problem = AccessValidation.agencyProblem(agency) { return .failure(problem) }
            guard try AccessProjection.agency(agency.ori, in: reader) == nil else {
                return .failure(.invalid("ori", "\(agency.ori) is already registered"))
            }
            return .success([(.agencyRegistered(agency), AccessEvent.stream(agency: agency.ori), .noStream)])
        case .createUser(let userID, let ori, let name, let roles, let assignedOn, let credential):
            if let problem = AccessValidation.userIDProblem(userID) { return .failure(problem) }
            if let problem = AccessValidation.textProblem(name, field: "name", maximumLength: 100) { return .failure(problem) }
            if let refusal = checkManager(actor, of: ori, userRoles: []) { return .failure(refusal) }
            if let refusal = checkGrant(roles, by: actor) { return .failure(refusal) }
            guard try AccessProjection.agency(ori, in: reader) != nil else { return .failure(.invalid("agency", "\(ori) is not a registered agency")) }
            guard try transaction.streamVersion(AccessEvent.stream(user: userID)) == 0 else {
                return .failure(Refusal(rule: "duplicate", reason: "\(userID) is taken; user ids are never reused", field: "userID"))
            }
            if assignedOn > CalendarDate(now) { return .failure(.invalid("assignedOn", "\(assignedOn) is in the future")) }
            let stream = AccessEvent.stream(user: userID)
            return .success([
                (.userCreated(userID: userID, agency: ori, name: name, roles: roles, assignedOn: assignedOn), stream, .noStream),
                (.credentialsReset(credentialHash: credential.hash, expiresAt: credential.expiresAt), stream, .any),
            ])
        default:
            return try decideChange(command, actor: actor, now: now, reader: reader)
        }
    }

    /// A change to an existing user: the actor must manage them and may not be them.
    private static func decideChange(
        _ command: AccessCommand, actor: UserAccount, now: LedgerTime, reader: any ProjectionReader
    ) throws -> Result<[Planned], Refusal> {
        let userID = String(command.target.dropFirst(5))
        guard let target = try AccessProjection.user(userID, in: reader) else {
            return .failure(Refusal(rule: "not-found", reason: "user \(userID)"))
        }
        let stream = AccessEvent.stream(user: userID)
        let isSelf = target.userID == actor.userID
        if case .revokeAPIKey(_, let keyID) = command, isSelf {
            // Giving up one's own key narrows one's rights: anyone may.
            guard target.apiKeys.contains(where: { $0.keyID == keyID }) else { return .failure(Refusal(rule: "not-found", reason: "API key \(keyID)")) }
            return .success([(.apiKeyRevoked(keyID: keyID), stream, .any)])
        }
        if isSelf {
            return .failure(Refusal(rule: "own-account", reason: "nobody changes their own roles, certification, state or credentials (\(command.name)); ask a manager"))
        }
        if let refusal = checkManager(actor, of: target.agency, userRoles: target.roles) { return .failure(refusal) }
        switch command {
        case .setRoles(_, let roles):
            if let refusal = checkGrant(roles, by: actor) { return .failure(refusal) }
            return .success([(.rolesChanged(roles), stream, .any)])
        case .recordCertification(_, let date):
            if date > CalendarDate(now) { return .failure(.invalid("certifiedOn", "\(date) is in the future")) }
            if date < target.assignedOn { return .failure(.invalid("certifiedOn", "\(date) is before the user was assigned on \(target.assignedOn)")) }
            return .success([(.certificationRecorded(on: date), stream, .any)])
        case .recordHomeAddress(_, let address):
            if let problem = AccessValidation.textProblem(address, field: "address", maximumLength: 200) { return .failure(problem) }
            guard !AddressKey.normalized(address).isEmpty else { return .failure(.invalid("address", "write the street line first (number and street, then a comma)")) }
            return .success([(.homeAddressRecorded(address: address), stream, .any)])
        case .disable(_, let reason):
            if let problem = AccessValidation.textProblem(reason, field: "reason", maximumLength: 500) { return .failure(problem) }
            return .success([(.accountDisabled(reason: reason), stream, .any)])
        case .enable:
            return .success([(.accountEnabled, stream, .any)])
        case .unlock:
            return .success([(.accountUnlocked, AccessEvent.stream(user: userID), .any)])
        case .resetCredentials(_, let credential):
            return .success([(.credentialsReset(credentialHash: credential.hash, expiresAt: credential.expiresAt), stream, .any)])
        case .createAPIKey(_, let keyID, let keyHash, let label):
            if let problem = AccessValidation.textProblem(label, field: "label", maximumLength: 100) { return .failure(problem) }
            if target.apiKeys.filter({ !$0.revoked }).count >= AccessValidation.maximumAPIKeys {
                return .failure(.invalid("label", "\(userID) holds \(AccessValidation.maximumAPIKeys) keys already; revoke one first"))
            }
            return .success([(.apiKeyCreated(keyID: keyID, keyHash: keyHash, label: label), stream, .any)])
        case .revokeAPIKey(_, let keyID):
            guard target.apiKeys.contains(where: { $0.keyID == keyID }) else { return .failure(Refusal(rule: "not-found", reason: "API key \(keyID)")) }
            return .success([(.apiKeyRevoked(keyID: keyID), stream, .any)])
        case .registerAgency, .createUser:
            preconditionFailure("\(command.name) is not a change to a user")
        }
    }

    /// Nil when `actor` manages the users of `agency` holding `userRoles`: the administrator
    /// manages all; a supervisor its own agency's users whose roles it could grant.
    static func checkManager(_ actor: UserAccount, of agency: String, userRoles: RoleSet) -> Refusal? {
        if actor.roles.contains(.administrator) { return nil }
        guard actor.roles.contains(.supervisor) else {
            return Refusal(rule: "role", reason: "only the administrator, or a supervisor of \(agency), manages its users")
        }
        guard actor.agency == agency else {
            return Refusal(rule: "own-agency", reason: "a supervisor manages the users of its own agency, not \(agency)")
        }
        let above = userRoles.subtracting(Role.grantable(by: actor.roles))
        guard above.isEmpty else {
            return Refusal(rule: "above-own-role", reason: "a supervisor does not manage users holding \(above)")
        }
        return nil
    }

    /// Nil when `actor` may grant every one of `roles`.
    static func checkGrant(_ roles: RoleSet, by actor: UserAccount) -> Refusal? {
        if roles.isEmpty { return .invalid("roles", "a user holds at least one role") }
        let above = roles.subtracting(Role.grantable(by: actor.roles))
        guard above.isEmpty else {
            return Refusal(rule: "above-own-role", reason: "\(actor.userID) may not grant \(above): only the state administrator grants those")
        }
        return nil
    }
}
