import Access
import Foundation
import Ledger
import Records
import Synchronization
import TestSupport

/// An access service over a fresh ledger with a bootstrapped administrator.
final class AccessFixture: @unchecked Sendable {
    static let start = CalendarDate(year: 2026, month: 6, day: 1)!.startOfDay.adding(seconds: 9 * 3_600)
    static let address = "10.9.9.9"
    /// Every test user's password (none contains a user id).
    static let userPassword = "Tulip-Harbor-47-Quiet"

    let directory = TemporaryDirectory()
    let clock = ManualClock(AccessFixture.start)
    let ledger: Ledger
    let writer: LedgerWriter
    let access: AccessService
    let administratorSeed: String
    let administratorPassword = "correct horse battery"

    init(passwordCost: UInt8 = 4) async throws {
        ledger = try Ledger(directory: directory.path, configuration: LedgerConfiguration(
            projections: RecordsService.projections() + [AccessService.projection], clock: clock))
        writer = LedgerWriter(ledger: ledger)
        access = AccessService(ledger: ledger, writer: writer, secondFactor: try SecondFactor(directory: directory.path), clock: clock, passwordCost: passwordCost)
        administratorSeed = try await access.bootstrap(
            administrator: "admin", name: "First administrator", agency: Agency(ori: "CA0000000", name: "State", access: .full, jurisdiction: .state),
            password: administratorPassword)
    }

    var today: CalendarDate { CalendarDate(clock.now()) }

    func code(_ seed: String) -> String { SecondFactor.code(seed: seed, at: clock.now()) }

    func loginAdministrator() async throws -> Principal {
        let result = try await access.login(userID: "admin", password: administratorPassword, code: code(administratorSeed), clientAddress: Self.address)
        clock.advance(seconds: 30)
        return try await access.authenticate(sessionToken: result.token, clientAddress: Self.address)
    }

    /// Registers `ori` and a user in it, who enrols with the one-time credential (choosing
    /// `userPassword` and getting a second factor), certified unless told not to; returns the
    /// user's TOTP seed.
    @discardableResult
    func makeUser(_ userID: String, ori: String = "CA0194200", roles: RoleSet = [.operator], certified: Bool = true,
                  access agencyAccess: AgencyAccess = .full, jurisdiction: Jurisdiction = .local, by administrator: Principal) async throws -> String {
        if try access.agency(ori) == nil {
            try await access.registerAgency(Agency(ori: ori, name: "Agency \(ori)", access: agencyAccess, jurisdiction: jurisdiction), by: administrator, clientAddress: Self.address)
        }
        let created = try await access.createUser(userID, agency: ori, name: "User \(userID)", roles: roles, assignedOn: today, by: administrator, clientAddress: Self.address)
        let seed = try await enrol(userID, credential: created.oneTimeCredential)
        if certified { _ = try await access.recordCertification(userID, on: today, by: administrator, clientAddress: Self.address) }
        return seed
    }

    /// The user's own enrolment with a one-time credential; returns their new TOTP seed.
    func enrol(_ userID: String, credential: String, password: String = AccessFixture.userPassword) async throws -> String {
        let start = try await access.beginEnrolment(userID: userID, oneTimeCredential: credential, password: password, clientAddress: Self.address)
        _ = try await access.completeEnrolment(token: start.enrolmentToken, code: code(start.seed), clientAddress: Self.address)
        // The enrolment used this step's code: the next login needs the next one.
        clock.advance(seconds: 30)
        return start.seed
    }

    func login(_ userID: String, seed: String, password: String? = nil) async throws -> LoginResult {
        defer { clock.advance(seconds: 30) }
        return try await access.login(userID: userID, password: password ?? Self.userPassword, code: code(seed), clientAddress: Self.address)
    }

    /// Every event of a stream, as (type, payload text).
    func events(of stream: String) throws -> [(type: String, payload: String)] {
        try ledger.read { try $0.streamEvents(stream).map { ($0.type, String(decoding: $0.payload ?? [], as: UTF8.self)) } }
    }
}
