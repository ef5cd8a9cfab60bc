import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Administrative messages: delivered to every recipient's inbox in one commit, opened only by
/// recipients (or the sender), every opening a read receipt, every refusal recorded.
@Suite("Agency messages")
struct AgencyMessageTests {
    static let losAngeles = RecordsFixture.losAngeles
    static let sacramento = RecordsFixture.sacramento
    static let fresno = EventActor(userID: "disp-fr-1", agency: "CA0100000", clientAddress: "10.4.4.4")

    static func bolo(to addressees: AgencyMessage.Addressees = .agencies(["CA0340000", "CA0100000"])) -> AgencyMessage {
        AgencyMessage(to: addressees, subject: "BOLO: 2003 HONDA ACCORD 7ABC123",
                      text: "ARMED ROBBERY SUSPECT VEHICLE.\nLAST SEEN NB I-5 AT 1400.\nCONTACT LAPD ROBBERY DIV.", priority: .urgent)
    }

    func types(_ fixture: RecordsFixture, after sequence: UInt64) throws -> [String] {
        try fixture.ledger.read { transaction in
            let last = try transaction.lastSequence()
            guard last > sequence else { return [] }
            return try ((sequence + 1)...last).compactMap { try transaction.event(at: $0)?.type }
        }
    }

    @Test func aMessageReachesEveryInboxAndEachOpeningIsAReceipt() async throws {
        let fixture = try RecordsFixture()
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let sent = try await fixture.service.send(Self.bolo(), to: ["CA0340000", "CA0100000", "CA0340000"], by: Self.losAngeles)
        #expect(sent.recipients == ["CA0100000", "CA0340000"], "sorted, each once")
        #expect(try types(fixture, after: before) == ["AgencyMessageSent", "AgencyMessageDelivered", "AgencyMessageDelivered"])

        let inbox = try fixture.service.inbox(of: "CA0340000")
        #expect(inbox.messages.map(\.id) == [sent.id])
        #expect(inbox.messages.first?.from == "CA0194200" && inbox.messages.first?.priority == .urgent && inbox.messages.first?.reads.isEmpty == true)
        #expect(try fixture.service.inbox(of: "CA0194200").messages.isEmpty)

        let opened = try await fixture.service.openAgencyMessage(sent.id, by: Self.sacramento)
        #expect(opened.text.contains("LAST SEEN NB I-5"))
        _ = try await fixture.service.openAgencyMessage(sent.id, by: RecordsFixture.sacramentoChecker)
        let outbox = try fixture.service.outbox(of: "CA0194200")
        #expect(outbox.messages.first?.reads.map(\.agency) == ["CA0340000", "CA0340000"])
        #expect(outbox.messages.first?.reads.allSatisfy { $0.userID == nil } == true, "another agency's readers are not named to the sender")
        #expect(try fixture.service.inbox(of: "CA0340000").messages.first?.reads.map(\.userID) == ["op-sac-1", "op-sac-2"], "but to their own agency")
        #expect(outbox.messages.first?.reads.first?.sequence == opened.readSequence)
        #expect(try fixture.service.inbox(of: "CA0100000").messages.first?.reads.isEmpty == true, "an inbox shows its own agency's reads")
        // The sender may read its own message again; that is recorded, and is no receipt.
        _ = try await fixture.service.openAgencyMessage(sent.id, by: Self.losAngeles)
        #expect(try fixture.service.outbox(of: "CA0194200").messages.first?.reads.count == 2)
        let readEvents = try fixture.ledger.read { try $0.streamEvents(AgencyMessageEvents.message(sent.id)) }
        #expect(readEvents.map(\.actor.userID) == ["op-sac-1", "op-sac-2", "off-la-1"])
    }

    @Test func anAgencyNotAddressedCannotOpenItAndTheRefusalIsRecorded() async throws {
        let fixture = try RecordsFixture()
        let sent = try await fixture.service.send(Self.bolo(to: .agency("CA0340000")), to: ["CA0340000"], by: Self.losAngeles)
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let refused = try await #require(throws: RecordRejection.self) { try await fixture.service.openAgencyMessage(sent.id, by: Self.fresno) }
        #expect(refused.rule == .notRecipient && refused.rejectionSequence == before + 1)
        let payload = try fixture.ledger.read { String(decoding: try $0.event(at: before + 1)?.payload ?? [], as: UTF8.self) }
        #expect(payload.contains(#""command":"readAgencyMessage""#) && payload.contains("CA0100000 is not an addressee"))
        let missing = try await #require(throws: RecordRejection.self) { try await fixture.service.openAgencyMessage(before + 100, by: Self.fresno) }
        #expect(missing.rule == .notFound)
        #expect(try types(fixture, after: before) == ["CommandRejected", "CommandRejected"], "no read event for a refusal")
    }

    @Test(arguments: [
        (AgencyMessage(to: .agency("CA0340000"), subject: " ", text: "X"), ["CA0340000"], "subject"),
        (AgencyMessage(to: .agency("CA0340000"), subject: "S", text: String(repeating: "X", count: 4_001)), ["CA0340000"], "text"),
        (AgencyMessage(to: .agency("CA0340000"), subject: "S", text: "LINE ONE\nLINE \u{1B}[2J TWO"), ["CA0340000"], "text"),
        (AgencyMessage(to: .agency("CA0340000"), subject: "S\u{202E}", text: "X"), ["CA0340000"], "subject"),
        (AgencyMessage(to: .region("CA9"), subject: "S", text: "X"), [], "to"),
        (AgencyMessage(to: .agencies(["X"]), subject: "S", text: "X"), ["X"], "to"),
        (AgencyMessage(to: .region("CA"), subject: "S", text: "X"), (0...1_000).map { String(format: "CA%07d", $0) }, "to"),
    ])
    func aBadMessageIsRefusedNamingItsFieldAndOnlyTheRefusalIsWritten(message: AgencyMessage, recipients: [String], field: String) async throws {
        let fixture = try RecordsFixture()
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let refused = try await #require(throws: RecordRejection.self) { try await fixture.service.send(message, to: recipients, by: Self.losAngeles) }
        #expect(refused.problems.contains { $0.field == field }, "\(refused.problems)")
        #expect(try types(fixture, after: before) == ["CommandRejected"])
    }
}
