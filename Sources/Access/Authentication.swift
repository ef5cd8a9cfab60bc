import Foundation
import Ledger
import Records

/// A successful login: the session token (shown once) and the banner.
public struct LoginResult: Sendable {
    public let token: String
    public let account: UserAccount
    public let idleTimeoutSeconds: Int64
    public let banner: String
}

/// The first step of an enrolment: what the user's authenticator app needs, and the token
/// that completes the enrolment with the app's first code.
public struct EnrolmentStart: Sendable {
    public let enrolmentToken: String
    public let seed: String
    public let authenticatorURL: String
    public let expiresAt: LedgerTime
}

extension AccessService {
    /// What every failed login answers, whatever failed: the reason goes to the event only, so
    /// an answer never tells whether an account exists, is disabled or locked.
    public static let loginRefused = AccessError.authenticationFailed(
        "the user id, password or code is wrong, or the account cannot log in now; ask your supervisor if this persists")

    /// Password and TOTP code → a session. Every attempt is an event; the fifth consecutive
    /// failure locks the account. An unknown user costs the same bcrypt work as a known one.
    public func login(userID: String, password: String, code: String, clientAddress: String) async throws -> LoginResult {
        let time = now
        let wellFormed = (try? AccessValidation.check(AccessValidation.userIDProblem(userID))) != nil
        let stream = AccessEvent.loginStream(user: wellFormed ? userID : "")
        guard wellFormed, let account = try account(userID) else {
            _ = PasswordHashing.verify(password, against: dummyPasswordHash)
            try await recordFailure("unknown user", userID: wellFormed ? userID : "", agency: "", stream: stream, clientAddress: clientAddress)
            throw Self.loginRefused
        }
        let actor = EventActor(userID: userID, agency: account.agency, clientAddress: clientAddress)
        if let block = account.loginBlock(at: time, rules: rules) {
            _ = PasswordHashing.verify(password, against: account.passwordHash ?? dummyPasswordHash)
            try await append([(.loginFailed(reason: Self.describe(block)), stream)], by: actor)
            throw Self.loginRefused
        }
        guard let step = verify(password: password, code: code, for: account, at: time) else {
            try await recordFailure("wrong password or code", userID: userID, agency: account.agency, stream: stream, clientAddress: clientAddress)
            throw Self.loginRefused
        }
        try await append([(.loginSucceeded(secondFactorStep: step), stream)], by: actor)
        let token = sessions.open(userID: userID, at: time)
        return LoginResult(token: token, account: account, idleTimeoutSeconds: rules.sessionIdleSeconds, banner: Self.banner)
    }

    /// The TOTP step of a correct password and code (not replayed), or nil. The password is
    /// checked even when the code is wrong, so both cost the same.
    private func verify(password: String, code: String, for account: UserAccount, at time: LedgerTime) -> Int64? {
        let passwordRight = PasswordHashing.verify(password, against: account.passwordHash ?? dummyPasswordHash) && account.passwordHash != nil
        guard passwordRight, let sealed = account.sealedSecondFactor, let seed = try? secondFactor.open(sealed),
              let step = SecondFactor.matchingStep(code: code, seed: seed, at: time), step > account.lastSecondFactorStep
        else { return nil }
        return step
    }

    /// Records a failed login (or a wrong password given anywhere), and locks the account when
    /// failures reach the limit, judged in the write transaction so concurrent failures are
    /// counted exactly. Returns the sequence of the failure's event.
    @discardableResult
    func recordFailure(_ reason: String, userID: String, agency: String, stream: String, clientAddress: String) async throws -> UInt64 {
        let actor = EventActor(userID: userID.isEmpty ? "unknown" : userID, agency: agency, clientAddress: clientAddress)
        let limit = rules.failuresBeforeLock
        let (sequence, locked) = try await writer.submit { transaction in
            let failed = try transaction.append(EventDraft(type: "LoginFailed", stream: stream, payload: try AccessEvent.loginFailed(reason: reason).payload()), actor: actor)
            guard !userID.isEmpty, let account = try AccessProjection.user(userID, in: transaction.tables(of: AccessProjection.self)),
                  !account.isLocked, account.consecutiveFailures >= limit
            else { return (failed.sequence, false) }
            let lock = AccessEvent.accountLocked(reason: "\(limit) consecutive failed logins")
            try transaction.append(EventDraft(type: lock.type, stream: stream, payload: try lock.payload()), actor: actor)
            return (failed.sequence, true)
        }
        if locked { sessions.closeAll(of: userID) }
        return sequence
    }

    static func describe(_ block: LoginBlock) -> String {
        switch block {
        case .disabled(let reason): return "disabled (\(reason))"
        case .locked: return "locked after repeated failed logins; a supervisor must unlock it"
        case .inactive(let since): return "disabled after 90 days without use (last active \(since))"
        case .noPassword: return "no password has been set"
        case .enrolmentPending: return "the user has not yet enrolled with their one-time credential"
        }
    }

    // MARK: Changing one's own password

    /// Users change their own password with their current one; a wrong current password counts
    /// as a failed login (five lock the account).
    public func changeOwnPassword(current: String, new password: String, by principal: Principal, clientAddress: String) async throws {
        let userID = principal.userID
        if let problem = PasswordPolicy.problem(with: password, userID: userID) {
            throw AccessError.invalid(field: "password", reason: problem, eventSequence: try await recordDenial(
                route: "changeOwnPassword", rule: "invalid", target: "user/" + userID, reason: problem, principal: principal, clientAddress: clientAddress))
        }
        guard let hash = principal.account.passwordHash, PasswordHashing.verify(current, against: hash) else {
            let sequence = try await recordFailure(
                "wrong current password when changing it", userID: userID, agency: principal.agency.ori,
                stream: AccessEvent.loginStream(user: userID), clientAddress: clientAddress)
            throw AccessError.invalid(field: "currentPassword", reason: "is wrong", eventSequence: sequence)
        }
        let newHash = hashPassword(password)
        let actor = principal.actor(clientAddress: clientAddress)
        let changed = try await writer.submit { transaction -> Bool in
            // The password verified above must still be the account's: a change in between wins.
            guard try AccessProjection.user(userID, in: transaction.tables(of: AccessProjection.self))?.passwordHash == hash else { return false }
            let event = AccessEvent.passwordChanged(hash: newHash)
            try transaction.append(EventDraft(type: event.type, stream: AccessEvent.stream(user: userID), payload: try event.payload()), actor: actor)
            return true
        }
        if !changed { throw AccessError.denied(rule: "changed-meanwhile", reason: "the password changed while this request ran; try again") }
    }

    // MARK: Enrolment with a one-time credential

    /// With the one-time credential an administrator issued, the user chooses a password;
    /// they get a new TOTP seed for their authenticator and a token to confirm it with the
    /// first code. Nothing is written until they confirm. A wrong or lapsed credential counts
    /// as a failed login.
    public func beginEnrolment(userID: String, oneTimeCredential: String, password: String, clientAddress: String) async throws -> EnrolmentStart {
        let time = now
        let account = (try? AccessValidation.check(AccessValidation.userIDProblem(userID))) != nil ? try self.account(userID) : nil
        let given = Self.credentialHash(oneTimeCredential)
        guard let account, let pending = account.pendingEnrolment, time < pending.expiresAt, !account.isLocked,
              account.disabledReason == nil, SessionStore.constantTimeEqual(pending.credentialHash, given)
        else {
            let reason = account == nil ? "enrolment for an unknown user" : "enrolment with a wrong, used or lapsed one-time credential"
            try await recordFailure(reason, userID: account?.userID ?? "", agency: account?.agency ?? "",
                                    stream: AccessEvent.loginStream(user: account?.userID ?? ""), clientAddress: clientAddress)
            throw Self.loginRefused
        }
        if let problem = PasswordPolicy.problem(with: password, userID: userID) {
            throw AccessError.invalid(field: "password", reason: problem)
        }
        let seed = SecondFactor.newSeed()
        let token = sessions.beginEnrolment(SessionStore.Enrolment(
            userID: userID, passwordHash: hashPassword(password), seed: seed, credentialHash: pending.credentialHash,
            expiresAt: time.adding(seconds: 10 * 60)))
        return EnrolmentStart(enrolmentToken: token, seed: seed, authenticatorURL: SecondFactor.authenticatorURL(seed: seed, userID: userID),
                              expiresAt: time.adding(seconds: 10 * 60))
    }

    /// The authenticator's first code confirms the enrolment: the password and the second
    /// factor are recorded as the user's own act, the one-time credential is spent, and the
    /// user is logged in.
    public func completeEnrolment(token: String, code: String, clientAddress: String) async throws -> LoginResult {
        let time = now
        guard let enrolment = sessions.enrolment(token, at: time) else {
            throw AccessError.authenticationFailed("no such enrolment, or it lapsed; start again with the one-time credential")
        }
        guard let step = SecondFactor.matchingStep(code: code, seed: enrolment.seed, at: time) else {
            throw AccessError.invalid(field: "code", reason: "is not the code the authenticator shows for the new seed")
        }
        let sealed = try secondFactor.seal(enrolment.seed)
        guard let account = try account(enrolment.userID) else { throw Self.loginRefused }
        let actor = EventActor(userID: enrolment.userID, agency: account.agency, clientAddress: clientAddress)
        let completed = try await writer.submit { transaction -> Bool in
            let current = try AccessProjection.user(enrolment.userID, in: transaction.tables(of: AccessProjection.self))
            guard current?.pendingEnrolment?.credentialHash == enrolment.credentialHash else { return false }
            let events: [(AccessEvent, String)] = [
                (.enrolmentCompleted(passwordHash: enrolment.passwordHash, sealedSecondFactor: sealed), AccessEvent.stream(user: enrolment.userID)),
                (.loginSucceeded(secondFactorStep: step), AccessEvent.loginStream(user: enrolment.userID)),
            ]
            try transaction.append(try events.map { EventDraft(type: $0.0.type, stream: $0.1, payload: try $0.0.payload()) }, actor: actor)
            return true
        }
        sessions.endEnrolment(token)
        guard completed, let enrolled = try self.account(enrolment.userID) else {
            throw AccessError.authenticationFailed("the one-time credential was reset or used meanwhile; ask for a new one")
        }
        return LoginResult(token: sessions.open(userID: enrolment.userID, at: time), account: enrolled,
                           idleTimeoutSeconds: rules.sessionIdleSeconds, banner: Self.banner)
    }

    // MARK: Sessions and keys

    /// The user behind a session token, if the session is active (an idle or expired session
    /// is ended, and that is recorded).
    public func authenticate(sessionToken token: String, clientAddress: String) async throws -> Principal {
        switch sessions.use(token, at: now, rules: rules) {
        case .unknown:
            throw AccessError.authenticationFailed("no such session; log in")
        case .idle(let userID), .expired(let userID):
            let account = try account(userID)
            try await append([(.loggedOut(reason: "session locked after \(rules.sessionIdleSeconds / 60) minutes idle or at its end"), AccessEvent.loginStream(user: userID))],
                             by: EventActor(userID: userID, agency: account?.agency ?? "", clientAddress: clientAddress))
            throw AccessError.authenticationFailed("the session was locked for inactivity; log in again")
        case .active(let userID):
            return try principal(userID, credential: .session)
        }
    }

    /// The user behind an API key (for system-to-system integrations).
    public func authenticate(apiKey: String) throws -> Principal {
        let hash = SessionStore.hash(apiKey)
        // The key's owner, whether it is revoked, and the account it acts as: one snapshot.
        let found = try ledger.read { transaction -> (keyID: String, account: UserAccount, agency: Agency)? in
            let reader = transaction.tables(of: AccessProjection.self)
            guard let owner = try AccessProjection.apiKeyOwner(hash: hash, in: reader),
                  let (account, agency) = try accountAndAgency(owner.userID, in: reader),
                  account.apiKeys.contains(where: { $0.keyID == owner.keyID && !$0.revoked })
            else { return nil }
            return (owner.keyID, account, agency)
        }
        guard let found else { throw AccessError.authenticationFailed("unknown or revoked API key") }
        return try principal(found.account, of: found.agency, credential: .apiKey(keyID: found.keyID))
    }

    private func principal(_ userID: String, credential: Principal.Credential) throws -> Principal {
        guard let (account, agency) = try accountAndAgency(userID) else {
            throw AccessError.authenticationFailed("the account no longer exists")
        }
        return try principal(account, of: agency, credential: credential)
    }

    /// The principal `account` makes, unless a lockout, a disablement or inactivity blocks it.
    /// An integration user's API key needs no password (nor an enrolment) to work.
    private func principal(_ account: UserAccount, of agency: Agency, credential: Principal.Credential) throws -> Principal {
        let userID = account.userID
        if let block = account.loginBlock(at: now, rules: rules) {
            let passwordless = block == .noPassword || block == .enrolmentPending
            if !passwordless || credential == .session {
                sessions.closeAll(of: userID)
                throw AccessError.accountBlocked(userID: userID, agency: account.agency, reason: Self.describe(block))
            }
        }
        return Principal(account: account, agency: agency, credential: credential)
    }

    public func logout(sessionToken token: String, principal: Principal, clientAddress: String) async throws {
        sessions.close(token)
        try await append([(.loggedOut(reason: "logged out"), AccessEvent.loginStream(user: principal.userID))],
                         by: principal.actor(clientAddress: clientAddress))
    }
}
