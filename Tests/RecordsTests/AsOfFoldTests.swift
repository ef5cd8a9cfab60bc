import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// The as-of fold skips decoding changes that a later modification replaces; at every point of
/// a record's life it must equal the fold that decodes every event.
@Suite("As-of fold")
struct AsOfFoldTests {
    @Test func skippingReplacedChangesFoldsTheSameStateAtEveryPoint() async throws {
        let fixture = try RecordsFixture()
        let order = try await fixture.enter(Samples.order())
        let service = fixture.service
        let sacramento = RecordsFixture.sacramento
        var version = order.version
        func run(_ command: RecordCommand) async throws {
            version = try await service.execute(command, by: sacramento).version
        }
        try await run(.renewOrder(order.number, expiresOn: Samples.date("20300101")))
        try await run(.modify(order.number, Samples.order(expires: "20300601"), expectedVersion: version))
        try await run(.validate(order.number, remarks: "CHECKED WITH COURT"))
        try await run(.renewOrder(order.number, expiresOn: Samples.date("20310101")))
        try await run(.modify(order.number, Samples.order(expires: "20310501"), expectedVersion: version))
        try await run(.renewOrder(order.number, expiresOn: Samples.date("20310531")))
        let events = try fixture.ledger.read { try $0.streamEvents(order.number.stream) }
        #expect(events.count == 7)
        for end in 1...events.count {
            let prefix = Array(events.prefix(end))
            let skipping = try RecordReader.fold(prefix, number: order.number)
            let decodingEach = try RecordReader.foldEach(prefix, number: order.number)
            #expect(skipping == decodingEach, "after \(end) events")
        }
        let final = try RecordReader.fold(events, number: order.number)
        #expect(final?.version == 7 && final?.lastSequence == events.last?.sequence)
        guard case .protectiveOrder(let facts) = final?.facts else {
            Issue.record("not an order")
            return
        }
        #expect(facts.expiresOn == Samples.date("20310531"), "the renewal after the last modification applies")
    }
}
