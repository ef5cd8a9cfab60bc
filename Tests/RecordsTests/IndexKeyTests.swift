import Ledger
@testable import Records
import Testing

/// The exact-match and duplicate keys, written part by part into one buffer: their values as
/// `docs/records.md` and the golden ledger state them, and the same keys whichever path (the
/// `IndexKey` list the searches and rules read, or the bytes the replay writes) asks.
@Suite("Index keys")
struct IndexKeyTests {
    @Test func aPersonIsADuplicateByStateIDThenFBINumberThenNameBirthDateAndSex() {
        #expect(RecordFacts.person(Samples.person(stateID: "A7777777", fbi: "123AB")).duplicateKey == "person|sid:A7777777")
        #expect(RecordFacts.person(Samples.person(stateID: nil, fbi: "123AB")).duplicateKey == "person|fbi:123AB")
        #expect(RecordFacts.person(Samples.person(stateID: nil)).duplicateKey == "person|DOE, JOHN ALLEN|19800115|M")
    }

    @Test func everyKindsDuplicateKeyNamesItsIdentifiers() {
        let cases: [(RecordFacts, String)] = [
            (Samples.wanted(), "wantedPerson|24-000123|DOE, JOHN ALLEN|19800115"),
            (Samples.missing(), "missingPerson|ROE, JANE|20100304"),
            (Samples.offenderRegistration(), "offenderRegistration|DOE, JOHN ALLEN|19800115|PC 290"),
            (Samples.order(), "protectiveOrder|1234567890123"),
            (Samples.registration(), "vehicleRegistration|6DEF456|CA"),
            (Samples.licence(), "driverLicence|D1234567|CA"),
            (Samples.stolenVehicle(), "stolenVehicle|1HGCM82633A004352"),
            (Samples.stolenPlate(), "stolenPlate|5XYZ987|CA|PC"),
            (Samples.stolenGun(), "stolenGun|ABC12345|GLOCK"),
            (Samples.stolenArticle(), "stolenArticle|SN998877|LAPTOP"),
            (.criminalHistory(CriminalHistoryFacts(person: RecordNumber(kind: .person, sequence: 7), subject: Samples.person())),
             "criminalHistory|P0000000007"),
            (.person(Samples.person("NÚÑEZ, JOSÉ", stateID: nil)), "person|NÚÑEZ, JOSÉ|19800115|M"),
        ]
        for (facts, expected) in cases { #expect(facts.duplicateKey == expected) }
    }

    @Test func aRegistrationIsFoundByItsOwnerVINLastEightAndPlate() {
        let keys = Samples.registration().indexKeys.map { "\($0.type.rawValue)=\($0.value)" }
        #expect(keys == [
            "dup=vehicleRegistration|6DEF456|CA", "sid=A12345678", "oln=D1234567|CA",
            "vin=JH4KA7561PC008269", "vin8=PC008269", "plate=6DEF456|CA",
        ])
    }

    /// What the keys table stores for a record: `type 0x00 value 0x00 number`, sorted and
    /// distinct, written through the same path for the live fold and the replay.
    @Test func aRecordsStoredKeysAreTypeValueAndNumberBetweenZeroBytes() {
        let number = RecordNumber(kind: .vehicleRegistration, sequence: 42)
        let entered = RecordAction(userID: "op", agency: "CA0340000", at: LedgerTime(microsecondsSinceEpoch: 0), sequence: 42)
        let state = RecordState(number: number, facts: Samples.registration(), entered: entered, version: 1)
        let stored = RecordIndexEntries(of: state, policy: .standard).keys.map { String(decoding: $0, as: UTF8.self) }
        let expected = [
            "dup|vehicleRegistration|6DEF456|CA", "oln|D1234567|CA", "plate|6DEF456|CA", "sid|A12345678",
            "vin|JH4KA7561PC008269", "vin8|PC008269",
        ].map { $0.replacingFirst("|", with: "\u{0}") + "\u{0}R0000000042" }
        #expect(stored == expected)
    }
}

private extension String {
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
