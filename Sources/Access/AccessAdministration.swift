import Crypto
import Foundation
import Ledger
import Records

/// Administration: agencies (the state administrator), users of an agency (its supervisors, or
/// the administrator). Each command is decided in the writer's transaction
/// (`AccessCommandHandler`); its events, or its refusal, are by the one who asked.
extension AccessService {
    /// Runs `command` for `principal`; returns the events that recorded it, or throws the
    /// refusal (recorded).
    @discardableResult
    func run(_ command: AccessCommand, by principal: Principal, clientAddress: String) async throws -> [AppendedEvent] {
        let actor = principal.actor(clientAddress: clientAddress)
        let (now, rules, actorID) = (self.now, self.rules, principal.userID)
        let result = try await writer.submit { transaction in
            try AccessCommandHandler.execute(command, by: actorID, actor: actor, now: now, rules: rules, in: transaction)
        }
        switch result {
        case .done(let events): return events
        case .refused(let error): throw error
        }
    }

    public func registerAgency(_ agency: Agency, by principal: Principal, clientAddress: String) async throws {
        try await run(.registerAgency(agency), by: principal, clientAddress: clientAddress)
    }

    /// Creates a user holding no password and no second factor, and returns the one-time
    /// credential they enrol with (shown once, passed on by the administrator out of band).
    public func createUser(
        _ userID: String, agency: String, name: String, roles: RoleSet, assignedOn: CalendarDate,
        by principal: Principal, clientAddress: String
    ) async throws -> (account: UserAccount, oneTimeCredential: String) {
        let (credential, issued) = newOneTimeCredential()
        try await run(
            .createUser(userID: userID, agency: agency, name: name, roles: roles, assignedOn: assignedOn, credential: issued),
            by: principal, clientAddress: clientAddress)
        guard let account = try account(userID) else { throw AccessError.notFound("user \(userID)") }
        return (account, credential)
    }

    /// Changes one user and returns the account as it now stands.
    private func change(_ command: AccessCommand, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await run(command, by: principal, clientAddress: clientAddress)
        let userID = String(command.target.dropFirst(5))
        guard let account = try account(userID) else { throw AccessError.notFound("user \(userID)") }
        return account
    }

    public func setRoles(_ userID: String, roles: RoleSet, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        let account = try await change(.setRoles(userID: userID, roles: roles), by: principal, clientAddress: clientAddress)
        // Only once the change is made: a refused change must not log anyone out.
        sessions.closeAll(of: userID)
        return account
    }

    /// Records where `userID` lives (a manager of theirs, never the user), for the misuse
    /// reports' `userAddress` signal.
    public func recordHomeAddress(_ userID: String, address: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await change(.recordHomeAddress(userID: userID, address: address), by: principal, clientAddress: clientAddress)
    }

    public func recordCertification(_ userID: String, on date: CalendarDate, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await change(.recordCertification(userID: userID, on: date), by: principal, clientAddress: clientAddress)
    }

    public func disable(_ userID: String, reason: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        let account = try await change(.disable(userID: userID, reason: reason), by: principal, clientAddress: clientAddress)
        sessions.closeAll(of: userID)
        return account
    }

    public func enable(_ userID: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await change(.enable(userID: userID), by: principal, clientAddress: clientAddress)
    }

    public func unlock(_ userID: String, by principal: Principal, clientAddress: String) async throws -> UserAccount {
        try await change(.unlock(userID: userID), by: principal, clientAddress: clientAddress)
    }

    /// Removes a user's password and second factor, ends every session of theirs, and returns
    /// a one-time credential with which they set their own at next login. The administrator
    /// never knows the user's new password or holds their second factor, so cannot act as them.
    public func resetCredentials(_ userID: String, by principal: Principal, clientAddress: String) async throws -> (account: UserAccount, oneTimeCredential: String) {
        let (credential, issued) = newOneTimeCredential()
        let account = try await change(.resetCredentials(userID: userID, credential: issued), by: principal, clientAddress: clientAddress)
        sessions.closeAll(of: userID)
        return (account, credential)
    }

    /// Creates an API key for an integration user; returns the key (shown once).
    public func createAPIKey(for userID: String, label: String, by principal: Principal, clientAddress: String) async throws -> (keyID: String, key: String) {
        let key = "blk_" + SessionStore.newToken()
        let keyID = String(SessionStore.hash(key).prefix(12))
        try await run(.createAPIKey(userID: userID, keyID: keyID, keyHash: SessionStore.hash(key), label: label), by: principal, clientAddress: clientAddress)
        return (keyID, key)
    }

    public func revokeAPIKey(_ keyID: String, of userID: String, by principal: Principal, clientAddress: String) async throws {
        try await run(.revokeAPIKey(userID: userID, keyID: keyID), by: principal, clientAddress: clientAddress)
    }

    /// A random one-time credential, written in groups for reading out (`ABCD-EFGH-…`), and
    /// what the ledger keeps of it.
    func newOneTimeCredential() -> (String, OneTimeCredential) {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        let credential = stride(from: 0, to: 20, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
        return (credential, OneTimeCredential(
            hash: Self.credentialHash(credential), expiresAt: now.adding(seconds: rules.oneTimeCredentialHours * 3_600)))
    }

    static func credentialHash(_ credential: String) -> String {
        SessionStore.hash(credential.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: " ", with: ""))
    }

    // MARK: Denials and audit reads

    /// Records a refused request: who (if known), which route, which rule, what it was aimed
    /// at and why. Returns the event's sequence.
    @discardableResult
    public func recordDenial(route: String, rule: String, target: String? = nil, reason: String? = nil, principal: Principal?, clientAddress: String) async throws -> UInt64 {
        let actor = principal?.actor(clientAddress: clientAddress) ?? EventActor(userID: "anonymous", agency: "", clientAddress: clientAddress)
        let event = AccessEvent.accessDenied(
            route: String(route.prefix(200)), rule: String(rule.prefix(64)), target: target.map { String($0.prefix(200)) },
            reason: reason.map { String($0.prefix(500)) })
        return try await append([(event, AccessEvent.denialStream(agency: actor.agency))], by: actor)[0].sequence
    }

    /// Records that `principal` read part of the audit trail that is no record's access event
    /// (the watch list): an `AuditTrailRead` naming what, in their audit stream. Returns its sequence.
    @discardableResult
    public func recordAuditTrailRead(_ subject: String, by principal: Principal, clientAddress: String) async throws -> UInt64 {
        try await append([(.auditTrailRead(subject: String(subject.prefix(200))), AccessEvent.auditStream(user: principal.userID))],
                         by: principal.actor(clientAddress: clientAddress))[0].sequence
    }

    /// Records the use of a valid credential (API key or session) of an account that cannot be
    /// used: an `AccessDenied` (rule `account`) by that account, in its agency's denials. The
    /// first use of each account in a window is recorded as it comes (its sequence returned),
    /// the rest counted and recorded, still against the account, when the window closes
    /// (`flushAuthenticationFailures`).
    @discardableResult
    public func recordBlockedUse(route: String, userID: String, agency: String, reason: String, clientAddress: String) async throws -> UInt64? {
        switch blockedUses.note(address: userID + "\u{1F}" + agency, route: route, at: now) {
        case .record(let route):
            let actor = EventActor(userID: userID, agency: agency, clientAddress: String(clientAddress.prefix(EventLimits.clientAddressBytes)))
            let event = AccessEvent.accessDenied(route: route, rule: "account", target: nil, reason: String(reason.prefix(500)))
            return try await append([(event, AccessEvent.denialStream(agency: agency))], by: actor)[0].sequence
        case .counted:
            try await flushAuthenticationFailures()
            return nil
        }
    }

    /// The blocked uses counted in a closed window: one `AccessDenied` (rule `account`) per
    /// account listed, by that account; one by the system for the accounts beyond the list.
    private func flushBlockedUses(force: Bool) async throws {
        guard let counted = blockedUses.drain(at: now, force: force) else { return }
        var events: [(AccessEvent, stream: String, actor: EventActor)] = []
        for account in counted.addresses {
            let parts = account.address.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            let reason = "\(account.count) more uses from \(counted.from) to \(counted.to) of the credentials of an account that cannot be used"
            events.append((.accessDenied(route: String(account.routes.joined(separator: ", ").prefix(200)), rule: "account", target: nil, reason: reason),
                           AccessEvent.denialStream(agency: parts[1]), EventActor(userID: parts[0], agency: parts[1], clientAddress: "")))
        }
        if counted.otherFailures > 0 {
            let reason = "\(counted.otherFailures) more uses from \(counted.from) to \(counted.to) of the credentials of other accounts that cannot be used"
            events.append((.accessDenied(route: "(several)", rule: "account", target: nil, reason: reason), AccessEvent.denialStream(agency: ""), .system))
        }
        for (event, stream, actor) in events { _ = try await append([(event, stream)], by: actor) }
    }

    /// Records a refused authenticated request (any status): actor, route, status, target, reason.
    @discardableResult
    public func recordRefusal(route: String, status: Int, target: String?, reason: String, principal: Principal, clientAddress: String) async throws -> UInt64 {
        let event = AccessEvent.requestRefused(
            route: String(route.prefix(200)), status: status, target: target.map { String($0.prefix(200)) }, reason: String(reason.prefix(500)))
        return try await append([(event, AccessEvent.denialStream(agency: principal.agency.ori))], by: principal.actor(clientAddress: clientAddress))[0].sequence
    }
}

extension AccessService {
    /// Records a request that came without valid credentials, as `AuthenticationFailureLog`
    /// decides: now (its event's sequence is returned), or counted for the window's summary.
    @discardableResult
    public func recordAuthenticationFailure(route: String, reason: String, clientAddress: String) async throws -> UInt64? {
        let time = now
        switch authenticationFailures.note(address: clientAddress, route: route, at: time) {
        case .record(let route):
            let actor = EventActor(userID: "anonymous", agency: "", clientAddress: String(clientAddress.prefix(EventLimits.clientAddressBytes)))
            return try await append([(.authenticationFailed(route: route, reason: String(reason.prefix(200))), AccessEvent.unauthenticatedStream)], by: actor)[0].sequence
        case .counted:
            try await flushAuthenticationFailures()
            return nil
        }
    }

    /// Records the counted failures of a window that has ended (or of the current one, when
    /// `force`, at shutdown).
    public func flushAuthenticationFailures(force: Bool = false) async throws {
        try await flushBlockedUses(force: force)
        guard let counted = authenticationFailures.drain(at: now, force: force) else { return }
        try await append([(.authenticationFailuresCounted(counted), AccessEvent.unauthenticatedStream)], by: .system)
    }
}
