import Foundation
import Ledger
import TestSupport
import LMDB

/// A ledger in a temporary directory, with the test projections, reopenable.
final class LedgerFixture {
    let directory = TemporaryDirectory()
    let clock: ManualClock
    let environment: EnvironmentConfiguration
    private(set) var ledger: Ledger!

    static let projections: [any Projection] = [StreamCatalogProjection(), LatestPayloadProjection()]
    static let actor = EventActor(userID: "operator-1", agency: "CA0194200", clientAddress: "10.0.0.5")

    init(clock: ManualClock = ManualClock(), environment: EnvironmentConfiguration = EnvironmentConfiguration()) throws {
        self.clock = clock
        self.environment = environment
        ledger = try open()
    }

    var path: String { directory.path }

    func open(projections: [any Projection] = LedgerFixture.projections) throws -> Ledger {
        var configuration = LedgerConfiguration(projections: projections, clock: clock)
        configuration.environment = environment
        return try Ledger(directory: directory.path, configuration: configuration)
    }

    /// Closes the environment and opens it again, as a restart would.
    func reopen(projections: [any Projection] = LedgerFixture.projections) throws {
        ledger = nil
        ledger = try open(projections: projections)
    }

    func close() {
        ledger = nil
    }

    @discardableResult
    func append(_ stream: String, _ payload: String, type: String = "Noted",
                expected: ExpectedVersion = .any, key: IdempotencyKey? = nil) throws -> AppendedEvent {
        try ledger.write { transaction in
            try transaction.append(
                [EventDraft(type: type, stream: stream, payload: Array(payload.utf8), expectedVersion: expected)],
                actor: LedgerFixture.actor, idempotencyKey: key
            ).events[0]
        }
    }

    /// Writes raw bytes straight into the log, as an attacker with file access could.
    func tamper(_ body: (WriteTransaction, Database) throws -> Void) throws {
        let events = try ledger.environment.openDatabase(named: "ledger.events")
        try ledger.environment.write { transaction in try body(transaction, events) }
    }
}
