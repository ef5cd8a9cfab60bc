import Access
import Foundation
import Ledger
import Records
import Testing
import TestSupport

/// The accounts as a misuse report reads them: as their events made them at each moment, and
/// the home address a manager (never the user) records.
@Suite("Account history")
struct AccountHistoryTests {
    /// A standing of `userID` just before `sequence`, judged at `time`.
    static func standing(_ fixture: AccessFixture, _ userID: String, before sequence: UInt64, at time: LedgerTime) throws -> UserStanding? {
        try fixture.ledger.read { transaction in
            try AccountHistory().personnel(in: transaction, through: try transaction.lastSequence())
                .standing(of: userID, before: sequence, at: time)
        }
    }

    static func lastSequence(_ fixture: AccessFixture) throws -> UInt64 { try fixture.ledger.read { try $0.lastSequence() } }

    @Test func eachAccessIsJudgedByTheAccountAsItStoodThen() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.makeUser("jdoe", roles: [.officer], by: administrator)
        let working = try Self.lastSequence(fixture) + 1
        _ = try await fixture.access.disable("jdoe", reason: "LEFT THE AGENCY", by: administrator, clientAddress: AccessFixture.address)
        let gone = try Self.lastSequence(fixture) + 1
        _ = try await fixture.access.enable("jdoe", by: administrator, clientAddress: AccessFixture.address)
        let back = try Self.lastSequence(fixture) + 1
        let now = fixture.clock.now()

        #expect(try Self.standing(fixture, "jdoe", before: 1, at: now) == nil, "no account before its creation")
        let before = try #require(try Self.standing(fixture, "jdoe", before: working, at: now))
        #expect(before.barredBecause == nil && before.name == "User jdoe" && before.surname == "JDOE")
        #expect(before.purposes == [.criminalJustice, .domesticViolence, .exigentChildPlacement])
        #expect(try Self.standing(fixture, "jdoe", before: gone, at: now)?.barredBecause == "disabled (LEFT THE AGENCY)")
        #expect(try Self.standing(fixture, "jdoe", before: back, at: now)?.barredBecause == nil)
        // Time-bound rules are judged at the access: two years on, the certification has lapsed;
        // unused for 90 days, the account is past the inactivity limit.
        let later = try #require(try Self.standing(fixture, "jdoe", before: back, at: now.adding(seconds: 731 * 86_400)))
        #expect(later.barredBecause?.hasPrefix("unused since") == true, "\(later)")
        #expect(try Self.standing(fixture, "nobody", before: back, at: now) == nil)
    }

    @Test func aManagerRecordsAHomeAddressAndNobodyRecordsTheirOwn() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.makeUser("jdoe", roles: [.officer], by: administrator)
        let supervisorSeed = try await fixture.makeUser("sup", roles: [.supervisor], by: administrator)
        let supervisor = try await fixture.access.authenticate(sessionToken: try await fixture.login("sup", seed: supervisorSeed).token, clientAddress: AccessFixture.address)

        let recorded = try await fixture.access.recordHomeAddress("jdoe", address: "12 Elm Street, Sacramento CA", by: supervisor, clientAddress: AccessFixture.address)
        #expect(recorded.homeAddress == "12 Elm Street, Sacramento CA")
        #expect(try Self.standing(fixture, "jdoe", before: .max, at: fixture.clock.now())?.address == "12 ELM ST")

        // Their own: refused and recorded (a false address would hide their own lookups).
        let own = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.recordHomeAddress("sup", address: "1 Nowhere Road", by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(own?.eventSequence != nil)
        #expect(try fixture.events(of: "denials/CA0194200").last?.payload.contains("own-account") == true)
        let empty = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.recordHomeAddress("jdoe", address: " # ", by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(empty?.description.hasPrefix("address:") == true, "\(String(describing: empty))")
        #expect(try fixture.access.account("jdoe")?.homeAddress == "12 Elm Street, Sacramento CA")
    }
}
