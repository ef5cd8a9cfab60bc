import Ledger

/// Checks a query and its context before anything is read.
enum QueryValidation {
    static func problems(_ query: RecordQuery, _ context: QueryContext) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func fail(_ field: String, _ message: String) { problems.append(FieldProblem(field: field, message)) }
        if context.purpose.requiresCaseNumber && (context.caseNumber ?? "").trimmingSpaces.isEmpty {
            fail("caseNumber", "purpose \(context.purpose.rawValue) needs the case or incident number the query serves")
        }
        if !(1...QueryContext.maximumLimit).contains(context.limit) {
            fail("limit", "must be between 1 and \(QueryContext.maximumLimit)")
        }
        switch query {
        case .name(let last, _, _, let sex, let tolerance):
            if last.trimmingSpaces.isEmpty || NYSIIS.code(last).isEmpty { fail("last", "a name search needs a surname with letters") }
            if let sex, !CodeLists.sexCodes.keys.contains(sex) { fail("sex", "\(sex) is not a sex code") }
            if !(0...3_650).contains(tolerance) { fail("toleranceDays", "must be between 0 and 3650") }
        case .plate(let plate, let state):
            if plate.isEmpty || plate.count > 8 { fail("plate", "a plate has 1 to 8 characters") }
            if !CodeLists.plateStateCodes.keys.contains(state) { fail("state", "\(state) is not a plate state code") }
        case .vin(let vin):
            if vin.count < 8 || vin.count > 17 { fail("vin", "search a full VIN or its last 8 characters") }
        case .licence(let number, let state):
            if number.isEmpty { fail("licence", "is required") }
            if !CodeLists.plateStateCodes.keys.contains(state) { fail("state", "\(state) is not a state code") }
        case .stateID(let value), .fbiNumber(let value), .gunSerial(let value), .articleSerial(let value),
             .fileControlNumber(let value), .caseNumber(let value):
            if value.trimmingSpaces.isEmpty || value.count > 20 { fail("value", "must be 1 to 20 characters") }
        case .user(let value), .agency(let value):
            if value.trimmingSpaces.isEmpty || value.count > 40 { fail("value", "must be 1 to 40 characters") }
        case .recordNumber:
            break
        }
        return problems
    }
}
