import Foundation
@testable import Ledger
import Synchronization
import Testing
import TestSupport

/// Holds the writer thread inside a command until the test opens it; waiting for the command
/// to start polls rather than blocks, so the cooperative pool stays free.
final class WriterGate: Sendable {
    private let opened = DispatchSemaphore(value: 0)
    private let entered = Mutex(false)

    /// Run on the writer thread: marks entry, then blocks until `open`.
    func hold() {
        entered.withLock { $0 = true }
        opened.wait()
    }

    func waitUntilHeld() async throws {
        while !entered.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
    }

    func open() {
        opened.signal()
    }
}

@Suite("Group-commit writer")
struct WriterTests {
    @Test func concurrentClientsShareCommitsAndEveryAppendIsDurable() async throws {
        let fixture = try LedgerFixture()
        let writer = LedgerWriter(ledger: fixture.ledger)
        let appended = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<64 {
                group.addTask {
                    var sequences: [UInt64] = []
                    for index in 0..<40 {
                        let outcome = try await writer.append(
                            [EventDraft(type: "Noted", stream: "client/\(client)", payload: Array("\(index)".utf8))],
                            actor: LedgerFixture.actor)
                        sequences += outcome.events.map(\.sequence)
                    }
                    return sequences
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        await writer.shutdown()
        #expect(appended.sorted() == Array(1...2560))
        let metrics = writer.metrics
        #expect(metrics.commandsCommitted == 2560)
        #expect(metrics.meanBatchSize > 1, "mean batch \(metrics.meanBatchSize)")
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
        #expect(try fixture.ledger.read { try $0.streamVersion("client/7") } == 40)
    }

    @Test func aFullQueueIsRefusedAsBackPressure() async throws {
        let fixture = try LedgerFixture()
        let writer = LedgerWriter(ledger: fixture.ledger, configuration: LedgerWriterConfiguration(queueCapacity: 3, maximumBatchSize: 1))
        let gate = WriterGate()
        let blocker = Task { try await writer.submit { _ in gate.hold() } }
        try await gate.waitUntilHeld()
        let queued = (0..<3).map { index in
            Task { try await writer.append([EventDraft(type: "T", stream: "q", payload: [UInt8(index)])], actor: LedgerFixture.actor) }
        }
        while writer.metrics.queueDepth < 3 { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: LedgerWriterError.overloaded(queueCapacity: 3)) {
            try await writer.append([EventDraft(type: "T", stream: "q", payload: [9])], actor: LedgerFixture.actor)
        }
        #expect(writer.metrics.commandsRefusedOverloaded == 1)
        gate.open()
        try await blocker.value
        for task in queued { _ = try await task.value }
        await writer.shutdown()
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 3)
    }

    @Test func aCommandFailingBeforeWritingFailsAloneInItsBatch() async throws {
        let fixture = try LedgerFixture()
        let writer = LedgerWriter(ledger: fixture.ledger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let draft = EventDraft(type: "T", stream: "s/\(index)", payload: [],
                                           expectedVersion: index % 10 == 0 ? .exactly(3) : .any)
                    do {
                        _ = try await writer.append([draft], actor: LedgerFixture.actor)
                        #expect(index % 10 != 0)
                    } catch let error as LedgerError {
                        #expect(index % 10 == 0)
                        #expect(error == .versionConflict(stream: "s/\(index)", expected: .exactly(3), actual: 0))
                    }
                }
            }
            try await group.waitForAll()
        }
        await writer.shutdown()
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 45)
    }

    @Test func aCommandFailingAfterWritingIsIsolatedAndLeavesNoTrace() async throws {
        struct Faulty: Error {}
        let fixture = try LedgerFixture()
        let writer = LedgerWriter(ledger: fixture.ledger)
        let gate = WriterGate()
        let blocker = Task { try await writer.submit { _ in gate.hold() } }
        try await gate.waitUntilHeld()
        let good = (0..<5).map { index in
            Task { try await writer.append([EventDraft(type: "Good", stream: "good/\(index)", payload: [])], actor: LedgerFixture.actor) }
        }
        let faulty = Task {
            try await writer.submit { transaction in
                try transaction.append(EventDraft(type: "Half", stream: "faulty", payload: []), actor: LedgerFixture.actor)
                throw Faulty()
            }
        }
        while writer.metrics.queueDepth < 6 { try await Task.sleep(for: .milliseconds(5)) }
        gate.open()
        try await blocker.value
        for task in good { #expect(try await task.value.events.count == 1) }
        await #expect(throws: Faulty.self) { try await faulty.value }
        await writer.shutdown()
        try fixture.ledger.read { transaction throws in
            #expect(try transaction.lastSequence() == 5)
            #expect(try transaction.streamVersion("faulty") == 0)
        }
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid)
    }

    @Test func shutdownDrainsTheQueueThenRefuses() async throws {
        let fixture = try LedgerFixture()
        let writer = LedgerWriter(ledger: fixture.ledger)
        let tasks = (0..<200).map { index in
            Task { try await writer.append([EventDraft(type: "T", stream: "d", payload: [UInt8(index % 256)])], actor: LedgerFixture.actor) }
        }
        for task in tasks { _ = try await task.value }
        await writer.shutdown()
        await #expect(throws: LedgerWriterError.shutDown) {
            try await writer.append([EventDraft(type: "T", stream: "d", payload: [])], actor: LedgerFixture.actor)
        }
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 200)
    }
}
