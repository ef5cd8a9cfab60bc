@testable import Access
import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

@Suite("Administration, certification and the access policy")
struct AdministrationTests {
    @Test func supervisorsManageOnlyTheirOwnAgencyAndCannotMakeAdministrators() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("sup-la", ori: "CA0194200", roles: [.supervisor], by: administrator)
        try await fixture.access.registerAgency(Agency(ori: "CA0340000", name: "Sacramento SO", access: .full), by: administrator, clientAddress: AccessFixture.address)
        let supervisor = try await fixture.access.authenticate(sessionToken: try await fixture.login("sup-la", seed: seed).token, clientAddress: AccessFixture.address)
        let created = try await fixture.access.createUser("op-la", agency: "CA0194200", name: "Operator", roles: [.operator], assignedOn: fixture.today, by: supervisor, clientAddress: AccessFixture.address)
        #expect(created.account.agency == "CA0194200")
        let otherAgency = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.createUser("op-sac", agency: "CA0340000", name: "X", roles: [.operator], assignedOn: fixture.today, by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(otherAgency?.description.contains("rule own-agency") == true)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.createUser("boss", agency: "CA0194200", name: "X", roles: [.administrator], assignedOn: fixture.today, by: supervisor, clientAddress: AccessFixture.address)
        }
        #expect(try fixture.events(of: "denials/CA0194200").map(\.type) == ["AccessDenied", "AccessDenied"])
    }

    @Test func aRefusedChangeLogsNobodyOut() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("op-1", by: administrator)
        let session = try await fixture.login("op-1", seed: seed)
        let operatorPrincipal = try await fixture.access.authenticate(sessionToken: session.token, clientAddress: AccessFixture.address)
        let adminSession = try await fixture.access.login(
            userID: "admin", password: fixture.administratorPassword, code: fixture.code(fixture.administratorSeed), clientAddress: AccessFixture.address)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.setRoles("admin", roles: [.operator], by: operatorPrincipal, clientAddress: AccessFixture.address)
        }
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.disable("admin", reason: "x", by: operatorPrincipal, clientAddress: AccessFixture.address)
        }
        _ = try await fixture.access.authenticate(sessionToken: adminSession.token, clientAddress: AccessFixture.address)
        _ = try await fixture.access.disable("op-1", reason: "left", by: administrator, clientAddress: AccessFixture.address)
        await #expect(throws: AccessError.self) {
            _ = try await fixture.access.authenticate(sessionToken: session.token, clientAddress: AccessFixture.address)
        }
    }

    @Test func theAuthenticatorLinkCarriesTheSeedAndGivesItBack() {
        let seed = SecondFactor.newSeed()
        let link = SecondFactor.authenticatorURL(seed: seed, userID: "u")
        #expect(link.hasPrefix("otpauth://totp/") && link.contains("secret=\(SecondFactor.authenticatorKey(seed: seed))"))
        #expect(SecondFactor.seed(fromLinkOrSeed: link) == seed)
        #expect(SecondFactor.seed(fromLinkOrSeed: seed) == seed)
        #expect(SecondFactor.authenticatorKey(seed: "12345678901234567890") == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test func userIDsAreNeverReused() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        try await fixture.makeUser("jdoe", by: administrator)
        _ = try await fixture.access.disable("jdoe", reason: "left the agency", by: administrator, clientAddress: AccessFixture.address)
        let reused = await #expect(throws: AccessError.self) {
            _ = try await fixture.access.createUser("jdoe", agency: "CA0194200", name: "New", roles: [.officer], assignedOn: fixture.today, by: administrator, clientAddress: AccessFixture.address)
        }
        #expect(reused?.description == "userID: jdoe is taken; user ids are never reused")
        #expect(reused?.eventSequence != nil)
    }

    @Test func certificationIsNeededToTouchRecordsAndLapsesAfterTwoYears() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("rookie", certified: false, by: administrator)
        let rookie = try await fixture.access.authenticate(sessionToken: try await fixture.login("rookie", seed: seed).token, clientAddress: AccessFixture.address)
        let denial = AccessPolicy.denial(of: .query, to: rookie, at: fixture.clock.now())
        #expect(denial?.rule == "certification")
        #expect(denial?.reason.contains("training due by 20261201") == true)
        #expect(AccessPolicy.denial(of: .verifyLedger, to: rookie, at: fixture.clock.now())?.rule == "role")
        let certified = try await fixture.access.recordCertification("rookie", on: fixture.today, by: administrator, clientAddress: AccessFixture.address)
        let now = Principal(account: certified, agency: rookie.agency, credential: .session)
        #expect(AccessPolicy.denial(of: .query, to: now, at: fixture.clock.now()) == nil)
        #expect(AccessPolicy.denial(of: .query, to: now, at: fixture.clock.now().adding(seconds: 731 * 86_400))?.reason.contains("lapsed") == true)
    }

    @Test func inquiryOnlyAgenciesCannotChangeRecordsAndCourtClerksQueryForCourtPurposesOnly() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("op-small", ori: "CA0010000", access: .inquiryOnly, by: administrator)
        let operatorPrincipal = try await fixture.access.authenticate(sessionToken: try await fixture.login("op-small", seed: seed).token, clientAddress: AccessFixture.address)
        #expect(AccessPolicy.denial(of: .enterRecords, to: operatorPrincipal, at: fixture.clock.now())?.rule == "agency-access")
        #expect(AccessPolicy.denial(of: .query, to: operatorPrincipal, at: fixture.clock.now()) == nil)
        let clerkSeed = try await fixture.makeUser("clerk", ori: "CA034015J", roles: [.courtClerk], by: administrator)
        let clerk = try await fixture.access.authenticate(sessionToken: try await fixture.login("clerk", seed: clerkSeed).token, clientAddress: AccessFixture.address)
        #expect(AccessPolicy.denial(of: QueryContext(purpose: .licensingOrEmployment), to: clerk)?.rule == "purpose")
        #expect(AccessPolicy.denial(of: QueryContext(purpose: .domesticViolence, caseNumber: "X"), to: clerk) == nil)
        #expect(AccessPolicy.denial(of: QueryContext(purpose: .criminalJustice, includeInactive: true), to: operatorPrincipal) == nil)
        #expect(AccessPolicy.denial(of: QueryContext(purpose: .administrative, includeInactive: true), to: operatorPrincipal)?.rule == "historical-file")

        // A read by number: refused only for its purpose; the historical file granted to those
        // a search may show it, for that purpose, and to nobody else.
        let officerSeed = try await fixture.makeUser("officer", ori: "CA0010000", roles: [.officer], by: administrator)
        let officer = try await fixture.access.authenticate(sessionToken: try await fixture.login("officer", seed: officerSeed).token, clientAddress: AccessFixture.address)
        func granted(_ purpose: PurposeCode, _ principal: Principal) -> Bool? {
            try? AccessPolicy.readByNumber(QueryContext(purpose: purpose, caseNumber: "R-1", includeInactive: true), by: principal).get().includeInactive
        }
        #expect(granted(.criminalJustice, operatorPrincipal) == true)
        #expect(granted(.administrative, operatorPrincipal) == false, "a read for another purpose runs without the historical file")
        #expect(granted(.criminalJustice, officer) == false)
        #expect(granted(.criminalJustice, clerk) == true)
        let refused = AccessPolicy.readByNumber(QueryContext(purpose: .licensingOrEmployment, includeInactive: true), by: clerk)
        #expect((try? refused.get()) == nil)
        if case .failure(let denial) = refused { #expect(denial.rule == "purpose") }
    }
}

@Suite("Disclosure of restricted data")
struct DisclosureTests {
    static let now = LedgerTime(microsecondsSinceEpoch: 1_780_000_000_000_000)

    static func action(_ sequence: UInt64) -> RecordAction {
        RecordAction(userID: "u", agency: "CA0194200", at: now, sequence: sequence)
    }

    @Test func protectedPersonsAreWithheldFromNonCriminalJusticePurposes() throws {
        let order = ProtectiveOrderFacts(
            orderType: .domesticViolence, isTemporary: false, court: "COURT", caseNumber: "24FL1", fileControlNumber: "1234567890123",
            restrained: PersonIdentity(name: PersonName("DOE, JOHN"), dateOfBirth: CalendarDate("19800101")!, sex: "M", race: "W"),
            protectedPersons: [.init(name: PersonName("DOE, MARY"), dateOfBirth: CalendarDate("19820101"), relationship: "SPOUSE")],
            conditions: ["01"], issuedOn: CalendarDate("20260101")!, expiresOn: nil)
        let record = try recordState(.protectiveOrder(order))
        guard case .protectiveOrder(let street) = Disclosure.disclose(record, purpose: .criminalJustice).facts,
              case .protectiveOrder(let housing) = Disclosure.disclose(record, purpose: .publicHousing).facts
        else { Issue.record("not an order"); return }
        #expect(street.protectedPersons.first?.name.text == "DOE, MARY")
        #expect(housing.protectedPersons.map(\.name) == [Disclosure.withheldName])
        #expect(housing.protectedPersons.first?.dateOfBirth == nil)
    }

    @Test func sealedArrestsAreWithheldFromNonCriminalJusticePurposesAndInnocenceFromAll() throws {
        var record = try recordState(.criminalHistory(CriminalHistoryFacts(
            person: RecordNumber(kind: .person, sequence: 1),
            subject: PersonIdentity(name: PersonName("DOE, JOHN"), dateOfBirth: CalendarDate("19800101")!, sex: "M", race: "W"))))
        func add(_ id: String, _ entry: CriminalHistoryEntry) {
            record.history.append(RecordState.HistoryItem(id: id, entry: entry, by: Self.action(UInt64(record.history.count + 2))))
        }
        add("2", CriminalHistoryEntry(kind: .arrest, date: CalendarDate("20200101")!, statute: "PC459", offenseLevel: .felony))
        add("3", CriminalHistoryEntry(kind: .arrest, date: CalendarDate("20210101")!, statute: "PC484", offenseLevel: .misdemeanor))
        add("4", CriminalHistoryEntry(kind: .relief, date: CalendarDate("20220101")!, arrestID: "2", relief: .sealedPetition))
        add("5", CriminalHistoryEntry(kind: .arrest, date: CalendarDate("20230101")!, statute: "PC245", offenseLevel: .felony))
        add("6", CriminalHistoryEntry(kind: .relief, date: CalendarDate("20240101")!, arrestID: "5", relief: .factualInnocence))
        #expect(Disclosure.disclose(record, purpose: .criminalJustice).history.map(\.id) == ["2", "3", "4"])
        #expect(Disclosure.disclose(record, purpose: .licensingOrEmployment).history.map(\.id) == ["3"])
    }

    private func recordState(_ facts: RecordFacts) throws -> RecordState {
        // Decoded from JSON, the way the projection stores it: the fold's initialiser is internal.
        let json = """
            {"number":"\(RecordNumber(kind: facts.kind, sequence: 1).text)","facts":\(String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)),
             "owner":"CA0194200","entered":{"userID":"u","agency":"CA0194200","at":"2026-06-01T00:00:00.000000Z","sequence":1},
             "version":1,"lastSequence":1,"lastChangedAt":"2026-06-01T00:00:00.000000Z","locates":[],"history":[]}
            """
        return try JSONDecoder().decode(RecordState.self, from: Data(json.utf8))
    }
}
