import Testing
@testable import Records

@Suite("Names as NCIC writes them, and record numbers")
struct PersonNameTests {
    @Test(arguments: [
        ("SMITH, JOHN ALLEN", "SMITH", "JOHN", ["JOHN", "ALLEN"]),
        ("SMITH JR, JOHN", "SMITH JR", "JOHN", ["JOHN"]),
        ("O'BRIEN-KELLY,  MARY  ANN ", "O'BRIEN-KELLY", "MARY", ["MARY", "ANN"]),
        ("  DE LA CRUZ , ANA", "DE LA CRUZ", "ANA", ["ANA"]),
        ("NOGIVEN", "NOGIVEN", "", []),
        ("TRAILING,", "TRAILING", "", []),
        ("", "", "", []),
        (",JOHN", "", "JOHN", ["JOHN"]),
        (",,A", "", ",A", [",A"]),
    ])
    func partsOfAName(text: String, last: String, first: String, given: [String]) {
        let name = PersonName(text)
        #expect(name.last == last)
        #expect(name.first == first)
        #expect(name.givenNames == given)
        #expect(name.first == (name.givenNames.first ?? ""))
    }

    @Test func trimmingRemovesOnlyOuterSpaces() {
        #expect("  A B  ".trimmingSpaces == "A B")
        #expect("   ".trimmingSpaces == "")
        #expect("X".trimmingSpaces == "X")
        #expect("\tX ".trimmingSpaces == "\tX")
    }

    @Test func recordNumbersAreAFileCodeAndTenDigits() {
        #expect(RecordNumber("W0000000042")?.kind == .wantedPerson)
        #expect(RecordNumber("P1234567890")?.kind == .person)
        for bad in ["W000000004", "W00000000420", "Q0000000042", "W00000000A2", "w0000000042", "W000000004٢", "É0000000042", ""] {
            #expect(RecordNumber(bad) == nil, "\(bad)")
        }
    }
}
