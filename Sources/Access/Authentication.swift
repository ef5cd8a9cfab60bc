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

extension AccessService {
    /// Password and TOTP code → a session. Every attempt is an event; the fifth consecutive
    /// failure locks the account. The message never says which factor was wrong.
    public func login(userID: String, password: String, code: String, clientAddress: String) async throws -> LoginResult {
        let time = now
        let wellFormed = (try? AccessValidation.checkUserID(userID)) != nil
        let stream = AccessEvent.loginStream(user: wellFormed ? userID : "")
        guard wellFormed, let account = try account(userID) else {
            try await recordFailure("unknown user", userID: wellFormed ? userID : "", agency: "", stream: stream, clientAddress: clientAddress)
            throw AccessError.authenticationFailed("the user id, password or code is wrong")
        }
        let actor = EventActor(userID: userID, agency: account.agency, clientAddress: clientAddress)
        if let block = account.loginBlock(at: time, rules: rules) {
            try await append([(.loginFailed(reason: Self.describe(block)), stream)], by: actor)
            throw AccessError.authenticationFailed("the account cannot log in: \(Self.describe(block))")
        }
        guard let step = verify(password: password, code: code, for: account, at: time) else {
            try await recordFailure("wrong password or code", userID: userID, agency: account.agency, stream: stream, clientAddress: clientAddress)
            throw AccessError.authenticationFailed("the user id, password or code is wrong")
        }
        try await append([(.loginSucceeded(secondFactorStep: step), stream)], by: actor)
        let token = sessions.open(userID: userID, at: time)
        return LoginResult(token: token, account: account, idleTimeoutSeconds: rules.sessionIdleSeconds, banner: Self.banner)
    }

    /// The TOTP step of a correct password and code (not replayed), or nil.
    private func verify(password: String, code: String, for account: UserAccount, at time: LedgerTime) -> Int64? {
        guard let hash = account.passwordHash, PasswordHashing.verify(password, against: hash),
              let sealed = account.sealedSecondFactor, let seed = try? secondFactor.open(sealed),
              let step = SecondFactor.matchingStep(code: code, seed: seed, at: time), step > account.lastSecondFactorStep
        else { return nil }
        return step
    }

    /// Records a failed login, and locks the account when failures reach the limit, judged in
    /// the write transaction so concurrent failures are counted exactly.
    private func recordFailure(_ reason: String, userID: String, agency: String, stream: String, clientAddress: String) async throws {
        let actor = EventActor(userID: userID.isEmpty ? "unknown" : userID, agency: agency, clientAddress: clientAddress)
        let limit = rules.failuresBeforeLock
        let locked = try await writer.submit { transaction in
            try transaction.append(EventDraft(type: "LoginFailed", stream: stream, payload: try AccessEvent.loginFailed(reason: reason).payload()), actor: actor)
            guard !userID.isEmpty, let account = try AccessProjection.user(userID, in: transaction.tables(of: AccessProjection.self)),
                  !account.isLocked, account.consecutiveFailures >= limit
            else { return false }
            let lock = AccessEvent.accountLocked(reason: "\(limit) consecutive failed logins")
            try transaction.append(EventDraft(type: lock.type, stream: stream, payload: try lock.payload()), actor: actor)
            return true
        }
        if locked { sessions.closeAll(of: userID) }
    }

    static func describe(_ block: LoginBlock) -> String {
        switch block {
        case .disabled(let reason): return "disabled (\(reason))"
        case .locked: return "locked after repeated failed logins; a supervisor must unlock it"
        case .inactive(let since): return "disabled after 90 days without use (last active \(since))"
        case .noPassword: return "no password has been set"
        }
    }

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
            let reader = try transaction.tables(of: AccessProjection.self)
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
    private func principal(_ account: UserAccount, of agency: Agency, credential: Principal.Credential) throws -> Principal {
        let userID = account.userID
        if let block = account.loginBlock(at: now, rules: rules), block != .noPassword || credential == .session {
            sessions.closeAll(of: userID)
            throw AccessError.authenticationFailed("the account cannot be used: \(Self.describe(block))")
        }
        return Principal(account: account, agency: agency, credential: credential)
    }

    public func logout(sessionToken token: String, principal: Principal, clientAddress: String) async throws {
        sessions.close(token)
        try await append([(.loggedOut(reason: "logged out"), AccessEvent.loginStream(user: principal.userID))],
                         by: principal.actor(clientAddress: clientAddress))
    }
}
