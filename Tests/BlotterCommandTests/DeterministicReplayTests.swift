import Access
import Foundation
import Ledger
import Records
import Server
import Testing
import TestSupport

/// Every derived byte is a function of the events alone: ledgers filled through the ordinary
/// commands (a seeded population; users holding several roles in many agencies) verify and
/// rebuild byte-identically in process after process, each with its own hash seed, which is
/// where a set iterated in hash order once raised false tamper alarms.
@Suite("Deterministic replay")
struct DeterministicReplayTests {
    let commandLine = BlotterCommandLine()

    @Test func aSeededPopulationVerifiesAndRebuildsIdenticallyTenTimes() throws {
        let seeded = try commandLine.run("seed", "--data", commandLine.data, "--records", "300", "--clients", "8")
        #expect(seeded.status == 0, "\(seeded.output)")
        try expectTenIdenticalReplays()
    }

    @Test func usersWithSeveralRolesInManyAgenciesVerifyAndRebuildIdenticallyTenTimes() async throws {
        let seed = TestSeed.make()
        try await Self.fillWithUsersAndRecords(commandLine.data, seed: seed)
        try expectTenIdenticalReplays(seed: seed)
    }

    private func expectTenIdenticalReplays(seed: UInt64? = nil) throws {
        for round in 1...10 {
            let verify = try commandLine.run("verify", "--data", commandLine.data)
            #expect(verify.status == 0 && verify.output.contains("the ledger is intact"), "round \(round), seed \(seed.map(String.init) ?? "-"): \(verify.output)")
            let rebuild = try commandLine.run("rebuild", "--check", "--data", commandLine.data)
            #expect(rebuild.status == 0 && rebuild.output.contains("byte-identical"), "round \(round), seed \(seed.map(String.init) ?? "-"): \(rebuild.output)")
        }
    }

    /// Eight agencies; 40 users, each given a random set of roles listed in random order, some
    /// changed later; every user certified, some disabled, some with API keys; then 200
    /// synthetic records entered by many clients and searched.
    static func fillWithUsersAndRecords(_ directory: String, seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let clock = ManualClock(CalendarDate(year: 2026, month: 6, day: 1)!.startOfDay.adding(seconds: 9 * 3_600))
        let services = try BlotterServices(directory: directory, clock: clock, passwordCost: 4)
        let password = "Tulip-Harbor-47-Quiet"
        let secondFactor = try await services.access.bootstrap(
            administrator: "admin", name: "Administrator", agency: Agency(ori: "CA0000000", name: "State", access: .full, jurisdiction: .state),
            password: password)
        let login = try await services.access.login(userID: "admin", password: password, code: SecondFactor.code(seed: secondFactor, at: clock.now()), clientAddress: "test")
        let administrator = try await services.access.authenticate(sessionToken: login.token, clientAddress: "test")
        let agencies = ["CA0194200", "CA0340000", "CA0010000", "CA0370000", "CA0430000", "CA0190000", "CA0560000", "CA0300000"]
        for ori in agencies {
            try await services.access.registerAgency(
                Agency(ori: ori, name: "Agency \(ori)", access: Bool.random(using: &random) ? .full : .inquiryOnly), by: administrator, clientAddress: "test")
        }
        let grantable: [Role] = [.operator, .officer, .supervisor, .auditor, .courtClerk, .discovery]
        let today = CalendarDate(clock.now())
        for index in 0..<40 {
            let userID = "user-\(index)"
            let roles = Array(grantable.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random)))
            _ = try await services.access.createUser(
                userID, agency: agencies.randomElement(using: &random)!, name: "User \(index)", roles: RoleSet(roles), assignedOn: today,
                by: administrator, clientAddress: "test")
            _ = try await services.access.recordCertification(userID, on: today, by: administrator, clientAddress: "test")
            if Bool.random(using: &random) {
                _ = try await services.access.setRoles(userID, roles: RoleSet(grantable.shuffled(using: &random).prefix(3)), by: administrator, clientAddress: "test")
            }
            if Int.random(in: 0..<5, using: &random) == 0 {
                _ = try await services.access.disable(userID, reason: "on leave", by: administrator, clientAddress: "test")
            }
            if Int.random(in: 0..<3, using: &random) == 0 {
                _ = try await services.access.createAPIKey(for: userID, label: "terminal \(index)", by: administrator, clientAddress: "test")
            }
            clock.advance(seconds: 7)
        }
        let summary = try await SyntheticPopulation(seed: seed).enter(records: 200, into: services.records, clients: 8, today: today)
        #expect(summary.rejected == 0, "\(summary.firstRejection ?? "")")
        let context = QueryContext(purpose: .criminalJustice, caseNumber: "24-000777")
        for index in 0..<20 {
            let reader = EventActor(userID: "user-\(index)", agency: agencies[index % agencies.count], clientAddress: "test")
            _ = try await services.records.search(
                .name(last: "GARCIA", first: nil, dateOfBirth: CalendarDate(year: 1980, month: 1, day: 1)!, sex: nil, toleranceDays: 3_650),
                context: context, by: reader)
        }
        await services.shutdown()
    }
}
