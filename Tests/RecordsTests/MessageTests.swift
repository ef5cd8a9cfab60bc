import Foundation
import Ledger
@testable import Records
import TestSupport
import Testing

/// NCIC-style messages: every key reads into the very command, search or read the JSON API
/// makes, every record kind's facts go to fields and back unchanged, and every malformed
/// message is refused naming its field.
@Suite("Messages")
struct MessageTests {
    static let ori = RecordsFixture.sacramento.agency

    /// A sample of every kind, with the fields its message carries.
    static var samples: [RecordFacts] {
        var licensed = Samples.person()
        licensed.licenceNumber = nil
        licensed.licenceState = nil
        let history = CriminalHistoryFacts(person: RecordNumber(kind: .person, sequence: 7), subject: Samples.person())
        return [
            .person(Samples.person()), .criminalHistory(history), Samples.order(), Samples.registration(), Samples.licence(holder: licensed),
            Samples.offenderRegistration(), Samples.wanted(), Samples.missing(), Samples.stolenVehicle(), Samples.stolenPlate(),
            Samples.stolenGun(), Samples.stolenArticle(),
        ]
    }

    static func text(_ key: String, _ fields: [Message.Field]) -> String {
        ([key, ori] + fields.map { "\($0.code)/\($0.value)" }).joined(separator: ".")
    }

    static func request(_ text: String) throws -> MessageRequest {
        try MessageTranslator.request(for: try MessageParser.parse(text))
    }

    static func refusal(_ text: String) -> MessageRefusal? {
        do {
            _ = try request(text)
            return nil
        } catch let refusal as MessageRefusal {
            return refusal
        } catch {
            return nil
        }
    }

    @Test func everyKindsFactsGoToFieldsAndBackUnchanged() throws {
        #expect(Set(Self.samples.map(\.kind)) == Set(RecordKind.allCases))
        for facts in Self.samples {
            let key = MessageKey(.enter, facts.kind).text
            let message = Self.text(key, MessageFacts.fields(of: facts))
            #expect(try Self.request(message) == .command(.enter(facts)), "\(message)")
        }
    }

    @Test func everyActionReadsIntoTheCommandTheJSONAPIMakes() throws {
        let number = RecordNumber(kind: .wantedPerson, sequence: 12)
        let vehicle = RecordNumber(kind: .stolenVehicle, sequence: 13)
        #expect(try Self.request("XW.\(Self.ori).NIC/\(number).NAM/DOE, JOHN ALLEN.RSN/WARRANT RECALLED")
            == .command(.cancel(number, reason: "WARRANT RECALLED", identifierAsEntered: "DOE, JOHN ALLEN")))
        #expect(try Self.request("XV.\(Self.ori).NIC/\(vehicle).VIN/\(Samples.validVIN).RSN/ENTERED IN ERROR")
            == .command(.cancel(vehicle, reason: "ENTERED IN ERROR", identifierAsEntered: Samples.validVIN)))
        #expect(try Self.request("CW.\(Self.ori).NIC/\(number).DCL/20260602.HOW/APPREHENDED.RMK/BOOKED SAC MAIN JAIL")
            == .command(.clear(number, ClearDetails(clearedOn: Samples.date("20260602"), how: "APPREHENDED", remarks: "BOOKED SAC MAIN JAIL"))))
        #expect(try Self.request("LV.\(Self.ori).NIC/\(vehicle).DLO/20260603.OCA/LA-26-555.RCV/VEHICLE, DRIVABLE")
            == .command(.locate(vehicle, LocateDetails(locatedOn: Samples.date("20260603"), caseNumber: "LA-26-555", recovered: "VEHICLE, DRIVABLE"))))
        guard case .modify(let modified, let message, let version) = try Self.request("MW.\(Self.ori).NIC/\(number).VER/2.CAU/ARMED") else {
            Issue.record("a modify")
            return
        }
        #expect(modified == number && version == 2 && message.value("CAU") == "ARMED")
        #expect(try Self.request("QW.\(Self.ori).NAM/DOE, JOHN.DOB/19800115.SEX/M.PUR/C.CAS/26-1")
            == .search(.name(last: "DOE", first: "JOHN", dateOfBirth: Samples.date("19800115"), sex: "M", toleranceDays: 365),
                       QueryContext(purpose: .criminalJustice, caseNumber: "26-1")))
        #expect(try Self.request("QV.\(Self.ori).LIC/7ABC123.LIS/CA.PUR/C") == .search(.plate("7ABC123", state: "CA"), QueryContext(purpose: .criminalJustice)))
        #expect(try Self.request("QG.\(Self.ori).SER/ABC12345.PUR/C") == .search(.gunSerial("ABC12345"), QueryContext(purpose: .criminalJustice)))
        #expect(try Self.request("QA.\(Self.ori).SER/SN998877.PUR/C") == .search(.articleSerial("SN998877"), QueryContext(purpose: .criminalJustice)))
        #expect(try Self.request("QD.\(Self.ori).OLN/D1234567.OLS/CA.PUR/C") == .search(.licence("D1234567", state: "CA"), QueryContext(purpose: .criminalJustice)))
        #expect(try Self.request("QPO.\(Self.ori).FCN/1234567890123.PUR/D") == .search(.fileControlNumber("1234567890123"), QueryContext(purpose: .domesticViolence)))
        #expect(try Self.request("YQ.\(Self.ori).NIC/\(vehicle).PRI/U.OCA/SAC-26-1.RMK/DRIVER DETAINED")
            == .command(.requestHitConfirmation(vehicle, HitConfirmationRequest(priority: .urgent, caseNumber: "SAC-26-1", remarks: "DRIVER DETAINED"))))
        #expect(try Self.request("YR.\(Self.ori).NIC/\(vehicle).REQ/14.ANS/P.MIN/20")
            == .command(.answerHitConfirmation(vehicle, HitConfirmationAnswer(request: 14, answer: .pending, withinMinutes: 20))))
        #expect(try Self.request("YR.\(Self.ori).NIC/\(vehicle).REQ/14.ANS/Y")
            == .command(.answerHitConfirmation(vehicle, HitConfirmationAnswer(request: 14, answer: .confirmed))))
        #expect(try Self.request("QW.\(Self.ori).NIC/\(number).PUR/C")
            == .read(number, QueryContext(purpose: .criminalJustice, includeInactive: true, limit: 1)))
    }

    @Test func theDocumentListsEveryFileCodeAndEveryFieldCode() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Docs/messages.md")
        let document = try String(contentsOf: url, encoding: .utf8)
        #expect(MessageKey.all.count == 74)
        for key in MessageKey.all {
            #expect(MessageKey(key.text) == key)
            #expect(document.contains("`\(key.file.map(MessageKey.fileCode(of:)) ?? key.text)`"), "file code of \(key)")
            for code in FieldCatalog.fields(of: key) {
                #expect(document.contains("| `\(code.code)` |"), "\(code.code) of \(key)")
            }
        }
    }

    @Test func aPeriodNotBeforeAFieldCodeBelongsToTheValueAndCaseAndSpacesDoNotMatter() throws {
        let message = try MessageParser.parse("  ea.ca0340000.ser/sn1.typ/bicycle.des/red, st. louis frame.dot/20260501.oca/24-1. \n")
        #expect(message.key == MessageKey(.enter, .stolenArticle) && message.ori == "CA0340000")
        #expect(message.value("DES") == "RED, ST. LOUIS FRAME")
        #expect(message.fields.map(\.code) == ["SER", "TYP", "DES", "DOT", "OCA"])
    }

    @Test(arguments: [
        ("ZZ.CA0340000.NAM/X", "MKE", "not a message key"),
        ("EW", "ORI", "ORI is required"),
        ("EW.XX0340000.NAM/X", "ORI", "state code"),
        ("EW.CA0340000.NAMX", "MSG", "three-letter code"),
        ("EW.CA0340000.NAM/DOE, JOHN.XYZ/1", "XYZ", "not a field of EW"),
        ("EW.CA0340000.NAM/DOE, JOHN.NAM/ROE, JIM", "NAM", "given twice"),
        ("EW.CA0340000.NAM/DOE, JOHN.SEX/M.RAC/W.DOW/20260520.OFF/PC 459.CLS/FEL.EXL/FULL.OCA/1", "DOB", "is required"),
        ("EW.CA0340000.NAM/DOE, JOHN.DOB/1980.SEX/M.RAC/W.DOW/20260520.OFF/PC 459.CLS/FEL.EXL/FULL.OCA/1", "DOB", "CCYYMMDD"),
        ("EW.CA0340000.NAM/DOE, JOHN.DOB/19800115.SEX/M.RAC/W.WGT/HEAVY.DOW/20260520.OFF/PC 459.CLS/FEL.EXL/FULL.OCA/1", "WGT", "whole number"),
        ("EW.CA0340000.NAM/DOE, JOHN.DOB/19800115.SEX/M.RAC/W.DOW/20260520.OFF/PC 459.CLS/BAD.EXL/FULL.OCA/1", "CLS", "not one of FEL"),
        ("EPO.CA0340000.PPB/20100101", "PPB", "follows the PPN/"),
        ("CW.CA0340000.NIC/V0000000012.DCL/20260601.HOW/FOUND", "NIC", "not one of the W file"),
        ("CW.CA0340000.NIC/W0000000012.HOW/FOUND", "DCL", "is required"),
        ("MW.CA0340000.NIC/W0000000012", "MSG", "at least one field"),
        ("QW.CA0340000.NAM/DOE, JOHN.DOB/19800115", "PUR", "purpose code"),
        ("QW.CA0340000.NAM/DOE, JOHN.PUR/C", "DOB", "required with NAM/"),
        ("QW.CA0340000.SID/A1.VIN/1HGCM82633A004352.PUR/C", "VIN", "one search key"),
        ("QW.CA0340000.SER/123.PUR/C", "SER", "QG (guns) or QA"),
        ("EW.CA0340000.NAM/A\u{7}B", "MSG", "control character"),
        ("YQ.CA0340000.NIC/W0000000012.PRI/X.OCA/1", "PRI", "not one of U, R"),
        ("YQ.CA0340000.NIC/W0000000012.PRI/U", "OCA", "is required"),
        ("YR.CA0340000.NIC/W0000000012.REQ/ABC.ANS/Y", "REQ", "not a whole number"),
        ("YR.CA0340000.NIC/W0000000012.REQ/5", "ANS", "is required"),
    ])
    func aMalformedMessageIsRefusedNamingItsField(text: String, field: String, words: String) throws {
        let refusal = try #require(Self.refusal(text), "\(text) was accepted")
        #expect(refusal.problems.contains { $0.field == field && $0.message.contains(words) }, "\(refusal.problems)")
    }

    @Test func anEmptyLeadingMemberEmptiesItsListAndAnEmptyValueRemovesAField() throws {
        let catalog = FieldCatalog.facts(of: .protectiveOrder)
        let tree = try MessageFacts.apply([Message.Field(code: "RMK", value: "SEE FILE")], catalog: catalog, to: FactsTree(Samples.order()), keyText: "MPO")
        #expect(tree[["remarks"][...]] == .string("SEE FILE"))
        let fields = [Message.Field(code: "PPN", value: ""), Message.Field(code: "RMK", value: "")]
        let changed = try MessageFacts.apply(fields, catalog: catalog, to: tree, keyText: "MPO")
        #expect(changed[["protectedPersons"][...]] == .array([]))
        #expect(changed[["remarks"][...]] == nil)
        #expect(changed[["conditions"][...]] == tree[["conditions"][...]], "what the message does not name stays")
    }

    @Test func anOversizedMessageIsRefusedBeforeItIsRead() throws {
        let text = "EW.CA0340000.RMK/" + String(repeating: "X", count: Message.maximumLength)
        let refusal = try #require(Self.refusal(text))
        #expect(refusal.problems.first?.field == "MSG" && refusal.problems.first?.message.contains("at most 4000") == true)
    }

    @Test func theValidatorsProblemsAreNamedByFieldCode() async throws {
        let fixture = try RecordsFixture()
        var facts = Self.samples[6]
        guard case .wantedPerson(var wanted) = facts else { return }
        wanted.subject.sex = "Q"
        facts = .wantedPerson(wanted)
        let message = Self.text("EW", MessageFacts.fields(of: facts))
        guard case .command(let command) = try Self.request(message) else { return }
        let rejection = try await fixture.rejection(command)
        let reply = MessageReply.refused(rejection, key: MessageKey(.enter, .wantedPerson), ori: Self.ori)
        #expect(reply.hasPrefix("REJ EW \(Self.ori) RULE/INVALIDFIELD SEQ/\(rejection.rejectionSequence)\n"), "\(reply)")
        #expect(reply.contains("\nSEX/ "), "\(reply)")
    }

    /// Enter, query from another agency, modify, locate, clear: each message runs its command
    /// in the service, appends its event, and the reply shows what the domain returned.
    @Test func aWantedPersonsDayInMessages() async throws {
        let fixture = try RecordsFixture()
        let entry = Self.text("EW", MessageFacts.fields(of: Samples.wanted()))
        guard case .command(let enter) = try Self.request(entry) else { Issue.record("an entry"); return }
        let entered = try await fixture.service.execute(enter, by: RecordsFixture.sacramento)
        let ack = MessageReply.accepted(MessageKey(.enter, .wantedPerson), ori: Self.ori, record: entered, status: entered.status(at: fixture.clock.now()))
        #expect(ack.hasPrefix("ACK EW \(Self.ori) NIC/\(entered.number) VER/1\n\(entered.number) ACTIVE ORI/\(Self.ori) VER/1\nNAM/DOE, JOHN ALLEN."), "\(ack)")
        #expect(ack.split(separator: "\n").allSatisfy { $0.count <= MessageReply.width })

        guard case .search(let query, let context) = try Self.request("QW.CA0194200.NAM/DOE, JOHN.DOB/19800115.PUR/C.CAS/LA-26-1") else { return }
        let answer = try await fixture.service.search(query, context: context, by: RecordsFixture.losAngeles)
        let hits = MessageReply.hits(MessageKey(.query, .wantedPerson), ori: "CA0194200", hits: answer.hits, accessSequence: answer.accessSequence)
        #expect(hits.contains("1 HIT ACC/\(answer.accessSequence)") && hits.contains("HIT 1 OF 1\n\(entered.number) ACTIVE"), "\(hits)")
        let access = try fixture.ledger.read { try $0.event(at: answer.accessSequence) }
        #expect(access?.type == AccessRecord.eventType)

        guard case .modify(let number, let changes, let version) = try Self.request("MW.\(Self.ori).NIC/\(entered.number).CAU/ARMED AND DANGEROUS") else { return }
        let modify = try await fixture.service.modifyCommand(changes, number: number, expectedVersion: version, by: RecordsFixture.sacramento)
        let modified = try await fixture.service.execute(modify, by: RecordsFixture.sacramento)
        guard case .wantedPerson(let facts) = modified.facts else { return }
        #expect(modified.version == 2 && facts.caution == "ARMED AND DANGEROUS" && facts.subject == Samples.person())

        // Another agency's modify is refused as the owner's rule, before its fields are read.
        let foreign = try await #require(throws: RecordRejection.self) {
            _ = try await fixture.service.modifyCommand(changes, number: number, expectedVersion: nil, by: RecordsFixture.losAngeles)
        }
        #expect(foreign.rule == .ownerOnly)
        let stale = try await fixture.service.modifyCommand(changes, number: number, expectedVersion: 1, by: RecordsFixture.sacramento)
        #expect(try await fixture.rejection(stale).rule == .versionConflict)

        guard case .command(let locateFirst) = try Self.request("LW.CA0194200.NIC/\(entered.number).DLO/20260601.OCA/LA-1.RCV/SUBJECT IN CUSTODY") else { return }
        #expect(try await fixture.rejection(locateFirst, by: RecordsFixture.losAngeles).rule == .hitNotConfirmed)
        guard case .command(let ask) = try Self.request("YQ.CA0194200.NIC/\(entered.number).PRI/U.OCA/LA-1") else { return }
        let asked = try await fixture.service.execute(ask, by: RecordsFixture.losAngeles)
        let request = try #require(asked.hitConfirmations?.last?.id)
        let askReply = MessageReply.accepted(.hitConfirmationRequest, ori: "CA0194200", record: asked, status: asked.status(at: fixture.clock.now()))
        #expect(askReply.contains("HIT REQUEST REQ/\(request).ORI/CA0194200.PRI/URGENT.OCA/LA-1.OPEN.\nDUE 2026-06-01T12:10:00.000000Z\n"), "\(askReply)")
        guard case .command(let confirm) = try Self.request("YR.\(Self.ori).NIC/\(entered.number).REQ/\(request).ANS/Y") else { return }
        _ = try await fixture.service.execute(confirm, by: RecordsFixture.sacramento)
        guard case .command(let locate) = try Self.request("LW.CA0194200.NIC/\(entered.number).DLO/20260601.OCA/LA-1.RCV/SUBJECT IN CUSTODY") else { return }
        let located = try await fixture.service.execute(locate, by: RecordsFixture.losAngeles)
        #expect(located.locates.count == 1)
        guard case .command(let clear) = try Self.request("CW.\(Self.ori).NIC/\(entered.number).DCL/20260601.HOW/APPREHENDED") else { return }
        let cleared = try await fixture.service.execute(clear, by: RecordsFixture.sacramento)
        let reply = MessageReply.accepted(MessageKey(.clear, .wantedPerson), ori: Self.ori, record: cleared, status: cleared.status(at: fixture.clock.now()))
        #expect(reply.contains(" CLEARED ") && reply.contains("CLEARED 20260601.HOW/APPREHENDED") && reply.contains("LOCATED 20260601.ORI/CA0194200"), "\(reply)")
    }

    @Test func aModifyOfAMissingRecordIsRefusedOnTheRecord() async throws {
        let fixture = try RecordsFixture()
        guard case .modify(let number, let changes, let version) = try Self.request("MW.\(Self.ori).NIC/W0000000999.CAU/ARMED") else { return }
        await #expect(throws: RecordRejection.self) {
            _ = try await fixture.service.modifyCommand(changes, number: number, expectedVersion: version, by: RecordsFixture.sacramento)
        }
        let last = try fixture.ledger.read { transaction in try transaction.event(at: try transaction.lastSequence()) }
        #expect(last?.type == "CommandRejected")
    }

    @Test func aRefusedMessageIsOneRejectionEventNamingTheField() async throws {
        let fixture = try RecordsFixture()
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let refusal = try #require(Self.refusal("EW.CA0340000.NAM/DOE, JOHN.XYZ/1"))
        let rejection = try await fixture.service.refuse(refusal, by: RecordsFixture.sacramento)
        let after = try fixture.ledger.read { try $0.lastSequence() }
        #expect(after == before + 1 && rejection.rejectionSequence == after)
        let event = try #require(try fixture.ledger.read { try $0.event(at: after) })
        let payload = String(decoding: event.payload ?? [], as: UTF8.self)
        #expect(event.type == "CommandRejected" && payload.contains(#""command":"message""#) && payload.contains(#""field":"XYZ""#), "\(payload)")
    }
}
