import Testing
@testable import Records

@Test(arguments: ["510", "200", "811", "600", "411"])
func validHeights(height: String) {
    #expect(PersonDescription.heightProblem(height) == nil)
}

@Test func inchesAboveElevenRejected() throws {
    let problem = try #require(PersonDescription.heightProblem("512"))
    #expect(problem.contains("00 to 11"))
    #expect(problem.contains("has 12"))
}

@Test(arguments: ["910", "110", "010"])
func feetOutsideTwoToEightRejected(height: String) throws {
    let problem = try #require(PersonDescription.heightProblem(height))
    #expect(problem.contains("feet must be 2 to 8"))
}

@Test(arguments: ["51", "5100", "", "5'10", "5A0", "٥١٠"])
func heightMustBeThreeDigits(height: String) throws {
    let problem = try #require(PersonDescription.heightProblem(height))
    #expect(problem.contains("three digits"))
}

@Test(arguments: [1, 180, 999])
func validWeights(pounds: Int) {
    #expect(PersonDescription.weightProblem(pounds) == nil)
}

@Test(arguments: [0, -5, 1000])
func weightsOutsideOneTo999Rejected(pounds: Int) throws {
    let problem = try #require(PersonDescription.weightProblem(pounds))
    #expect(problem.contains("1 to 999"))
    #expect(problem.contains("\(pounds)"))
}
