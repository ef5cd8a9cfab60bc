import Synchronization
@testable import Access
import Foundation
import Ledger
import Records
import Testing
import TestSupport

/// One test per defect the security review found, named after it; each failed before its fix.
@Suite("Security: escalation, takeover, refusals on the record, passwords")
struct SecurityTests {
    func principal(_ fixture: AccessFixture, _ userID: String, seed: String) async throws -> Principal {
        try await fixture.access.authenticate(sessionToken: try await fixture.login(userID, seed: seed).token, clientAddress: AccessFixture.address)
    }

    /// The last event of a stream, decoded as an access event.
    func lastDenial(_ fixture: AccessFixture, agency: String) throws -> (type: String, payload: String)? {
        try fixture.events(of: "denials/" + agency).last
    }

    @Test func aSupervisorCannotGrantItselfAuditorCertifyItselfOrCreateAuditors() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("sup-la", ori: "CA0194200", roles: [.supervisor], by: administrator)
        let supervisor = try await principal(fixture, "sup-la", seed: seed)
        try await fixture.makeUser("op-la", ori: "CA0194200", roles: [.operator], by: administrator)

        let ownRoles = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.setRoles("sup-la", roles: [.supervisor, .auditor], by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(ownRoles?.description.contains("rule own-account") == true && ownRoles?.eventSequence != nil)
        let ownCertification = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.recordCertification("sup-la", on: fixture.today, by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(ownCertification?.description.contains("rule own-account") == true)
        let auditor = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.createUser("aud-la", agency: "CA0194200", name: "Auditor", roles: [.auditor], assignedOn: fixture.today, by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(auditor?.description.contains("rule above-own-role") == true)
        let promote = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.setRoles("op-la", roles: [.operator, .auditor], by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(promote?.description.contains("rule above-own-role") == true)
        let administratorRole = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.setRoles("op-la", roles: [.administrator], by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(administratorRole?.eventSequence != nil)
        // What a supervisor may do, it still does.
        #expect(try await fixture.access.setRoles("op-la", roles: [.operator, .officer], by: supervisor, clientAddress: AccessFixture.address).roles == [.officer, .operator])
        // Every attempt is an event naming its target and the reason.
        let denials = try fixture.events(of: "denials/CA0194200")
        #expect(denials.count == 5)
        #expect(denials.allSatisfy { $0.type == "AccessDenied" && $0.payload.contains("\"target\"") && $0.payload.contains("\"reason\"") })
        #expect(denials.first?.payload.contains("user/sup-la") == true)
        #expect(try fixture.access.account("sup-la")?.roles == [.supervisor])
    }

    @Test func aSupervisorCannotTouchAUserHoldingARoleAboveItsOwn() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("sup-la", ori: "CA0194200", roles: [.supervisor], by: administrator)
        let supervisor = try await principal(fixture, "sup-la", seed: seed)
        try await fixture.makeUser("aud-la", ori: "CA0194200", roles: [.auditor], by: administrator)
        for attempt in [
            { try await fixture.access.disable("aud-la", reason: "inconvenient", by: supervisor, clientAddress: AccessFixture.address) },
            { _ = try await fixture.access.resetCredentials("aud-la", by: supervisor, clientAddress: AccessFixture.address).account },
        ] as [@Sendable () async throws -> Any] {
            let refusal = await #expect(throws: AccessError.self) { _ = try await attempt() }
            #expect(refusal?.description.contains("rule above-own-role") == true)
        }
        #expect(try fixture.access.account("aud-la")?.disabledReason == nil)
    }

    @Test func userCreationIsDecidedInTheWriterSoARaceCreatesOneAccount() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.access.registerAgency(Agency(ori: "CA0194200", name: "LAPD", access: .full), by: administrator, clientAddress: AccessFixture.address)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for attempt in 0..<12 {
                group.addTask {
                    (try? await fixture.access.createUser(
                        "racer", agency: "CA0194200", name: "Attempt \(attempt)", roles: [.officer], assignedOn: fixture.today,
                        by: administrator, clientAddress: AccessFixture.address)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1, "exactly one creation wins")
        #expect(try fixture.events(of: "user/racer").filter { $0.type == "UserCreated" }.count == 1)
        #expect(try fixture.events(of: "denials/CA0000000").filter { $0.payload.contains("never reused") }.count == 11, "every loser is refused on the record")
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    @Test func aCredentialResetEndsSessionsIssuesAOneTimeCredentialAndLeavesTheManagerNoWayIn() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        let session = try await fixture.login("jdoe", seed: seed)
        let reset = try await fixture.access.resetCredentials("jdoe", by: administrator, clientAddress: AccessFixture.address)
        #expect(reset.account.passwordHash == nil && reset.account.sealedSecondFactor == nil && reset.account.pendingEnrolment != nil)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.authenticate(sessionToken: session.token, clientAddress: AccessFixture.address)
        }
        // The old password and factor are gone: nobody, the manager included, logs in with them.
        await #expect(throws: AccessService.loginRefused) { _ = try await fixture.login("jdoe", seed: seed) }
        let event = try #require(try fixture.events(of: "user/jdoe").last)
        #expect(event.type == "CredentialsReset")
        let actor = try fixture.ledger.read { try $0.streamEvents("user/jdoe").last?.actor.userID }
        #expect(actor == "admin", "recorded with the administrator as actor")
        // The user sets their own, as their own act.
        let newSeed = try await fixture.enrol("jdoe", credential: reset.oneTimeCredential, password: "Quartz-Meadow-19-Bright")
        #expect(newSeed != seed)
        let enrolled = try fixture.ledger.read { try $0.streamEvents("user/jdoe").last }
        #expect(enrolled?.type == "EnrolmentCompleted" && enrolled?.actor.userID == "jdoe")
        _ = try await fixture.login("jdoe", seed: newSeed, password: "Quartz-Meadow-19-Bright")
        // A credential works once.
        await #expect(throws: AccessService.loginRefused) {
            _ = try await fixture.access.beginEnrolment(userID: "jdoe", oneTimeCredential: reset.oneTimeCredential, password: "Another-Good-One-77", clientAddress: AccessFixture.address)
        }
    }

    @Test func aLapsedOrWrongOneTimeCredentialIsRefusedAndCounted() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.access.registerAgency(Agency(ori: "CA0194200", name: "LAPD", access: .full), by: administrator, clientAddress: AccessFixture.address)
        let created = try await fixture.access.createUser("late", agency: "CA0194200", name: "Late", roles: [.officer], assignedOn: fixture.today, by: administrator, clientAddress: AccessFixture.address)
        await #expect(throws: AccessService.loginRefused) {
            _ = try await fixture.access.beginEnrolment(userID: "late", oneTimeCredential: "AAAA-BBBB-CCCC-DDDD-EEEE", password: "Quartz-Meadow-19-Bright", clientAddress: AccessFixture.address)
        }
        fixture.clock.advance(seconds: 73 * 3_600)
        await #expect(throws: AccessService.loginRefused) {
            _ = try await fixture.access.beginEnrolment(userID: "late", oneTimeCredential: created.oneTimeCredential, password: "Quartz-Meadow-19-Bright", clientAddress: AccessFixture.address)
        }
        #expect(try fixture.events(of: "auth/late").map(\.type) == ["LoginFailed", "LoginFailed"])
    }

    @Test func wrongCurrentPasswordsCountTowardLockout() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        let user = try await principal(fixture, "jdoe", seed: seed)
        for attempt in 1...5 {
            let refused = await #expect(throws: AccessError.self, "attempt \(attempt)") {
                try await fixture.access.changeOwnPassword(current: "guess-number-\(attempt)", new: "Quartz-Meadow-19-Bright", by: user, clientAddress: AccessFixture.address)
            }
            #expect(refused?.eventSequence != nil)
        }
        #expect(try fixture.access.account("jdoe")?.isLocked == true)
        #expect(try fixture.events(of: "auth/jdoe").suffix(6).map(\.type) == Array(repeating: "LoginFailed", count: 5) + ["AccountLocked"])
    }

    @Test func loginAnswersDoNotRevealAccountStateOrExistence() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("jdoe", by: administrator)
        _ = try await fixture.access.disable("jdoe", reason: "under investigation IA-2026-17", by: administrator, clientAddress: AccessFixture.address)
        var answers: Set<String> = []
        for (userID, password) in [("jdoe", "Wrong-password-1"), ("jdoe", AccessFixture.userPassword), ("nobody-here", "Wrong-password-1")] {
            let refused = await #expect(throws: AccessError.self) {
                _ = try await fixture.access.login(userID: userID, password: password, code: fixture.code(seed), clientAddress: AccessFixture.address)
            }
            answers.insert(refused?.description ?? "")
        }
        #expect(answers == [AccessService.loginRefused.description])
        #expect(!AccessService.loginRefused.description.contains("IA-2026-17"))
        #expect(try fixture.events(of: "auth/jdoe").last?.payload.contains("IA-2026-17") == true, "the reason goes to the event")
    }

    /// Failed logins with malformed user ids are recorded on a stream no account can own:
    /// they once went to `auth/unknown`, and counted against a user named "unknown".
    @Test func malformedUserIDsNeverCountAgainstAnAccount() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("unknown", by: administrator)
        for attempt in 0..<6 {
            _ = try? await fixture.access.login(userID: "Bad User \(attempt)!", password: "Wrong-password-1", code: "000000", clientAddress: AccessFixture.address)
        }
        #expect(try fixture.access.account("unknown")?.consecutiveFailures == 0)
        _ = try await fixture.login("unknown", seed: seed)
        #expect(try fixture.events(of: "auth/(malformed)").count == 6)
    }

    @Test func anUnknownUserCostsTheSameBcryptWorkAsAKnownOne() async throws {
        let fixture = try await AccessFixture(passwordCost: 5)
        let administrator = try await fixture.loginAdministrator()
        try await fixture.makeUser("jdoe", by: administrator)
        let known = try #require(fixture.access.account("jdoe")?.passwordHash)
        /// The costs of the hashes one login verified against ("$2b$05$…" → 5).
        func costs(ofLoginAs userID: String) async -> [Int] {
            let seen = Mutex<[Int]>([])
            await PasswordHashing.$verificationObserver.withValue({ hash in
                seen.withLock { $0.append(Int(hash.split(separator: "$")[1]) ?? -1) }
            }) {
                _ = try? await fixture.access.login(userID: userID, password: "Wrong-password-1", code: "000000", clientAddress: AccessFixture.address)
            }
            return seen.withLock { $0 }
        }
        let knownCost = Int(known.split(separator: "$")[1])
        #expect(await costs(ofLoginAs: "jdoe") == [knownCost])
        #expect(await costs(ofLoginAs: "nobody-here") == [knownCost], "an unknown user is checked against a hash of the same cost")
        #expect(await costs(ofLoginAs: "bad user!") == [knownCost], "so is a malformed user id")
        for _ in 0..<5 { _ = await costs(ofLoginAs: "jdoe") }
        #expect(await costs(ofLoginAs: "jdoe") == [knownCost], "and a locked account")
    }

    @Test(arguments: [
        (String(repeating: "a", count: 60) + "ZZZZ-1234-é", true),
        (String(repeating: "Quartz-19-", count: 8), false),
        (String(repeating: "é", count: 37), false),
    ])
    func passwordsLongerThan72BytesAreRefused(password: String, accepted: Bool) {
        let problem = PasswordPolicy.problem(with: password, userID: "jdoe")
        #expect((problem == nil) == accepted, "\(password.utf8.count) bytes: \(problem ?? "accepted")")
        if !accepted { #expect(problem?.contains("72 bytes") == true) }
    }

    @Test func textFieldsOfAccountsAndAgenciesRefuseControlAndBidirectionalCharacters() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        for name in ["LAPD\u{0}", "LAPD\u{202E}DPAL", "LA\nPD", "\u{1B}[31mLAPD"] {
            await #expect(throws: AccessError.self, "\(name.debugDescription)") {
                try await fixture.access.registerAgency(Agency(ori: "CA0194200", name: name, access: .full), by: administrator, clientAddress: AccessFixture.address)
            }
        }
        try await fixture.access.registerAgency(Agency(ori: "CA0194200", name: "Los Ángeles PD", access: .full), by: administrator, clientAddress: AccessFixture.address)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.createUser("u-1", agency: "CA0194200", name: String(repeating: "N", count: 10_000), roles: [.officer], assignedOn: fixture.today, by: administrator, clientAddress: AccessFixture.address)
        }
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.createUser("u-1", agency: "CA0194200", name: "Bob\u{2066}", roles: [.officer], assignedOn: fixture.today, by: administrator, clientAddress: AccessFixture.address)
        }
    }

    @Test func aCertificationBeforeTheAssignmentIsRefused() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.makeUser("jdoe", certified: false, by: administrator)
        let refused = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.recordCertification("jdoe", on: fixture.today.adding(days: -1), by: administrator, clientAddress: AccessFixture.address)
        }
        #expect(refused?.description.contains("before the user was assigned") == true)
    }
}
