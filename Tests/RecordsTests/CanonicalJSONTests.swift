import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// The hand-written canonical JSON of the records model must be byte for byte what `Codable`
/// gives under `JSONEncoder` with sorted keys, and read back to the same values by both
/// decoders: stored payloads written by either are then the same bytes, and read the same.
@Suite("Canonical JSON of the records model")
struct CanonicalJSONTests {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    func checkRoundTrip<Value: CanonicalJSON & Codable & Equatable>(_ value: Value, _ comment: Comment) throws {
        let canonical = value.canonicalJSON()
        let foundation = Array(try Self.encoder.encode(value))
        #expect(canonical == foundation, "\(String(decoding: canonical, as: UTF8.self)) ≠ \(String(decoding: foundation, as: UTF8.self)) — \(comment)")
        #expect(try Value(canonicalJSON: canonical) == value, comment)
        #expect(try JSONDecoder().decode(Value.self, from: Data(canonical)) == value, comment)
    }

    @Test func factsStatesAndHistoryEntriesMatchCodableByteForByte() throws {
        let seed = TestSeed.make()
        var generator = ModelGenerator(seed: seed)
        for round in 0..<400 {
            let comment = Comment(rawValue: "seed \(seed), round \(round)")
            try checkRoundTrip(generator.facts(), comment)
            try checkRoundTrip(generator.state(), comment)
            try checkRoundTrip(generator.historyEntry(), comment)
        }
    }

    /// The payloads the event types had when `Codable` wrote them.
    private struct Reason: Codable { let reason: String }
    private struct Remarks: Codable { let remarks: String? }
    private struct Expiry: Codable { let expiresOn: CalendarDate? }
    private struct HistoryEntry: Codable { let id: String; let entry: CriminalHistoryEntry }
    private struct AnnualUpdate: Codable { let on: CalendarDate }
    private struct Empty: Codable {}
    private struct Request: Codable { let request: UInt64 }
    private struct Correction: Codable { let entry: CriminalHistoryEntry; let id: String; let reason: String }

    private func codablePayload(_ event: RecordEvent) throws -> [UInt8] {
        let encoder = Self.encoder
        switch event {
        case .entered(let facts), .modified(let facts): return Array(try encoder.encode(facts))
        case .cancelled(let reason): return Array(try encoder.encode(Reason(reason: reason)))
        case .cleared(let details): return Array(try encoder.encode(details))
        case .located(let details): return Array(try encoder.encode(details))
        case .disseminated(let details): return Array(try encoder.encode(details))
        case .entryChecked: return Array(try encoder.encode(Empty()))
        case .validated(let remarks): return Array(try encoder.encode(Remarks(remarks: remarks)))
        case .orderServed(let details): return Array(try encoder.encode(details))
        case .orderRenewed(let expiresOn): return Array(try encoder.encode(Expiry(expiresOn: expiresOn)))
        case .orderTerminated(let details): return Array(try encoder.encode(details))
        case .historyEntryAdded(let id, let entry): return Array(try encoder.encode(HistoryEntry(id: id, entry: entry)))
        case .registrantMoved(let address): return Array(try encoder.encode(address))
        case .annualUpdateRecorded(let date): return Array(try encoder.encode(AnnualUpdate(on: date)))
        case .hitConfirmationRequested(let details): return Array(try encoder.encode(details))
        case .hitConfirmationRequestedAgain(let request), .hitConfirmationEscalated(let request): return Array(try encoder.encode(Request(request: request)))
        case .hitConfirmationAnswered(let details): return Array(try encoder.encode(details))
        case .historyEntryCorrected(let id, let entry, let reason): return Array(try encoder.encode(Correction(entry: entry, id: id, reason: reason)))
        }
    }

    @Test func eventPayloadsMatchTheirCodableFormAndDecodeBack() throws {
        let seed = TestSeed.make()
        var generator = ModelGenerator(seed: seed)
        for round in 0..<600 {
            let event = generator.event()
            let payload = event.payload()
            #expect(payload == (try codablePayload(event)), "seed \(seed), round \(round)")
            #expect(try RecordEvent(type: event.type, payload: payload) == event, "seed \(seed), round \(round)")
        }
        #expect(try RecordEvent(type: "SomethingElse", payload: Array("{}".utf8)) == nil)
    }

    /// The replay reads an entry's or modification's facts in one pass as its record number's
    /// kind; whatever the number, the event (or the error) must be the one the ordinary decoder
    /// gives: for facts of the number's kind, of another kind, and for malformed payloads.
    @Test func theReplaysOnePassDecodeEqualsTheOrdinaryDecoder() throws {
        let seed = TestSeed.make()
        var generator = ModelGenerator(seed: seed)
        func outcome(_ decode: () throws -> RecordEvent?) -> String {
            do { return "\(String(describing: try decode()))" } catch { return "error: \(error)" }
        }
        func check(type: String, payload: [UInt8], _ comment: Comment) {
            let expected = outcome { try RecordEvent(type: type, payload: payload) }
            for kind in RecordKind.allCases {
                let number = RecordNumber(kind: kind, sequence: 7)
                let replayed = outcome {
                    try payload.withUnsafeBytes { payload in
                        try Array(type.utf8).withUnsafeBytes { try RecordEvent.decode(type: $0, payload: payload, of: number) }
                    }
                }
                #expect(replayed == expected, "\(kind): \(comment)")
            }
        }
        for round in 0..<300 {
            let facts = generator.facts()
            let event: RecordEvent = generator.chance() ? .entered(facts) : .modified(facts)
            check(type: event.type, payload: event.payload(), "seed \(seed), round \(round)")
        }
        let person = RecordFacts.person(generator.person()).canonicalJSON()
        let malformed = [
            "{\"facts\":{}}", "{\"kind\":\"person\"}", "{\"kind\":\"robot\",\"facts\":{}}", "{\"facts\":{},\"kind\":\"person\"}",
            "{\"facts\":{\"facts\":{}},\"kind\":\"person\",\"kind\":\"stolenGun\"}", "{\"kind\":\"person\",}",
            String(decoding: person, as: UTF8.self) + " x", String(decoding: person.dropLast(), as: UTF8.self),
            "{\"kind\":\"person\"," + String(decoding: person.dropFirst(), as: UTF8.self),
            String(decoding: person.dropLast(), as: UTF8.self) + ",\"kind\":\"stolenGun\"}",
            String(decoding: person.dropLast(), as: UTF8.self) + ",\"kind\":\"robot\"}",
            String(decoding: person.dropLast(), as: UTF8.self) + ",\"zz\":[\"}]\\\"\",{\"a\":1}]}",
            "{\"facts\":{},\"facts\":" + String(decoding: person.dropFirst(9), as: UTF8.self),
            " " + String(decoding: person, as: UTF8.self) + " ",
        ]
        // Facts that read as two kinds (unknown members are skipped): the kind member decides.
        let union = try Self.facts(merging: [.person(Samples.person()), Samples.stolenArticle()], kind: .person)
        check(type: "RecordEntered", payload: union, "facts of a person and a stolen article at once")
        for payload in malformed {
            check(type: "RecordEntered", payload: Array(payload.utf8), "\(payload)")
            check(type: "RecordModified", payload: Array(payload.utf8), "\(payload)")
        }
    }

    /// `{"facts":{every member of each facts},"kind":kind}`, keys sorted.
    static func facts(merging all: [RecordFacts], kind: RecordKind) throws -> [UInt8] {
        var merged: [String: Any] = [:]
        for facts in all {
            let object = try JSONSerialization.jsonObject(with: Data(facts.canonicalJSON())) as! [String: Any]
            merged.merge(object["facts"] as! [String: Any]) { first, _ in first }
        }
        let wrapped: [String: Any] = ["facts": merged, "kind": kind.rawValue]
        return Array(try JSONSerialization.data(withJSONObject: wrapped, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    @Test(arguments: [
        ("{\"facts\":{}}", "kind"),
        ("{\"kind\":\"person\"}", "facts"),
        ("{\"kind\":\"robot\",\"facts\":{}}", "not a valid"),
        ("{\"kind\":\"person\",\"facts\":{\"name\":\"A, B\"}}", "missing"),
        ("{\"kind\":\"person\",\"facts\":[]}", "expected an object"),
        ("{\"kind\":\"person\" \"facts\":{}}", "expected ','"),
        ("{\"kind\":\"person\",}", "expected a key"),
    ])
    func malformedPayloadsAreRefusedWithWhereAndWhy(payload: String, expected: String) {
        #expect {
            _ = try RecordFacts(canonicalJSON: Array(payload.utf8))
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func bytesAfterTheValueAreRefused() {
        #expect(throws: JSONReadError.self) { _ = try RecordNumber(canonicalJSON: Array("\"W0000000001\" x".utf8)) }
        #expect((try? RecordNumber(canonicalJSON: Array(" \"W0000000001\" ".utf8)))?.text == "W0000000001")
    }
}
