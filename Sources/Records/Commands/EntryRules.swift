import Ledger

/// The rules for entering a record: a valid acting agency, valid facts, a person record behind
/// a criminal history, and no duplicate in force.
enum EntryRules {
    static func decide(_ facts: RecordFacts, _ context: CommandContext) throws -> CommandDecision {
        if let problem = AgencyIdentifier.problem(with: context.actor.agency) {
            return .reject(.invalidField, field: "agency", problem)
        }
        let problems = FactsValidator.problems(in: facts, today: context.today)
        if !problems.isEmpty { return .reject(.invalidField, problems) }
        if case .criminalHistory(let history) = facts, let refusal = try checkPerson(history, context) {
            return refusal
        }
        if let existing = try duplicate(of: facts, context) {
            return .reject(
                .duplicate, [FieldProblem(field: nil, "an active \(facts.kind.rawValue) record with the same identifiers exists: \(existing)")],
                existing: existing)
        }
        let number = RecordNumber(kind: facts.kind, sequence: context.transaction.head.sequence + 1)
        return .accept(number, [.entered(facts)], expectedVersion: .noStream)
    }

    /// A criminal history belongs to an existing person record whose identity it copies.
    private static func checkPerson(_ history: CriminalHistoryFacts, _ context: CommandContext) throws -> CommandDecision? {
        guard history.person.kind == .person, let person = try context.state(of: history.person) else {
            return .reject(.invalidField, field: "person", "\(history.person) is not a person record")
        }
        guard case .person(let identity) = person.facts, identity == history.subject else {
            return .reject(.invalidField, field: "subject", "the subject must be the identity of person record \(history.person)")
        }
        return nil
    }

    /// An in-force record with the same duplicate key, if any.
    static func duplicate(of facts: RecordFacts, _ context: CommandContext) throws -> RecordNumber? {
        for number in try context.numbers(under: IndexKey(type: .duplicate, value: facts.duplicateKey)) {
            if let state = try context.state(of: number), state.status(at: context.now, policy: context.policy).isInForce {
                return number
            }
        }
        return nil
    }
}
