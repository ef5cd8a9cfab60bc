import Ledger

extension FieldChecks {
    /// A packed person identity: name, date of birth, sex and race required; every other
    /// identifier checked against its format or code list when present.
    mutating func person(_ identity: PersonIdentity, _ field: String) {
        nested(field) { checks in
            checks.name(identity.name, "name")
            checks.count(identity.aliases, "aliases", maximum: FieldLimits.aliases)
            for (index, alias) in identity.aliases.prefix(FieldLimits.aliases).enumerated() { checks.name(alias, "aliases[\(index)]") }
            checks.notInFuture(identity.dateOfBirth, "dateOfBirth")
            checks.code(identity.sex, "sex", in: CodeLists.sexCodes, listName: "sex")
            checks.code(identity.race, "race", in: CodeLists.raceCodes, listName: "race")
            if let height = identity.height, let problem = PersonDescription.heightProblem(height) {
                checks.fail("height", problem)
            }
            if let weight = identity.weight, let problem = PersonDescription.weightProblem(weight) {
                checks.fail("weight", problem)
            }
            checks.code(identity.eyes, "eyes", in: CodeLists.eyeColors, listName: "eye colour", required: false)
            checks.code(identity.hair, "hair", in: CodeLists.hairColors, listName: "hair colour", required: false)
            checks.otherIdentifiers(identity)
        }
    }

    private mutating func otherIdentifiers(_ identity: PersonIdentity) {
        count(identity.scarsMarksTattoos, "scarsMarksTattoos", maximum: FieldLimits.scarsMarksTattoos)
        for (index, mark) in identity.scarsMarksTattoos.prefix(FieldLimits.scarsMarksTattoos).enumerated() {
            optional(mark, "scarsMarksTattoos[\(index)]", maximumLength: 60)
        }
        if identity.stateID != nil { identifier(identity.stateID, "stateID", maximumLength: 10, allowHyphen: false) }
        if identity.fbiNumber != nil { identifier(identity.fbiNumber, "fbiNumber", maximumLength: 9, allowHyphen: false) }
        if identity.licenceNumber != nil {
            identifier(identity.licenceNumber, "licenceNumber", maximumLength: 20, allowHyphen: false)
            code(identity.licenceState, "licenceState", in: CodeLists.plateStateCodes, listName: "state")
        }
        if let number = identity.socialSecurityNumber,
           number.count != 9 || !number.allSatisfy(\.isASCIIDigit) || number.hasPrefix("000") || number.hasPrefix("666") {
            fail("socialSecurityNumber", "a social security number is 9 digits, not starting 000 or 666")
        }
    }

    mutating func name(_ name: PersonName, _ field: String) {
        if !name.isWellFormed {
            fail(field, "\"\(name.text)\" is not a name written LAST, FIRST MIDDLE in upper case")
        }
    }
}
