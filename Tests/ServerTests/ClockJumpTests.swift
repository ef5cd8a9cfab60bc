import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
@testable import Server
import Testing
import TestSupport

/// The service's clock jumps an hour back (an NTP step, a wrong manual set) between two
/// checkpoints: recorded times stay monotonic by construction, the checkpoints order, the
/// ledger verifies, and reads as of a moment still answer what stood then.
@Suite("A clock that jumps back")
struct ClockJumpTests {
    @Test func anHourBackwardsAcrossACheckpointKeepsTimesMonotonicAndTheLedgerValid() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: "CA0194200", roles: [.operator])
        let auditorKey = try await fixture.user("audit-state", ori: "CA0000000", roles: [.auditor], jurisdiction: .state)
        try await fixture.application().test(.router) { client in
            let first = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted(case: "24-000001", stateID: "A1000001"))
            #expect(first.status == .created)
            let before = try await client.send(.post, "/ledger/checkpoints", key: auditorKey)
            #expect(before.status == .created, "\(before.text)")
            let checkpointTime = try #require(fixture.services.ledger.read { try $0.latestCheckpoint() }?.createdAt)

            fixture.clock.advance(seconds: -3_600)
            let second = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted(case: "24-000002", stateID: "A1000002"))
            #expect(second.status == .created)
            let after = try await client.send(.post, "/ledger/checkpoints", key: auditorKey)
            #expect(after.status == .created, "\(after.text)")

            let (times, checkpoints) = try fixture.services.ledger.read { transaction in
                var times: [LedgerTime] = []
                try transaction.forEachEvent { event in times.append(event.recordedAt); return true }
                return (times, try transaction.checkpoints())
            }
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "recorded times went backwards")
            #expect(try #require(times.last) >= checkpointTime, "an event after the checkpoint is not recorded before it")
            #expect(checkpoints.count == 2 && checkpoints[0].createdAt <= checkpoints[1].createdAt)
            let report = try LedgerVerifier.verify(fixture.services.ledger)
            #expect(report.isValid && report.checkpointsChecked == 2, "\(report.failures)")
        }
    }
}
