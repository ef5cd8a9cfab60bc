import Access
import Foundation
import Ledger
import LMDB
import Records
import Testing
import TestSupport

@Suite("Authentication: passwords, second factor, lockout, sessions")
struct AuthenticationTests {
    @Test func theFirstAdministratorIsCreatedOnceAndCanLogIn() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        #expect(administrator.account.roles == [.administrator])
        #expect(administrator.agency.jurisdiction == .state)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.bootstrap(administrator: "other", name: "X", agency: Agency(ori: "CA0000000", name: "S", access: .full), password: "another good one")
        }
        #expect(try fixture.events(of: "auth/admin").map(\.type) == ["LoginSucceeded"])
    }

    @Test(arguments: [
        ("short1!", "at least 8"), ("password123", "most common"), ("xx-admin-xx", "user id"), ("aaaaaaaaaaaa", "four different"), ("abababab", "four different"),
    ])
    func weakPasswordsAreRefused(password: String, expected: String) async throws {
        let fixture = try await AccessFixture()
        let problem = PasswordPolicy.problem(with: password, userID: "admin")
        #expect(problem?.contains(expected) == true, "\(password): \(String(describing: problem))")
        #expect(PasswordPolicy.problem(with: "Tulip-Harbor-47", userID: "admin") == nil)
        let administrator = try await fixture.loginAdministrator()
        let refused = await #expect(throws: AccessError.self) {
            try await fixture.access.changeOwnPassword(current: fixture.administratorPassword, new: password, by: administrator, clientAddress: AccessFixture.address)
        }
        #expect(refused?.description == "password: \(problem ?? "")")
        #expect(refused?.eventSequence != nil, "the refusal is recorded")
    }

    @Test func changingYourOwnPasswordNeedsTheCurrentOne() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        let user = try await fixture.access.authenticate(sessionToken: try await fixture.login("jdoe", seed: seed).token, clientAddress: AccessFixture.address)
        let wrong = await #expect(throws: AccessError.self) {
            try await fixture.access.changeOwnPassword(current: "wrong-one-entirely", new: "Marble-Canyon-88-Still", by: user, clientAddress: AccessFixture.address)
        }
        #expect(wrong?.description == "currentPassword: is wrong")
        try await fixture.access.changeOwnPassword(current: AccessFixture.userPassword, new: "Marble-Canyon-88-Still", by: user, clientAddress: AccessFixture.address)
        _ = try await fixture.login("jdoe", seed: seed, password: "Marble-Canyon-88-Still")
    }

    @Test func everyFailureIsRecordedAndTheFifthLocksTheAccount() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        for attempt in 1...5 {
            await #expect(throws: AccessService.loginRefused, "attempt \(attempt)") {
                _ = try await fixture.login("jdoe", seed: seed, password: "Wrong-password-\(attempt)")
            }
        }
        #expect(try fixture.access.account("jdoe")?.isLocked == true)
        let loginEvents = try fixture.events(of: "auth/jdoe").map(\.type)
        #expect(loginEvents == ["LoginSucceeded"] + Array(repeating: "LoginFailed", count: 5) + ["AccountLocked"], "the enrolment's login, then the failures")
        await #expect(throws: AccessService.loginRefused) { _ = try await fixture.login("jdoe", seed: seed) }
        #expect(try fixture.events(of: "auth/jdoe").last?.payload.contains("locked") == true, "the reason goes to the event only")
        _ = try await fixture.access.unlock("jdoe", by: administrator, clientAddress: AccessFixture.address)
        _ = try await fixture.login("jdoe", seed: seed)
    }

    @Test func aSecondFactorCodeCannotBeReplayedOrWrong() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        let code = fixture.code(seed)
        _ = try await fixture.access.login(userID: "jdoe", password: AccessFixture.userPassword, code: code, clientAddress: AccessFixture.address)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.login(userID: "jdoe", password: AccessFixture.userPassword, code: code, clientAddress: AccessFixture.address)
        }
        fixture.clock.advance(seconds: 120)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.login(userID: "jdoe", password: AccessFixture.userPassword, code: "000000", clientAddress: AccessFixture.address)
        }
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.login(userID: "nobody", password: "whatever-it-is", code: "123456", clientAddress: AccessFixture.address)
        }
        #expect(try fixture.events(of: "auth/nobody").map(\.type) == ["LoginFailed"])
    }

    @Test func aSessionLocksAfterThirtyIdleMinutesAndLogoutEndsIt() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        let session = try await fixture.login("jdoe", seed: seed)
        fixture.clock.advance(seconds: 29 * 60)
        let principal = try await fixture.access.authenticate(sessionToken: session.token, clientAddress: AccessFixture.address)
        fixture.clock.advance(seconds: 30 * 60)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.authenticate(sessionToken: session.token, clientAddress: AccessFixture.address)
        }
        #expect(try fixture.events(of: "auth/jdoe").last?.type == "LoggedOut")
        let again = try await fixture.login("jdoe", seed: seed)
        try await fixture.access.logout(sessionToken: again.token, principal: principal, clientAddress: AccessFixture.address)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.authenticate(sessionToken: again.token, clientAddress: AccessFixture.address)
        }
    }

    @Test func anAccountUnusedNinetyDaysIsDisabledUntilReEnabled() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        _ = try await fixture.login("jdoe", seed: seed)
        fixture.clock.advance(days: 89)
        let fresh = try await fixture.loginAdministrator()
        fixture.clock.advance(days: 2)
        await #expect(throws: AccessService.loginRefused) { _ = try await fixture.login("jdoe", seed: seed) }
        #expect(try fixture.events(of: "auth/jdoe").last?.payload.contains("90 days") == true)
        _ = try await fixture.access.enable("jdoe", by: fresh, clientAddress: AccessFixture.address)
        _ = try await fixture.login("jdoe", seed: seed)
    }

    @Test func apiKeysAuthenticateUntilRevokedAndAreStoredOnlyAsHashes() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.makeUser("cad-system", roles: [.officer], by: administrator)
        let created = try await fixture.access.createAPIKey(for: "cad-system", label: "dispatch", by: administrator, clientAddress: AccessFixture.address)
        #expect(try fixture.access.authenticate(apiKey: created.key).userID == "cad-system")
        try await fixture.access.revokeAPIKey(created.keyID, of: "cad-system", by: administrator, clientAddress: AccessFixture.address)
        #expect(throws: AccessError.self) { try fixture.access.authenticate(apiKey: created.key) }
        try await assertNowhereInStorage(created.key, fixture)
        try await assertNowhereInStorage(AccessFixture.userPassword, fixture)
        try await assertNowhereInStorage(fixture.administratorPassword, fixture)
    }

    /// Searches every byte of the data file for a secret.
    private func assertNowhereInStorage(_ secret: String, _ fixture: AccessFixture) async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.directory.path + "/ledger/data.mdb"))
        #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) is stored in the clear")
    }
}
