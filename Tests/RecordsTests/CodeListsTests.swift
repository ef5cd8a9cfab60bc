import Testing
@testable import Records

@Test func stateCodesCoverStatesDistrictAndTerritories() {
    // 50 states + DC + 5 territories.
    #expect(CodeLists.stateCodes.count == 56)
    for territory in ["DC", "AS", "GU", "MP", "PR", "VI"] {
        #expect(CodeLists.stateCodes[territory] != nil, "missing \(territory)")
    }
    #expect(CodeLists.stateCodes["CA"] == "California")
    #expect(CodeLists.stateCodes["ZZ"] == nil)
}

@Test func stateCodesExcludeNonStatePlateIssuers() {
    for code in ["ON", "QC", "MX", "US"] {
        #expect(CodeLists.stateCodes[code] == nil, "\(code) is not a US state or territory")
    }
}

@Test func everyStateCodeIsTwoUppercaseLetters() {
    for code in CodeLists.plateStateCodes.keys {
        #expect(code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase }, "bad code \(code)")
    }
}

@Test func plateStateCodesAddCanadaMexicoAndUnitedStatesGovernment() {
    let canadianCodes: Set = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]
    let plateCodes = Set(CodeLists.plateStateCodes.keys)
    #expect(plateCodes.isSuperset(of: CodeLists.stateCodes.keys))
    #expect(plateCodes.isSuperset(of: canadianCodes))
    #expect(CodeLists.plateStateCodes["MX"] == "Mexico")
    #expect(CodeLists.plateStateCodes["US"] == "United States government")
    #expect(CodeLists.plateStateCodes.count == 56 + 13 + 2)
}

@Test func plateStateCodesKeepStateNames() {
    #expect(CodeLists.plateStateCodes["NY"] == "New York")
    #expect(CodeLists.plateStateCodes["PR"] == "Puerto Rico")
}

@Test func vehicleColorsAreTheNCICList() {
    let expectedCodes: Set = [
        "AME", "BGE", "BLK", "BLU", "BRO", "BRZ", "CAM", "COM", "CPR", "CRM", "DBL",
        "DGR", "GLD", "GRN", "GRY", "LAV", "LBL", "LGR", "MAR", "MUL", "MVE", "ONG",
        "PLE", "PNK", "RED", "SIL", "TAN", "TEA", "TPE", "TRQ", "WHI", "YEL",
    ]
    #expect(Set(CodeLists.vehicleColors.keys) == expectedCodes)
    #expect(CodeLists.vehicleColors["COM"] == "chrome")
    #expect(CodeLists.vehicleColors["TPE"] == "taupe")
    #expect(CodeLists.vehicleColors["DBL"] == "dark blue")
}

@Test func eyeAndHairColorsIncludeUnknown() {
    #expect(Set(CodeLists.eyeColors.keys) == ["BLK", "BLU", "BRO", "GRN", "GRY", "HAZ", "MAR", "MUL", "PNK", "XXX"])
    #expect(Set(CodeLists.hairColors.keys) == [
        "BAL", "BLK", "BLN", "BLU", "BRO", "GRN", "GRY", "ONG", "PLE", "PNK", "RED", "SDY", "WHI", "XXX",
    ])
    #expect(CodeLists.eyeColors["XXX"] == "unknown")
    #expect(CodeLists.hairColors["XXX"] == "unknown")
    #expect(CodeLists.hairColors["SDY"] == "sandy")
    // HAZ is an eye colour only.
    #expect(CodeLists.hairColors["HAZ"] == nil)
}

@Test func sexAndRaceCodes() {
    #expect(Set(CodeLists.sexCodes.keys) == ["M", "F", "X", "U"])
    #expect(Set(CodeLists.raceCodes.keys) == ["A", "B", "I", "U", "W"])
    #expect(CodeLists.raceCodes["I"] == "American Indian or Alaska Native")
    #expect(CodeLists.raceCodes["A"] == "Asian or Pacific Islander")
}

@Test func plateTypes() {
    #expect(Set(CodeLists.plateTypes.keys) == ["PC", "TK", "MC", "TL", "CM", "DL", "GV", "AM", "DV", "XX"])
    #expect(CodeLists.plateTypes["DV"] == "disabled veteran")
    #expect(CodeLists.plateTypes["AM"] == "amateur radio")
}

@Test func protectiveOrderConditionsAreTwoDigitCodes() {
    #expect(Set(CodeLists.protectiveOrderConditions.keys) == ["01", "02", "03", "04", "05", "06", "07", "08", "09"])
    #expect(CodeLists.protectiveOrderConditions["07"] == "no firearms")
    #expect(CodeLists.protectiveOrderConditions["7"] == nil)
}

@Test func licenceClassesAndGunTypes() {
    #expect(Set(CodeLists.licenceClasses.keys) == ["A", "B", "C", "M"])
    #expect(CodeLists.gunTypes == ["PISTOL", "REVOLVER", "RIFLE", "SHOTGUN", "DERRINGER", "MACHINE-GUN", "OTHER"])
    #expect(!CodeLists.gunTypes.contains("MACHINEGUN"))
}
