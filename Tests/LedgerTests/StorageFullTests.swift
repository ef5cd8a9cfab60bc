import Foundation
@testable import Ledger
import LMDB
import Testing
import TestSupport

@Suite("Storage full")
struct StorageFullTests {
    @Test func aFullMapGivesAClearErrorAndLosesNothing() async throws {
        let small = EnvironmentConfiguration(initialMapSizeBytes: 1 << 20, maximumMapSizeBytes: 4 << 20)
        let fixture = try LedgerFixture(environment: small)
        let writer = LedgerWriter(ledger: fixture.ledger)
        var acknowledged: [AppendedEvent] = []
        var failure: (any Error)?
        let payload = [UInt8](repeating: 0x41, count: 3000)
        do {
            for index in 0..<100_000 {
                let outcome = try await writer.append(
                    [EventDraft(type: "Filled", stream: "fill/\(index % 50)", payload: payload)], actor: LedgerFixture.actor)
                acknowledged += outcome.events
            }
        } catch {
            failure = error
        }
        let storageError = try #require(failure as? LedgerError)
        guard case .storageFull = storageError else {
            Issue.record("expected storage full, got \(storageError)")
            return
        }
        #expect(storageError.description.contains("storage full"))
        #expect(storageError.description.contains("intact and readable"))
        #expect(acknowledged.count > 500)
        await writer.shutdown()

        try fixture.ledger.read { transaction throws in
            #expect(try transaction.lastSequence() == UInt64(acknowledged.count))
            for event in acknowledged {
                #expect(try transaction.event(at: event.sequence)?.hash == event.hash)
            }
        }
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)

        fixture.close()
        var larger = LedgerConfiguration(projections: LedgerFixture.projections, clock: fixture.clock)
        larger.environment = EnvironmentConfiguration(initialMapSizeBytes: 1 << 20, maximumMapSizeBytes: 64 << 20)
        let reopened = try Ledger(directory: fixture.path, configuration: larger)
        let next = try reopened.write { try $0.append(EventDraft(type: "Filled", stream: "fill/0", payload: payload), actor: LedgerFixture.actor) }
        #expect(next.sequence == UInt64(acknowledged.count + 1))
        #expect(try LedgerVerifier.verify(reopened).isValid)
    }
}
