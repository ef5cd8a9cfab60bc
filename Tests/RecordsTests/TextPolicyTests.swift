import Foundation
import Ledger
@testable import Records
import Testing

/// No field of a record holds control characters, bidirectional controls or decomposed text,
/// and no list grows without bound: each refused with the field named, nothing else written.
@Suite("Text policy and limits on record fields")
struct TextPolicyTests {
    static let hostile: [(String, String)] = [
        ("a NUL", "SMITH\u{0}"), ("a line break", "SMITH\nDROP"), ("an ANSI escape", "\u{1B}[2JSMITH"),
        ("a right-to-left override", "PC 459 \u{202E}YRALGRUB"), ("an isolate", "A\u{2066}B"), ("a zero-width joiner", "A\u{200D}B"),
        ("decomposed text", "JOSE\u{0301}"), ("a C1 control", "A\u{85}B"),
    ]

    /// Each kind of text field: a name, an identifier, free text of facts, a history entry, a detail.
    static func commands(_ text: String, number: RecordNumber, history: RecordNumber, today: CalendarDate) -> [(String, RecordCommand, String)] {
        var person = Samples.person()
        person.name = PersonName(text)
        var marked = Samples.person()
        marked.scarsMarksTattoos = [text]
        var want = WantedPersonFacts(subject: Samples.person(), warrantDate: Samples.date("20260520"), offense: text,
                                     classification: .felony, extradition: .full, caseNumber: "24-1")
        want.caution = "ARMED"
        return [
            ("name", .enter(.person(person)), "a name"),
            ("scarsMarksTattoos[0]", .enter(.person(marked)), "a list of free text"),
            ("offense", .enter(.wantedPerson(want)), "free text of facts"),
            ("entry.statute", .addHistoryEntry(history, CriminalHistoryEntry(kind: .arrest, date: today, statute: text, offenseLevel: .felony)), "a history entry"),
            ("how", .clear(number, ClearDetails(clearedOn: today, how: text)), "a detail"),
            ("reason", .cancel(number, reason: text, identifierAsEntered: "DOE, JOHN ALLEN"), "a reason"),
        ]
    }

    @Test func controlCharactersBidiOverridesAndDecomposedTextAreRefusedInEveryFieldKind() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let person = try await fixture.enter(.person(Samples.person("ROE, RICHARD", stateID: "A5")))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: Samples.person("ROE, RICHARD", stateID: "A5"))))
        for (what, text) in Self.hostile {
            for (field, command, kind) in Self.commands(text, number: want.number, history: history.number, today: fixture.today) {
                let before = try fixture.ledger.read { try $0.lastSequence() }
                let rejection = try await fixture.rejection(command)
                #expect(rejection.rule == .invalidField, "\(what) in \(kind)")
                #expect(rejection.problems.contains { $0.field == field }, "\(what) in \(kind): \(rejection.problems)")
                #expect(try fixture.ledger.read { try $0.lastSequence() } == before + 1, "only the rejection is written")
            }
        }
        #expect(try fixture.service.record(want.number)?.record.cleared == nil)
    }

    @Test func composedAccentsAndOrdinaryPunctuationAreAccepted() async throws {
        let fixture = try RecordsFixture()
        var want = Samples.wanted()
        if case .wantedPerson(var facts) = want {
            facts.offense = "PC 459 BURGLARY — 2ND DEGREE (CAFÉ)"
            want = .wantedPerson(facts)
        }
        _ = try await fixture.enter(want)
    }

    @Test func listsAreBoundedAndAnArrestBeforeBirthIsRefused() async throws {
        let fixture = try RecordsFixture()
        var crowded = Samples.person()
        crowded.aliases = (0..<10_000).map { _ in PersonName("DOE, JON") }
        let aliases = try await fixture.rejection(.enter(.person(crowded)))
        #expect(aliases.problems.contains { $0.field == "aliases" && $0.message.contains("at most 10") })
        let subject = Samples.person("ROE, RICHARD", born: "19900101", stateID: "A5")
        let person = try await fixture.enter(.person(subject))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: subject)))
        let early = CriminalHistoryEntry(kind: .arrest, date: Samples.date("19891231"), statute: "PC459", offenseLevel: .felony)
        let rejection = try await fixture.rejection(.addHistoryEntry(history.number, early))
        #expect(rejection.problems.contains { $0.field == "entry.date" && $0.message.contains("before the subject was born") })
    }
}
