import Ledger

/// Checks a record's facts field by field, with a specific message per field.
enum FactsValidator {
    /// Every problem with `facts`, judged on `today` (UTC); empty when they are valid.
    static func problems(in facts: RecordFacts, today: CalendarDate) -> [FieldProblem] {
        var checks = FieldChecks(today: today)
        switch facts {
        case .person(let identity): checks.person(identity, "")
        case .criminalHistory(let history): checks.person(history.subject, "subject")
        case .protectiveOrder(let order): checks.protectiveOrder(order)
        case .vehicleRegistration(let registration): checks.vehicleRegistration(registration)
        case .driverLicence(let licence): checks.driverLicence(licence)
        case .offenderRegistration(let registration): checks.offenderRegistration(registration)
        case .wantedPerson(let want): checks.wantedPerson(want)
        case .missingPerson(let missing): checks.missingPerson(missing)
        case .stolenVehicle(let vehicle): checks.stolenVehicle(vehicle)
        case .stolenPlate(let plate): checks.stolenPlate(plate)
        case .stolenGun(let gun): checks.stolenGun(gun)
        case .stolenArticle(let article): checks.stolenArticle(article)
        }
        return checks.problems
    }
}

extension FieldChecks {
    mutating func protectiveOrder(_ order: ProtectiveOrderFacts) {
        required(order.court, "court")
        identifier(order.caseNumber, "caseNumber", maximumLength: 20)
        if order.fileControlNumber.count != 13 || !order.fileControlNumber.allSatisfy(\.isASCIIDigit) {
            fail("fileControlNumber", "a file control number is 13 digits; \(order.fileControlNumber) is not")
        }
        person(order.restrained, "restrained")
        if order.protectedPersons.isEmpty { fail("protectedPersons", "an order protects at least one person") }
        count(order.protectedPersons, "protectedPersons", maximum: FieldLimits.protectedPersons)
        count(order.conditions, "conditions", maximum: FieldLimits.conditions)
        for (index, protected) in order.protectedPersons.enumerated() {
            nested("protectedPersons[\(index)]") { checks in
                checks.name(protected.name, "name")
                if let birth = protected.dateOfBirth { checks.notInFuture(birth, "dateOfBirth") }
            }
        }
        if order.conditions.isEmpty { fail("conditions", "an order carries at least one condition code") }
        for (index, condition) in order.conditions.enumerated() {
            code(condition, "conditions[\(index)]", in: CodeLists.protectiveOrderConditions, listName: "protective order condition")
        }
        if Set(order.conditions).count != order.conditions.count { fail("conditions", "a condition code is listed twice") }
        if order.conditions.contains("08") && (order.remarks ?? "").isEmpty {
            fail("remarks", "condition 08 (see remarks) needs remarks")
        }
        notInFuture(order.issuedOn, "issuedOn")
        if let expiry = order.expiresOn, expiry <= order.issuedOn {
            fail("expiresOn", "the order expires on \(expiry), not after it was issued on \(order.issuedOn)")
        } else if let problem = order.termProblem(expiresOn: order.expiresOn, from: order.issuedOn) {
            fail("expiresOn", problem)
        }
    }

    mutating func wantedPerson(_ want: WantedPersonFacts) {
        person(want.subject, "subject")
        notInFuture(want.warrantDate, "warrantDate")
        required(want.offense, "offense")
        identifier(want.caseNumber, "caseNumber", maximumLength: 20)
        if want.extradition == .limited && (want.extraditionLimits ?? "").isEmpty {
            fail("extraditionLimits", "limited extradition must say its limits")
        }
        optional(want.caution, "caution")
    }

    mutating func missingPerson(_ missing: MissingPersonFacts) {
        person(missing.subject, "subject")
        notInFuture(missing.dateOfLastContact, "dateOfLastContact")
        if missing.dateOfLastContact < missing.subject.dateOfBirth {
            fail("dateOfLastContact", "is before the person's date of birth")
        }
        required(missing.circumstances, "circumstances", maximumLength: 500)
        identifier(missing.caseNumber, "caseNumber", maximumLength: 20)
        // NCIC's age limits: a juvenile (EMJ) is under 21 when last seen; "other" (EMO) is for a
        // person of 21 or more whom no other category fits; the rest are of any age.
        let age = missing.subject.dateOfBirth.age(on: missing.dateOfLastContact)
        if missing.category == .juvenile && age >= MissingPersonFacts.adultAge {
            fail("category", "a juvenile was under \(MissingPersonFacts.adultAge) when last seen; this person was \(age)")
        }
        if missing.category == .other && age < MissingPersonFacts.adultAge {
            fail("category", "other is for a person of \(MissingPersonFacts.adultAge) or more when last seen; this person was \(age): juvenile, or a category that fits")
        }
    }
}
