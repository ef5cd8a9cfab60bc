import Testing
@testable import Records

/// Widely published example VINs whose check digits were verified with
/// `VehicleIdentificationNumber.checkDigit(for:)`; paired with the character
/// position 9 must hold.
private let publishedValidVehicleIdentificationNumbers: [(vin: String, checkDigit: Character)] = [
    ("1HGCM82633A004352", "3"),
    ("JH4KA7561PC008269", "1"),
    ("1G1JC5444R7252367", "4"),
    ("JHMCM56557C404453", "5"),
    ("1GNEK13ZX3R298984", "X"),
]

@Test(arguments: publishedValidVehicleIdentificationNumbers)
func publishedVehicleIdentificationNumbersAreValid(vin: String, checkDigit: Character) {
    #expect(VehicleIdentificationNumber.checkDigit(for: vin) == checkDigit)
    #expect(VehicleIdentificationNumber.problem(with: vin, modelYear: nil) == nil)
    #expect(VehicleIdentificationNumber.problem(with: vin, modelYear: 2005) == nil)
}

@Test func wellKnownExampleWithCheckDigitX() {
    #expect(VehicleIdentificationNumber.checkDigit(for: "1M8GDM9AXKP042788") == "X")
    #expect(VehicleIdentificationNumber.problem(with: "1M8GDM9AXKP042788", modelYear: 1989) == nil)
}

@Test func allOnesIsValid() {
    #expect(VehicleIdentificationNumber.checkDigit(for: "11111111111111111") == "1")
    #expect(VehicleIdentificationNumber.problem(with: "11111111111111111", modelYear: nil) == nil)
}

@Test func wrongCheckDigitExplainsTheExpectedDigit() throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: "1HGCM82653A004352", modelYear: 2003))
    #expect(problem.contains("check digit is 5 but the VIN's other characters require 3"))
}

@Test func singleCharacterTypoIsCaught() {
    // Last digit mistyped (2 -> 3): the check digit no longer matches.
    #expect(VehicleIdentificationNumber.problem(with: "1HGCM82633A004353", modelYear: 2003) != nil)
    // Two characters swapped.
    #expect(VehicleIdentificationNumber.problem(with: "1HGCM82633A004325", modelYear: 2003) != nil)
}

@Test(arguments: ["1HGCM82633A0O4352", "1HGCM82633AI04352", "1HGCM82633AQ04352"])
func standardVehicleIdentificationNumberRejectsIOAndQ(vin: String) throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: vin, modelYear: 2003))
    #expect(problem.contains("I, O or Q"))
    #expect(VehicleIdentificationNumber.checkDigit(for: vin) == nil)
}

@Test func forbiddenLetterMessageGivesItsPosition() throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: "1HGCM82633A0O4352", modelYear: nil))
    #expect(problem.contains("O at position 13"))
}

@Test func twelveCharactersRejectedForModernVehicle() throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: "2G4WS52J3Y11", modelYear: 2005))
    #expect(problem.contains("1981"))
    #expect(problem.contains("17-character"))
    #expect(problem.contains("has 12"))
}

@Test func twelveCharactersAcceptedForOlderVehicle() {
    #expect(VehicleIdentificationNumber.problem(with: "1N57H5S10234", modelYear: 1975) == nil)
}

@Test func shortVehicleIdentificationNumberNeedsAKnownOldModelYear() throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: "1N57H5S10234", modelYear: nil))
    #expect(problem.contains("before 1981"))
}

@Test func modelYear1981IsTheFirstThatNeedsSeventeenCharacters() {
    #expect(VehicleIdentificationNumber.problem(with: "1N57H5S10234", modelYear: 1980) == nil)
    #expect(VehicleIdentificationNumber.problem(with: "1N57H5S10234", modelYear: 1981) != nil)
}

@Test func olderVehicleIsNotHeldToTheCheckDigit() {
    // Pre-1981 numbers follow no common standard, so a 17-character one
    // with a "wrong" check digit, or with an O, may still be genuine.
    #expect(VehicleIdentificationNumber.problem(with: "1HGCM82653A004352", modelYear: 1979) == nil)
    #expect(VehicleIdentificationNumber.problem(with: "OLDCAR1234", modelYear: 1965) == nil)
}

@Test func lowercaseRejected() throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: "1hgcm82633a004352", modelYear: 2003))
    #expect(problem.contains("upper case"))
    #expect(VehicleIdentificationNumber.problem(with: "oldcar1234", modelYear: 1965) != nil)
    #expect(VehicleIdentificationNumber.checkDigit(for: "1hgcm82633a004352") == nil)
}

@Test(arguments: ["1HGCM8263-A004352", "1HGCM82633 A004352", "1HGCM82633Ä004352"])
func nonAlphanumericCharactersRejected(vin: String) throws {
    let problem = try #require(VehicleIdentificationNumber.problem(with: vin, modelYear: nil))
    #expect(problem.contains("only letters and digits"))
}

@Test func emptyAndOverlongRejected() throws {
    let emptyProblem = try #require(VehicleIdentificationNumber.problem(with: "", modelYear: 1970))
    #expect(emptyProblem.contains("required"))
    let longProblem = try #require(VehicleIdentificationNumber.problem(with: "1HGCM82633A0043521", modelYear: 1970))
    #expect(longProblem.contains("at most 17"))
}

@Test func checkDigitNeedsSeventeenCharacters() {
    #expect(VehicleIdentificationNumber.checkDigit(for: "1HGCM82633A00435") == nil)
    #expect(VehicleIdentificationNumber.checkDigit(for: "1HGCM82633A0043521") == nil)
}

@Test func lastEight() {
    #expect(VehicleIdentificationNumber.lastEight("1HGCM82633A004352") == "3A004352")
    #expect(VehicleIdentificationNumber.lastEight("12345678") == "12345678")
    #expect(VehicleIdentificationNumber.lastEight("1234567") == nil)
}
