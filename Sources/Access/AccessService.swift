import Foundation
import Ledger
import Records

/// Identities and access over the ledger: agencies, users, logins, sessions, API keys. Every
/// change, every login (succeeded or failed), every lockout and every denial is an event.
public final class AccessService: Sendable {
    public let ledger: Ledger
    public let writer: LedgerWriter
    public let rules: AccountRules
    let secondFactor: SecondFactor
    let clock: any LedgerClock
    /// bcrypt's cost: 2^cost rounds. 10 takes tens of milliseconds; tests use 4.
    let passwordCost: UInt8
    let sessions = SessionStore()
    let authenticationFailures = AuthenticationFailureLog()
    /// Uses of valid credentials of accounts that cannot be used, keyed by user and agency: the
    /// first of each in a window recorded against the account, the rest counted (a locked
    /// integration account polling must not write an event a request).
    let blockedUses = AuthenticationFailureLog()
    let decodedAccounts = DecodedValueCache<UserAccount>(limit: 10_000)
    let decodedAgencies = DecodedValueCache<Agency>(limit: 2_000)
    /// A bcrypt hash of nothing anyone knows, at the service's cost: checked against for an
    /// unknown user, so that a login costs the same whether the user exists or not.
    let dummyPasswordHash: String

    /// The text every login page and every login answer shows.
    public static let banner = """
        This system is restricted to authorised users for official criminal-justice purposes. \
        All use is monitored and recorded, and using it is consent to that monitoring. \
        Unauthorised access or use, or disclosing its information without authority, is a crime \
        (California Penal Code sections 11142 and 13303; FBI CJIS Security Policy).
        """

    public static var projection: any Projection { AccessProjection() }

    public init(
        ledger: Ledger, writer: LedgerWriter, secondFactor: SecondFactor, clock: any LedgerClock = SystemClock(),
        rules: AccountRules = .standard, passwordCost: UInt8 = 10
    ) {
        precondition(ledger.projections.contains { $0.name == "access" }, "the ledger must fold AccessProjection")
        self.ledger = ledger
        self.writer = writer
        self.secondFactor = secondFactor
        self.clock = clock
        self.rules = rules
        self.passwordCost = passwordCost
        dummyPasswordHash = PasswordHashing.hash(SessionStore.newToken(), cost: passwordCost)
    }

    var now: LedgerTime { clock.now() }

    // MARK: Reads

    public func account(_ userID: String) throws -> UserAccount? {
        try ledger.read { try account(userID, in: $0.tables(of: AccessProjection.self)) }
    }

    public func agency(_ ori: String) throws -> Agency? {
        try ledger.read { try agency(ori, in: $0.tables(of: AccessProjection.self)) }
    }

    /// A user and their agency, read in one transaction (every authenticated request does).
    func accountAndAgency(_ userID: String) throws -> (account: UserAccount, agency: Agency)? {
        try ledger.read { try accountAndAgency(userID, in: $0.tables(of: AccessProjection.self)) }
    }

    func accountAndAgency(_ userID: String, in reader: any ProjectionReader) throws -> (account: UserAccount, agency: Agency)? {
        guard let account = try account(userID, in: reader), let agency = try agency(account.agency, in: reader) else { return nil }
        return (account, agency)
    }

    private func account(_ userID: String, in reader: any ProjectionReader) throws -> UserAccount? {
        try AccessProjection.storedUser(userID, in: reader).map { try decodedAccounts.value(forKey: userID, stored: $0) }
    }

    private func agency(_ ori: String, in reader: any ProjectionReader) throws -> Agency? {
        try AccessProjection.storedAgency(ori, in: reader).map { try decodedAgencies.value(forKey: ori, stored: $0) }
    }

    /// The registered agencies whose ORI starts with `prefix`, in ORI order, at most `limit`.
    public func agencies(withPrefix prefix: String, limit: Int) throws -> [String] {
        try ledger.read { transaction in
            var found: [String] = []
            try transaction.tables(of: AccessProjection.self).forEach(in: AccessProjection.agencies, keyPrefix: Array(prefix.utf8)) { key, _ in
                found.append(String(decoding: key, as: UTF8.self))
                return found.count < limit
            }
            return found
        }
    }

    public func users(of ori: String) throws -> [UserAccount] {
        try ledger.read { try AccessProjection.users(of: ori, in: $0.tables(of: AccessProjection.self)) }
    }

    /// Whether any user exists (a fresh ledger has none until bootstrap).
    public func hasUsers() throws -> Bool {
        try ledger.read { try $0.tables(of: AccessProjection.self).entries(in: AccessProjection.users).isEmpty == false }
    }

    // MARK: Appending

    /// Appends access events (one command), through the group-commit writer.
    @discardableResult
    func append(_ events: [(AccessEvent, stream: String)], by actor: EventActor) async throws -> [AppendedEvent] {
        let drafts = try events.map { EventDraft(type: $0.0.type, stream: $0.stream, payload: try $0.0.payload()) }
        return try await writer.append(drafts, actor: actor).events
    }

    // MARK: First start

    /// On a ledger with no users: registers the first agency and its administrator with a
    /// password and a second factor, certified today. Returns the TOTP seed, shown once.
    public func bootstrap(administrator userID: String, name: String, agency: Agency, password: String) async throws -> String {
        guard try !hasUsers() else { throw AccessError.denied(rule: "bootstrap", reason: "the ledger already has users") }
        try AccessValidation.check(AccessValidation.userIDProblem(userID))
        try AccessValidation.check(AccessValidation.agencyProblem(agency))
        if let problem = PasswordPolicy.problem(with: password, userID: userID) { throw AccessError.invalid(field: "password", reason: problem) }
        let seed = SecondFactor.newSeed()
        let today = CalendarDate(now)
        let actor = EventActor(userID: userID, agency: agency.ori, clientAddress: "local")
        try await append([
            (.agencyRegistered(agency), AccessEvent.stream(agency: agency.ori)),
            (.userCreated(userID: userID, agency: agency.ori, name: name, roles: [.administrator], assignedOn: today), AccessEvent.stream(user: userID)),
            (.passwordChanged(hash: hashPassword(password)), AccessEvent.stream(user: userID)),
            (.secondFactorEnrolled(sealedSecret: try secondFactor.seal(seed)), AccessEvent.stream(user: userID)),
            (.certificationRecorded(on: today), AccessEvent.stream(user: userID)),
        ], by: actor)
        return seed
    }

    func hashPassword(_ password: String) -> String {
        PasswordHashing.hash(password, cost: passwordCost)
    }
}
