import Foundation
@testable import Access
import Ledger
import Records
import Testing
import TestSupport

/// The stored bytes of every access event type and every access projection table, pinned.
///
/// The events are written as the service writes them, with fixed values where the service
/// would put random ones (password hashes, sealed seeds, credential digests), so the dump is the
/// same on every run; `Golden/access-ledger.txt` holds it. Rewrite it after a deliberate change
/// with `BLOTTER_WRITE_GOLDEN=1 swift test --filter GoldenAccessLedgerTests`, review the diff,
/// and raise the projection's version: ledgers already written keep the old bytes.
@Suite("Golden bytes: access")
struct GoldenAccessLedgerTests {
    static let goldenPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/access-ledger.txt").path

    static let start = CalendarDate(year: 2026, month: 6, day: 1)!.startOfDay.adding(seconds: 9 * 3_600)
    static let administrator = EventActor(userID: "admin", agency: "CA0000000", clientAddress: "10.9.9.9")
    static let hash = "$2b$10$abcdefghijklmnopqrstuuN8Yq3lJ6c3k1xq0Jm1Zt3s5e2s2i4mW"

    /// Every access event, each with the stream the service writes it to.
    static let events: [(AccessEvent, String)] = [
        (.agencyRegistered(Agency(ori: "CA0000000", name: "State administration", access: .full, jurisdiction: .state)), "agency/CA0000000"),
        (.agencyRegistered(Agency(ori: "CA0194200", name: "Los Angeles PD", access: .full)), "agency/CA0194200"),
        (.agencyAccessChanged(.inquiryOnly), "agency/CA0194200"),
        (.userCreated(userID: "jdoe", agency: "CA0194200", name: "Doe, Jane", roles: [.supervisor, .officer, .operator],
                      assignedOn: CalendarDate(year: 2026, month: 5, day: 1)!), "user/jdoe"),
        (.credentialsReset(credentialHash: String(repeating: "ab", count: 32), expiresAt: start.adding(seconds: 86_400)), "user/jdoe"),
        (.enrolmentCompleted(passwordHash: hash, sealedSecondFactor: Array(0..<48)), "user/jdoe"),
        (.rolesChanged([.officer, .operator]), "user/jdoe"),
        (.certificationRecorded(on: CalendarDate(year: 2026, month: 5, day: 20)!), "user/jdoe"),
        (.homeAddressRecorded(address: "1200 N Main Street, Apt 4, Los Angeles CA 90012"), "user/jdoe"),
        (.passwordChanged(hash: hash.replacingOccurrences(of: "abc", with: "xyz")), "user/jdoe"),
        (.secondFactorEnrolled(sealedSecret: Array(48..<96)), "user/jdoe"),
        (.apiKeyCreated(keyID: "k1", keyHash: String(repeating: "cd", count: 32), label: "MDT unit 12"), "user/jdoe"),
        (.apiKeyCreated(keyID: "k2", keyHash: String(repeating: "ef", count: 32), label: "dispatch"), "user/jdoe"),
        (.apiKeyRevoked(keyID: "k1"), "user/jdoe"),
        (.loginSucceeded(secondFactorStep: 59_373_000), "auth/jdoe"),
        (.loginFailed(reason: "wrong password or code"), "auth/jdoe"),
        (.accountLocked(reason: "5 consecutive failed logins"), "auth/jdoe"),
        (.accountUnlocked, "user/jdoe"),
        (.accountDisabled(reason: "under investigation IA-2026-17"), "user/jdoe"),
        (.accountEnabled, "user/jdoe"),
        (.loggedOut(reason: "idle"), "auth/jdoe"),
        (.accessDenied(route: "PUT /users/{id}/roles", rule: "own roles", target: "user jdoe", reason: "nobody changes their own roles"),
         "denials/CA0194200"),
        (.requestRefused(route: "GET /records/{number}", status: 400, target: "record W000000001", reason: "purpose is missing"),
         "denials/CA0194200"),
        (.authenticationFailed(route: "GET /records", reason: "unknown bearer token"), "unauthenticated"),
        (.authenticationFailuresCounted(AuthenticationFailureCount(
            from: start, to: start.adding(seconds: 60),
            addresses: [.init(address: "203.0.113.9", count: 1_400, routes: ["GET /records", "GET /aaaaaaaa…"])], otherFailures: 12)),
         "unauthenticated"),
        (.auditTrailRead(subject: "user jdoe"), "audit/auditor1"),
    ]

    @Test func everyAccessEventTypeAndTableKeepsItsStoredBytes() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualClock(Self.start)
        let ledger = try Ledger(directory: directory.path, configuration: LedgerConfiguration(projections: [AccessService.projection], clock: clock))
        for (event, stream) in Self.events {
            try ledger.write { transaction in
                _ = try transaction.append(EventDraft(type: event.type, stream: stream, payload: try event.payload()), actor: Self.administrator)
            }
            clock.advance(seconds: 60)
        }
        #expect(Set(Self.events.map(\.0.type)) == AccessEvent.types, "the scenario writes every access event type")
        let dump = try LedgerDump.text(of: ledger)
        let difference = try GoldenFile.difference(between: dump, andFileAt: Self.goldenPath)
        #expect(difference == nil, "\(difference ?? "")")
        for table in AccessService.projection.tableNames {
            let section = dump.components(separatedBy: "# projection.access.\(table)\n").last?.prefix(while: { $0 != "#" }) ?? ""
            #expect(!section.isEmpty, "the scenario left \(table) empty, so its encoding is not pinned")
        }
    }
}
