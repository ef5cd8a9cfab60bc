import Foundation
import Ledger
import Records

/// Administration: agencies (administrators), users of an agency (its supervisors, or
/// administrators). Each change is an event by the one who made it.
extension AccessService {
    /// Refuses `principal` unless they may manage users of `agency`; the refusal is recorded.
    func requireManager(of agency: String, _ principal: Principal, clientAddress: String, route: String) async throws {
        let roles = principal.account.roles
        if roles.contains(.administrator) { return }
        if roles.contains(.supervisor) && principal.agency.ori == agency { return }
        let rule = roles.contains(.supervisor) ? "own-agency" : "role"
        try await recordDenial(route: route, rule: rule, principal: principal, clientAddress: clientAddress)
        throw AccessError.denied(rule: rule, reason: "only an administrator, or a supervisor of \(agency), may manage its users")
    }

    public func registerAgency(_ agency: Agency, by principal: Principal, clientAddress: String) async throws {
        guard principal.account.roles.contains(.administrator) else {
            try await recordDenial(route: "registerAgency", rule: "role", principal: principal, clientAddress: clientAddress)
            throw AccessError.denied(rule: "role", reason: "only an administrator registers agencies")
        }
        try AccessValidation.checkAgency(agency)
        guard try self.agency(agency.ori) == nil else { throw AccessError.invalid(field: "ori", reason: "\(agency.ori) is already registered") }
        try await append([(.agencyRegistered(agency), AccessEvent.stream(agency: agency.ori))], by: principal.actor(clientAddress: clientAddress))
    }

    public func createUser(
        _ userID: String, agency: String, name: String, roles: Set<Role>, assignedOn: CalendarDate,
        by principal: Principal, clientAddress: String
    ) async throws -> UserAccount {
        try await requireManager(of: agency, principal, clientAddress: clientAddress, route: "createUser")
        try AccessValidation.checkUserID(userID)
        try checkRoles(roles, grantedBy: principal)
        guard try self.agency(agency) != nil else { throw AccessError.invalid(field: "agency", reason: "\(agency) is not a registered agency") }
        let exists = try ledger.read { try $0.streamVersion(AccessEvent.stream(user: userID)) > 0 }
        guard !exists else { throw AccessError.invalid(field: "userID", reason: "\(userID) is taken; user ids are never reused") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw AccessError.invalid(field: "name", reason: "is required") }
        try await append([(.userCreated(userID: userID, agency: agency, name: name, roles: roles, assignedOn: assignedOn), AccessEvent.stream(user: userID))],
                         by: principal.actor(clientAddress: clientAddress))
        guard let account = try account(userID) else { throw AccessError.notFound("user \(userID)") }
        return account
    }

    private func checkRoles(_ roles: Set<Role>, grantedBy principal: Principal) throws {
        if roles.isEmpty { throw AccessError.invalid(field: "roles", reason: "a user holds at least one role") }
        if roles.contains(.administrator) && !principal.account.roles.contains(.administrator) {
            throw AccessError.invalid(field: "roles", reason: "only an administrator grants the administrator role")
        }
    }

    /// Changes one user; `change` returns the event to record, after `requireManager`.
    private func change(_ userID: String, by principal: Principal, clientAddress: String, route: String,
                        _ event: (UserAccount) throws -> AccessEvent) async throws -> UserAccount {
        guard let account = try account(userID) else { throw AccessError.notFound("user \(userID)") }
        try await requireManager(of: account.agency, principal, clientAddress: clientAddress, route: route)
        try await append([(try event(account), AccessEvent.stream(user: userID))], by: principal.actor(clientAddress: clientAddress))
        return try self.account(userID) ?? account
    }

    public func setRoles(_ userID: String, roles: Set<Role>, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try checkRoles(roles, grantedBy: principal)
        let account = try await change(userID, by: principal, clientAddress: clientAddress, route: "setRoles") { _ in .rolesChanged(roles) }
        // Only once the change is made: a refused change must not log anyone out.
        sessions.closeAll(of: userID)
        return account
    }

    /// Sets a password: the user's own (with the current one), or an initial one by a manager.
    public func setPassword(
        _ userID: String, password: String, currentPassword: String? = nil, by principal: Principal, clientAddress: String
    ) async throws {
        if let problem = PasswordPolicy.problem(with: password, userID: userID) { throw AccessError.invalid(field: "password", reason: problem) }
        if principal.userID == userID {
            guard let currentPassword, let hash = principal.account.passwordHash, PasswordHashing.verify(currentPassword, against: hash) else {
                throw AccessError.invalid(field: "currentPassword", reason: "changing your own password needs your current one")
            }
        }
        let hash = hashPassword(password)
        if principal.userID == userID {
            try await append([(.passwordChanged(hash: hash), AccessEvent.stream(user: userID))], by: principal.actor(clientAddress: clientAddress))
            return
        }
        _ = try await change(userID, by: principal, clientAddress: clientAddress, route: "setPassword") { _ in .passwordChanged(hash: hash) }
    }

    /// Enrols a new TOTP seed and returns it (shown once, for the authenticator app).
    public func enrollSecondFactor(_ userID: String, by principal: Principal, clientAddress: String) async throws -> String {
        let seed = SecondFactor.newSeed()
        let sealed = try secondFactor.seal(seed)
        _ = try await change(userID, by: principal, clientAddress: clientAddress, route: "enrollSecondFactor") { _ in .secondFactorEnrolled(sealedSecret: sealed) }
        return seed
    }

    public func recordCertification(_ userID: String, on date: CalendarDate, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        guard date <= CalendarDate(now) else { throw AccessError.invalid(field: "certifiedOn", reason: "\(date) is in the future") }
        return try await change(userID, by: principal, clientAddress: clientAddress, route: "recordCertification") { _ in .certificationRecorded(on: date) }
    }

    public func disable(_ userID: String, reason: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AccessError.invalid(field: "reason", reason: "is required") }
        let account = try await change(userID, by: principal, clientAddress: clientAddress, route: "disableUser") { _ in .accountDisabled(reason: reason) }
        sessions.closeAll(of: userID)
        return account
    }

    public func enable(_ userID: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await change(userID, by: principal, clientAddress: clientAddress, route: "enableUser") { _ in .accountEnabled }
    }

    public func unlock(_ userID: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await change(userID, by: principal, clientAddress: clientAddress, route: "unlockUser") { _ in .accountUnlocked }
    }

    /// Creates an API key for an integration user; returns the key (shown once).
    public func createAPIKey(for userID: String, label: String, by principal: Principal, clientAddress: String) async throws -> (keyID: String, key: String) {
        let key = "blk_" + SessionStore.newToken()
        let keyID = String(SessionStore.hash(key).prefix(12))
        _ = try await change(userID, by: principal, clientAddress: clientAddress, route: "createAPIKey") { _ in
            .apiKeyCreated(keyID: keyID, keyHash: SessionStore.hash(key), label: label)
        }
        return (keyID, key)
    }

    public func revokeAPIKey(_ keyID: String, of userID: String, by principal: Principal, clientAddress: String) async throws {
        _ = try await change(userID, by: principal, clientAddress: clientAddress, route: "revokeAPIKey") { account in
            guard account.apiKeys.contains(where: { $0.keyID == keyID }) else { throw AccessError.notFound("API key \(keyID)") }
            return .apiKeyRevoked(keyID: keyID)
        }
    }

    // MARK: Denials and audit reads

    /// Records a refused request: who (if known), which route, which rule. Returns the event's sequence.
    @discardableResult
    public func recordDenial(route: String, rule: String, principal: Principal?, clientAddress: String) async throws -> UInt64 {
        let actor = principal?.actor(clientAddress: clientAddress) ?? EventActor(userID: "anonymous", agency: "", clientAddress: clientAddress)
        let route = String(route.prefix(200))
        return try await append([(.accessDenied(route: route, rule: rule), AccessEvent.denialStream(agency: actor.agency))], by: actor)[0].sequence
    }

    /// Records that `principal` read the audit trail (`subject` says which part).
    public func recordAuditRead(_ subject: String, by principal: Principal, clientAddress: String) async throws {
        try await append([(.auditTrailRead(subject: subject), AccessEvent.auditStream(user: principal.userID))],
                         by: principal.actor(clientAddress: clientAddress))
    }
}
