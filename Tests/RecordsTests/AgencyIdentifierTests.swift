import Testing
@testable import Records

@Test(arguments: ["CA0194200", "NY0303000", "DCFBIWA00", "PR0010000", "TX2270100"])
func wellFormedAgencyIdentifiersAccepted(ori: String) {
    #expect(AgencyIdentifier.problem(with: ori) == nil)
}

@Test func wrongLengthNamesBothLengths() {
    #expect(AgencyIdentifier.problem(with: "CA01942") == "an ORI has 9 characters; CA01942 has 7")
    #expect(AgencyIdentifier.problem(with: "CA01942000") == "an ORI has 9 characters; CA01942000 has 10")
}

@Test func emptyAgencyIdentifierIsRequired() {
    #expect(AgencyIdentifier.problem(with: "") == "an ORI is required")
}

@Test(arguments: ["ca0194200", "CA-194200", "CA019420 ", "CA01942Ö0"])
func onlyUppercaseLettersAndDigits(ori: String) throws {
    let problem = try #require(AgencyIdentifier.problem(with: ori))
    #expect(problem.hasPrefix("an ORI uses only upper-case letters and digits"))
}

@Test func unknownStateCodeNamed() {
    #expect(AgencyIdentifier.problem(with: "ZZ0194200") == "an ORI starts with a state code; ZZ is not one")
}

@Test func plateOnlyIssuersAreNotStateCodes() {
    // Canadian provinces and "US" issue plates but do not begin ORIs.
    #expect(AgencyIdentifier.problem(with: "ON0194200") == "an ORI starts with a state code; ON is not one")
    #expect(AgencyIdentifier.problem(with: "US0194200") == "an ORI starts with a state code; US is not one")
}
