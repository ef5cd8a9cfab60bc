import Foundation
@testable import Ledger
import Testing
import TestSupport

/// Seeded random command sequences against a simple model of what the log must hold.
/// Set BLOTTER_TEST_SEED to replay a failing seed; every failure message names it.
@Suite("Randomized workloads")
struct RandomizedWorkloadTests {
    struct ModelEvent {
        let stream: String
        let version: UInt32
        var payload: [UInt8]?
    }

    final class Model {
        var events: [ModelEvent] = []
        var streamVersions: [String: UInt32] = [:]
        var idempotentOutcomes: [String: [UInt64]] = [:]
        var redactionSequences: Set<UInt64> = []

        func record(_ appended: [AppendedEvent], payloads: [[UInt8]]) {
            for (event, payload) in zip(appended, payloads) {
                precondition(event.sequence == UInt64(events.count + 1))
                events.append(ModelEvent(stream: event.stream, version: event.streamVersion, payload: payload))
                streamVersions[event.stream] = event.streamVersion
            }
        }

        /// The payload LatestPayloadProjection must hold for `stream` after the first `count` events.
        func latestPayload(of stream: String, through count: Int) -> [UInt8]? {
            guard let last = events.prefix(count).last(where: { $0.stream == stream }) else { return nil }
            return last.payload ?? LatestPayloadProjection.redactedMarker
        }
    }

    @Test(arguments: 0..<3)
    func replayEqualsLiveAndTheChainVerifies(round: Int) throws {
        let seed = TestSeed.make()
        let comment = Comment(rawValue: "seed \(seed) (replay with BLOTTER_TEST_SEED=\(seed))")
        var random = SeededGenerator(seed: seed)
        let fixture = try LedgerFixture()
        let model = Model()
        var checkpoints: [Checkpoint] = []
        for _ in 0..<60 {
            let batchSize = Int.random(in: 1...25, using: &random)
            try fixture.ledger.write { transaction in
                for _ in 0..<batchSize {
                    try runRandomCommand(transaction, model: model, random: &random, comment: comment)
                }
            }
            fixture.clock.advance(seconds: Int64.random(in: -5...60, using: &random))
            // An empty log has nothing to sign (every command so far may have been refused).
            if Int.random(in: 0..<10, using: &random) == 0, try fixture.ledger.read({ try $0.lastSequence() }) > 0 {
                checkpoints.append(try fixture.ledger.checkpoint())
            }
        }
        try checkAgainstModel(fixture, model: model, checkpoints: checkpoints, random: &random, comment: comment)
        let head = try fixture.ledger.read { try $0.head() }
        try fixture.reopen()
        #expect(try fixture.ledger.read { try $0.head() } == head, comment)
        let report = try LedgerVerifier.verify(fixture.ledger)
        #expect(report.isValid, "\(report.failures) \(report.derivedTables?.differences ?? []) — \(comment.rawValue)")
        // A checkpoint at a tree size already signed replaces the earlier one (a batch whose
        // commands were all refused appends nothing).
        #expect(report.checkpointsChecked == Set(checkpoints.map(\.treeSize)).count, comment)
        let rebuilt = try LedgerRebuilder.rebuild(fixture.ledger)
        #expect(rebuilt.isIdentical, "\(rebuilt.differences) — \(comment.rawValue)")
    }

    private func runRandomCommand(
        _ transaction: LedgerWriteTransaction, model: Model, random: inout SeededGenerator, comment: Comment
    ) throws {
        let stream = "stream/\(Int.random(in: 0..<12, using: &random))"
        let current = model.streamVersions[stream] ?? 0
        let payload = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<45:
            let outcome = try transaction.append([EventDraft(type: "Noted", stream: stream, payload: payload)], actor: LedgerFixture.actor)
            model.record(outcome.events, payloads: [payload])
        case 45..<60:
            let draft = EventDraft(type: "Amended", stream: stream, payload: payload, expectedVersion: .exactly(current))
            model.record(try transaction.append([draft], actor: LedgerFixture.actor).events, payloads: [payload])
        case 60..<70:
            let wrong = EventDraft(type: "Amended", stream: stream, payload: payload, expectedVersion: .exactly(current + 1))
            #expect(throws: LedgerError.versionConflict(stream: stream, expected: .exactly(current + 1), actual: current), comment) {
                try transaction.append([wrong], actor: LedgerFixture.actor)
            }
        case 70..<80:
            let count = Int.random(in: 2...4, using: &random)
            let payloads = (0..<count).map { payload + [UInt8($0)] }
            let drafts = payloads.map { EventDraft(type: "Batched", stream: stream, payload: $0) }
            model.record(try transaction.append(drafts, actor: LedgerFixture.actor).events, payloads: payloads)
        case 80..<90:
            try runIdempotentCommand(transaction, stream: stream, payload: payload, model: model, random: &random, comment: comment)
        case 90..<95:
            try runRedaction(transaction, model: model, random: &random, comment: comment)
        default:
            let fresh = "new/\(model.events.count)"
            let draft = EventDraft(type: "Opened", stream: fresh, payload: payload, expectedVersion: .noStream)
            model.record(try transaction.append([draft], actor: LedgerFixture.actor).events, payloads: [payload])
        }
    }

    private func runIdempotentCommand(
        _ transaction: LedgerWriteTransaction, stream: String, payload: [UInt8], model: Model,
        random: inout SeededGenerator, comment: Comment
    ) throws {
        let retry = !model.idempotentOutcomes.isEmpty && Bool.random(using: &random)
        let key = retry ? model.idempotentOutcomes.keys.sorted().randomElement(using: &random)! : "command-\(model.events.count)"
        let outcome = try transaction.append(
            [EventDraft(type: "Keyed", stream: stream, payload: payload)], actor: LedgerFixture.actor, idempotencyKey: IdempotencyKey(key))
        if retry {
            #expect(outcome.isReplay, comment)
            #expect(outcome.events.map(\.sequence) == model.idempotentOutcomes[key], comment)
        } else {
            #expect(!outcome.isReplay, comment)
            model.record(outcome.events, payloads: [payload])
            model.idempotentOutcomes[key] = outcome.events.map(\.sequence)
        }
    }

    private func runRedaction(
        _ transaction: LedgerWriteTransaction, model: Model, random: inout SeededGenerator, comment: Comment
    ) throws {
        let candidates = model.events.indices.filter {
            model.events[$0].payload != nil && !model.redactionSequences.contains(UInt64($0 + 1))
        }
        guard !candidates.isEmpty else { return }
        let targets = (0..<Int.random(in: 1...3, using: &random)).map { _ in UInt64(candidates.randomElement(using: &random)! + 1) }
        let event = try transaction.redactPayloads(of: targets, reason: "court order", actor: LedgerFixture.actor)
        let payload = try LedgerRedaction.payload(sequences: Array(Set(targets)).sorted(), reason: "court order")
        model.record([event], payloads: [payload])
        model.redactionSequences.insert(event.sequence)
        for target in targets { model.events[Int(target) - 1].payload = nil }
    }

    private func checkAgainstModel(
        _ fixture: LedgerFixture, model: Model, checkpoints: [Checkpoint], random: inout SeededGenerator, comment: Comment
    ) throws {
        try fixture.ledger.read { transaction in
            #expect(try transaction.lastSequence() == UInt64(model.events.count), comment)
            try transaction.forEachEvent { event in
                let expected = model.events[Int(event.sequence) - 1]
                #expect(event.stream == expected.stream && event.streamVersion == expected.version, comment)
                #expect(event.payload == expected.payload, "event \(event.sequence) — \(comment.rawValue)")
                return true
            }
            for (stream, version) in model.streamVersions {
                #expect(try transaction.streamVersion(stream) == version, comment)
            }
            for _ in 0..<40 where !model.events.isEmpty {
                let count = Int.random(in: 1...model.events.count, using: &random)
                let stream = model.events[Int.random(in: 0..<count, using: &random)].stream
                let state = try transaction.state(of: LatestPayloadProjection(), stream: stream, throughSequence: UInt64(count))
                #expect(try LatestPayloadProjection.payload(of: stream, in: state) == model.latestPayload(of: stream, through: count),
                        "\(stream) as of \(count) — \(comment.rawValue)")
                let proof = try transaction.inclusionProof(sequence: UInt64(Int.random(in: 1...count, using: &random)), treeSize: UInt64(count))
                #expect(proof.verify(), comment)
            }
            for (old, new) in zip(checkpoints, checkpoints.dropFirst()) {
                #expect(try transaction.consistencyProof(from: old.treeSize, to: new.treeSize).verify(), comment)
            }
        }
    }
}
