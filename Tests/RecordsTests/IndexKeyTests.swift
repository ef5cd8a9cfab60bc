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

    /// The replay writes the keys as bytes; the live fold's entries and the searches read them
    /// as `IndexKey`s: both must be the same keys, for every kind.
    @Test func theStoredKeysAreTheIndexKeysOfTheFacts() {
        let everyKind: [RecordFacts] = [
            .person(Samples.person(fbi: "123AB")), Samples.wanted(), Samples.missing(), Samples.offenderRegistration(),
            Samples.order(), Samples.registration(), Samples.licence(), Samples.stolenVehicle(), Samples.stolenVehicle(plate: nil),
            Samples.stolenPlate(), Samples.stolenGun(), Samples.stolenArticle(),
        ]
        for facts in everyKind {
            let number = RecordNumber(kind: facts.kind, sequence: 42)
            var writer = IndexKeyValueWriter()
            var written: [[UInt8]] = []
            facts.forEachIndexKey(writer: &writer) { type, value in
                var key: [UInt8] = []
                IndexKey.append(type: type, value: value, for: number, to: &key)
                written.append(key)
            }
            #expect(written == facts.indexKeys.map { $0.stored(for: number) }, "\(facts.kind)")
            #expect(written.count >= 2, "\(facts.kind): a duplicate key and at least one key to be found by")
        }
    }
}
