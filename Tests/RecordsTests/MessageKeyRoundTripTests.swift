import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Every message key of every file, message → command → event → reply: an entry, a query by
/// number, a modify, a locate, a cancel and a clear of each kind, run through the service as
/// the message route runs them. Where the domain refuses (a locate without a confirmed hit, a
/// clear of a file that takes none, a clear of a cancelled record) the round trip is the
/// refusal's: its `CommandRejected` event and the `REJ` reply naming the rule.
@Suite("Every message key round trips")
struct MessageKeyRoundTripTests {
    static let owner = RecordsFixture.sacramento
    static let other = RecordsFixture.losAngeles

    /// What one message came to: the reply and the events it appended.
    struct Outcome {
        let reply: String
        let events: [RecordedEvent]
    }

    /// The message route's work without HTTP: parse, translate, run, lay out the reply.
    static func send(_ text: String, by actor: EventActor, _ fixture: RecordsFixture) async throws -> Outcome {
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let reply: String
        do {
            let message = try MessageParser.parse(text)
            do {
                reply = try await run(message, by: actor, fixture)
            } catch let rejection as RecordRejection {
                reply = MessageReply.refused(rejection, key: message.key, ori: message.ori)
            }
        } catch let refusal as MessageRefusal {
            let rejection = try await fixture.service.refuse(refusal, by: actor)
            reply = MessageReply.refused(keyText: refusal.keyText, ori: "", rule: rejection.rule.rawValue, problems: refusal.problems,
                                         sequence: rejection.rejectionSequence)
        }
        let events = try fixture.ledger.read { transaction in
            try ((before + 1)...max(before + 1, try transaction.lastSequence())).compactMap { try transaction.event(at: $0) }
        }
        return Outcome(reply: reply, events: events)
    }

    static func run(_ message: Message, by actor: EventActor, _ fixture: RecordsFixture) async throws -> String {
        let now = fixture.clock.now()
        switch try MessageTranslator.request(for: message) {
        case .command(let command):
            let state = try await fixture.service.execute(command, by: actor)
            return MessageReply.accepted(message.key, ori: message.ori, record: state, status: state.status(at: now))
        case .modify(let number, let changes, let version):
            let command = try await fixture.service.modifyCommand(changes, number: number, expectedVersion: version, by: actor)
            let state = try await fixture.service.execute(command, by: actor)
            return MessageReply.accepted(message.key, ori: message.ori, record: state, status: state.status(at: now))
        case .search(let query, let context):
            let answer = try await fixture.service.search(query, context: context, by: actor)
            return MessageReply.hits(message.key, ori: message.ori, hits: answer.hits, accessSequence: answer.accessSequence)
        case .read(let number, let context):
            let answer = try await fixture.service.record(number, context: context, by: actor)
            return MessageReply.hits(message.key, ori: message.ori, hits: answer.hit.map { [$0] } ?? [], accessSequence: answer.accessSequence)
        }
    }

    /// The facts of every kind, a criminal history naming the person record entered first.
    static func facts(person: RecordNumber) -> [RecordFacts] {
        MessageTests.samples.map { facts in
            guard case .criminalHistory = facts else { return facts }
            return .criminalHistory(CriminalHistoryFacts(person: person, subject: Samples.person()))
        }.filter { $0.kind != .person }
    }

    @Test func everyKeyOfEveryFile() async throws {
        let fixture = try RecordsFixture()
        let ori = Self.owner.agency
        let person = try await Self.send("EP.\(ori)." + Self.fields(.person(Samples.person())), by: Self.owner, fixture)
        let personNumber = try #require(Self.number(in: person.reply))
        var keysSent: Set<String> = ["EP"]
        for facts in [RecordFacts.person(Samples.person())] + Self.facts(person: RecordNumber(personNumber)!) {
            let file = MessageKey.fileCode(of: facts.kind)
            let number: String
            if facts.kind == .person {
                number = personNumber
            } else {
                let entered = try await Self.send("E\(file).\(ori)." + Self.fields(facts), by: Self.owner, fixture)
                #expect(entered.reply.hasPrefix("ACK E\(file) \(ori) NIC/"), "\(entered.reply)")
                #expect(entered.events.map(\.type) == ["RecordEntered"])
                number = try #require(Self.number(in: entered.reply))
            }

            let query = try await Self.send("Q\(file).\(Self.other.agency).NIC/\(number).PUR/C.CAS/RT-1", by: Self.other, fixture)
            #expect(query.reply.contains("1 HIT ACC/\(query.events.last?.sequence ?? 0)") && query.events.map(\.type) == [AccessRecord.eventType], "\(query.reply)")

            let first = MessageFacts.fields(of: facts)[0]
            let modified = try await Self.send("M\(file).\(ori).NIC/\(number).VER/1.\(first.code)/\(first.value)", by: Self.owner, fixture)
            #expect(modified.reply.hasPrefix("ACK M\(file) \(ori) NIC/\(number) VER/2") && modified.events.map(\.type) == ["RecordModified"], "\(modified.reply)")

            let located = try await Self.send("L\(file).\(Self.other.agency).NIC/\(number).DLO/20260601.OCA/RT-1.RCV/FOUND", by: Self.other, fixture)
            let locateRule = facts.kind.acceptsLocates ? "HITNOTCONFIRMED" : "LIFECYCLE"
            #expect(located.reply.hasPrefix("REJ L\(file) \(Self.other.agency) RULE/\(locateRule) SEQ/") && located.events.map(\.type) == ["CommandRejected"], "\(located.reply)")

            let identifier = FieldCatalog.identifierAsEntered(of: facts.kind).code
            let cancelled = try await Self.send("X\(file).\(ori).NIC/\(number).\(identifier)/\(facts.identifierAsEntered).RSN/ENTERED IN ERROR", by: Self.owner, fixture)
            #expect(cancelled.reply.contains(" CANCELLED (ENTERED IN ERROR) ") && cancelled.events.map(\.type) == ["RecordCancelled"], "\(cancelled.reply)")

            let cleared = try await Self.send("C\(file).\(ori).NIC/\(number).DCL/20260601.HOW/RECOVERED", by: Self.owner, fixture)
            #expect(cleared.reply.hasPrefix("REJ C\(file) \(ori) RULE/LIFECYCLE SEQ/") && cleared.events.map(\.type) == ["CommandRejected"], "\(cleared.reply)")
            keysSent.formUnion(["E", "Q", "M", "L", "X", "C"].map { $0 + file })
        }
        let fileKeys = Set(MessageKey.all.filter(\.action.takesFile).map(\.text))
        #expect(keysSent == fileKeys, "every key with a file was sent")
        #expect(try LedgerRebuilder.check(fixture.ledger).isIdentical)
    }

    static func fields(_ facts: RecordFacts) -> String {
        MessageFacts.fields(of: facts).map { "\($0.code)/\($0.value)" }.joined(separator: ".")
    }

    static func number(in reply: String) -> String? {
        reply.split(separator: " ").first { $0.hasPrefix("NIC/") }.map { String($0.dropFirst(4).prefix(11)) }
    }
}
