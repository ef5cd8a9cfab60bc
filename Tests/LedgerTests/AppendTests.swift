import Foundation
@testable import Ledger
import Testing
import TestSupport

@Suite("Appending events")
struct AppendTests {
    @Test func eventsAreNumberedChainedAndIndexedByStream() throws {
        let fixture = try LedgerFixture()
        let first = try fixture.append("wanted/1", "entered")
        let second = try fixture.append("wanted/2", "entered")
        let third = try fixture.append("wanted/1", "modified")
        #expect([first.sequence, second.sequence, third.sequence] == [1, 2, 3])
        #expect([first.streamVersion, second.streamVersion, third.streamVersion] == [1, 1, 2])
        try fixture.ledger.read { transaction throws in
            let events = try transaction.streamEvents("wanted/1")
            #expect(events.map(\.sequence) == [1, 3])
            #expect(events.map { String(decoding: $0.payload!, as: UTF8.self) } == ["entered", "modified"])
            #expect(events[1].previousHash == second.hash)
            #expect(events[0].previousHash == fixture.ledger.identity.genesisHash)
            #expect(events[0].actor == LedgerFixture.actor)
            #expect(try transaction.streamVersion("wanted/1") == 2)
            #expect(try transaction.streamVersion("wanted/3") == 0)
            #expect(try transaction.streamVersion("wanted/") == 0)
            #expect(try transaction.streamEvents("wanted/3").isEmpty)
        }
    }

    @Test func expectedVersionsAreEnforced() throws {
        let fixture = try LedgerFixture()
        try fixture.append("order/9", "issued", expected: .noStream)
        #expect(throws: LedgerError.versionConflict(stream: "order/9", expected: .noStream, actual: 1)) {
            try fixture.append("order/9", "issued again", expected: .noStream)
        }
        #expect(throws: LedgerError.versionConflict(stream: "order/9", expected: .exactly(2), actual: 1)) {
            try fixture.append("order/9", "served", expected: .exactly(2))
        }
        try fixture.append("order/9", "served", expected: .exactly(1))
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 2)
    }

    @Test func aCommandWithSeveralEventsChecksAllBeforeWritingAny() throws {
        let fixture = try LedgerFixture()
        try fixture.append("a", "one")
        let drafts = [
            EventDraft(type: "T", stream: "a", payload: [1], expectedVersion: .exactly(1)),
            EventDraft(type: "T", stream: "a", payload: [2], expectedVersion: .exactly(2)),
            EventDraft(type: "T", stream: "b", payload: [3], expectedVersion: .exactly(5)),
        ]
        #expect(throws: LedgerError.self) {
            try fixture.ledger.write { try $0.append(drafts, actor: LedgerFixture.actor) }
        }
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 1)
        let valid = Array(drafts.prefix(2))
        let outcome = try fixture.ledger.write { try $0.append(valid, actor: LedgerFixture.actor) }
        #expect(outcome.events.map(\.streamVersion) == [2, 3])
    }

    @Test func anIdempotencyKeyMakesARetryReturnTheFirstOutcome() throws {
        let fixture = try LedgerFixture()
        let drafts = [EventDraft(type: "Entered", stream: "s", payload: [1]),
                      EventDraft(type: "Checked", stream: "s", payload: [2])]
        let first = try fixture.ledger.write { try $0.append(drafts, actor: LedgerFixture.actor, idempotencyKey: "cmd-1") }
        fixture.clock.advance(seconds: 5)
        let retry = try fixture.ledger.write { try $0.append(drafts, actor: LedgerFixture.actor, idempotencyKey: "cmd-1") }
        #expect(!first.isReplay && retry.isReplay)
        #expect(retry.events == first.events)
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 2)
        let event = try fixture.ledger.read { try $0.event(at: 2) }
        #expect(event?.idempotencyKey == "cmd-1")
    }

    @Test(arguments: [
        ("type", EventDraft(type: "", stream: "s", payload: [])),
        ("stream", EventDraft(type: "T", stream: "", payload: [])),
        ("stream", EventDraft(type: "T", stream: "a\u{0}b", payload: [])),
        ("stream", EventDraft(type: "T", stream: String(repeating: "s", count: EventLimits.streamBytes + 1), payload: [])),
        ("payload", EventDraft(type: "T", stream: "s", payload: [UInt8](repeating: 0, count: EventLimits.payloadBytes + 1))),
    ])
    func invalidEventsAreRefusedNamingTheField(field: String, draft: EventDraft) throws {
        let fixture = try LedgerFixture()
        let error = #expect(throws: LedgerError.self) {
            try fixture.ledger.write { try $0.append([draft], actor: LedgerFixture.actor) }
        }
        guard case .invalidEvent(let named, _)? = error else {
            Issue.record("expected invalidEvent, got \(String(describing: error))")
            return
        }
        #expect(named == field)
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 0)
    }

    @Test func anActorWithoutAUserIsRefused() throws {
        let fixture = try LedgerFixture()
        let actor = EventActor(userID: "", agency: "CA0194200", clientAddress: "")
        #expect(throws: LedgerError.invalidEvent(field: "actor.userID", reason: "must not be empty")) {
            try fixture.ledger.write { try $0.append([EventDraft(type: "T", stream: "s", payload: [])], actor: actor) }
        }
    }

    @Test func recordedTimesNeverGoBackwards() throws {
        let fixture = try LedgerFixture()
        let first = try fixture.append("s", "1")
        fixture.clock.advance(seconds: -3600)
        let second = try fixture.append("s", "2")
        fixture.clock.advance(seconds: 7200)
        let third = try fixture.append("s", "3")
        #expect(second.recordedAt == first.recordedAt)
        #expect(third.recordedAt > second.recordedAt)
        try fixture.reopen()
        fixture.clock.advance(seconds: -86_400)
        #expect(try fixture.append("s", "4").recordedAt == third.recordedAt)
    }

    @Test func reopeningKeepsTheHeadAndTheIdentity() throws {
        let fixture = try LedgerFixture()
        for index in 0..<25 { try fixture.append("s\(index % 4)", "payload \(index)") }
        let (head, identity) = (try fixture.ledger.read { try $0.head() }, fixture.ledger.identity)
        try fixture.reopen()
        #expect(try fixture.ledger.read { try $0.head() } == head)
        #expect(fixture.ledger.identity == identity)
        let next = try fixture.append("s0", "after reopen")
        #expect(next.sequence == 26)
        #expect(try fixture.ledger.read { try $0.event(at: 26) }?.previousHash == head.hash)
    }

    @Test func liveProjectionsFoldEachAppend() throws {
        let fixture = try LedgerFixture()
        try fixture.append("p/1", "first", type: "Opened")
        try fixture.append("p/1", "second", type: "Amended")
        try fixture.ledger.read { transaction throws in
            let catalog = transaction.tables(of: StreamCatalogProjection.self)
            let entry = try StreamCatalogProjection.entry(for: "p/1", in: catalog)
            #expect(entry == StreamCatalogProjection.Entry(version: 2, lastSequence: 2))
            #expect(try transaction.event(at: entry?.lastSequence ?? 0)?.type == "Amended")
            let latest = transaction.tables(of: LatestPayloadProjection.self)
            #expect(try LatestPayloadProjection.payload(of: "p/1", in: latest) == Array("second".utf8))
        }
    }

    @Test func stateAsOfAnySequenceIsAFoldOfThePast() throws {
        let fixture = try LedgerFixture()
        try fixture.append("x", "v1")
        try fixture.append("y", "other")
        try fixture.append("x", "v2")
        try fixture.append("x", "v3")
        try fixture.ledger.read { transaction throws in
            for (sequence, expected) in [(1, "v1"), (2, "v1"), (3, "v2"), (4, "v3")] {
                let state = try transaction.state(of: LatestPayloadProjection(), stream: "x", throughSequence: UInt64(sequence))
                #expect(try LatestPayloadProjection.payload(of: "x", in: state) == Array(expected.utf8))
            }
            let before = try transaction.state(of: LatestPayloadProjection(), stream: "y", throughSequence: 1)
            #expect(try LatestPayloadProjection.payload(of: "y", in: before) == nil)
        }
    }
}

@Suite("Idempotency keys bound to their request")
struct IdempotencyBindingTests {
    @Test func aKeyReplaysItsOwnRequestAndRefusesAnother() throws {
        let fixture = try LedgerFixture()
        let first = IdempotencyKey("user:k-1", requestDigest: Digest32.sha256(Array("request one".utf8)))
        let other = IdempotencyKey("user:k-1", requestDigest: Digest32.sha256(Array("request two".utf8)))
        let appended = try fixture.append("s/1", "one", key: first)
        let replayed = try fixture.append("s/1", "one", key: first)
        #expect(replayed == appended)
        #expect(throws: LedgerError.idempotencyKeyReused(key: "user:k-1", firstSequence: appended.sequence)) {
            try fixture.append("s/1", "two", key: other)
        }
        #expect(throws: LedgerError.idempotencyKeyReused(key: "user:k-1", firstSequence: appended.sequence)) {
            try fixture.append("s/1", "two", key: "user:k-1")
        }
        #expect(try fixture.ledger.read { try $0.lastSequence() } == 1)
        #expect(try fixture.ledger.read { try $0.event(at: 1)?.idempotencyKey } == first.stored)
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
        #expect(throws: LedgerError.self) { try fixture.append("s/1", "x", key: IdempotencyKey("bad\u{1F}key", requestDigest: .zero)) }
    }
}
