import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
@testable import Server
import Testing
import TestSupport

/// Signed checkpoints on a schedule, and the latest one published as a C2SP note that checks
/// against the ledger.
@Suite("Scheduled checkpoints and their notes")
struct CheckpointNoteRouteTests {
    @Test func aCheckpointIsSignedWhenTheIntervalHasPassedAndEventsCameSince() async throws {
        let fixture = try await ServerFixture()
        let schedule = CheckpointSchedule(intervalSeconds: 3_600)
        let logger = ServerFixture.quietLogger
        let first = try #require(try await schedule.signIfDue(fixture.services, logger: logger), "no checkpoint yet: one is due")
        #expect(try await schedule.signIfDue(fixture.services, logger: logger) == nil, "nothing new, and too soon")
        fixture.clock.advance(hours: 2)
        #expect(try await schedule.signIfDue(fixture.services, logger: logger) == nil, "late, but no event since")
        _ = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        fixture.clock.advance(seconds: 59 * 60)
        #expect(try await schedule.signIfDue(fixture.services, logger: logger) != nil, "events since, and more than an hour after \(first.createdAt)")
        #expect(try await CheckpointSchedule(intervalSeconds: 0).signIfDue(fixture.services, logger: logger) == nil, "0 turns it off")
    }

    @Test func theLatestCheckpointIsPublishedAsANoteThatChecksAgainstTheLedger() async throws {
        let fixture = try await ServerFixture()
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            #expect(try await client.send(.get, "/ledger/checkpoints/latest/note", key: auditorKey).status == .notFound)
            #expect(try await client.send(.post, "/ledger/checkpoints", key: auditorKey).status == .created)
            #expect(try await client.send(.get, "/ledger/checkpoints/latest/note", key: operatorKey).status == .forbidden)
            let response = try await client.send(.get, "/ledger/checkpoints/latest/note", key: auditorKey)
            #expect(response.status == .ok)
            let note = try CheckpointNote(parsing: String(buffer: response.body))
            let verifierKey = try CheckpointNote.parseVerifierKey(try #require(response.headers[HTTPField.Name("Blotter-Verifier-Key")!]))
            _ = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let check = try fixture.services.ledger.read { try $0.check(note, verifierKey: verifierKey) }
            #expect(check.holds && check.currentTreeSize > check.noteTreeSize, "\(check.problem ?? "")")
        }
    }
}
