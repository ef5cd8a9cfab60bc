import Ledger

extension RecordCommand {
    /// SHA-256 of the command as the user sent it (its name, record and every field) and of the
    /// user: what an idempotency key is bound to, so the key cannot bring back the outcome of
    /// another request.
    func requestDigest(userID: String) -> Digest32 {
        var writer = JSONWriter(capacity: 1_024)
        writer.beginObject()
        writer.key("body")
        writeBody(to: &writer)
        writer.key("command")
        writer.string(name)
        writer.member("target", target)
        writer.key("user")
        writer.string(userID)
        writer.endObject()
        return Digest32.sha256(writer.bytes)
    }

    private func writeBody(to writer: inout JSONWriter) {
        switch self {
        case .enter(let facts): writer.value(facts)
        case .modify(_, let facts, let expectedVersion):
            writer.beginObject()
            writer.key("expectedVersion")
            writer.uint64(UInt64(expectedVersion))
            writer.key("record")
            writer.value(facts)
            writer.endObject()
        case .cancel(_, let reason, let identifier):
            writer.beginObject()
            writer.key("identifierAsEntered")
            writer.string(identifier)
            writer.key("reason")
            writer.string(reason)
            writer.endObject()
        case .clear(_, let details): writer.value(details)
        case .locate(_, let details): writer.value(details)
        case .recordDissemination(_, let details): writer.value(details)
        case .checkEntry: writer.singleMember(nil) { _ in }
        case .validate(_, let remarks): writer.singleMember(remarks == nil ? nil : "remarks") { $0.string(remarks ?? "") }
        case .serveOrder(_, let details): writer.value(details)
        case .renewOrder(_, let expiresOn): writer.singleMember(expiresOn == nil ? nil : "expiresOn") { $0.value(expiresOn!) }
        case .terminateOrder(_, let details): writer.value(details)
        case .addHistoryEntry(_, let entry): writer.value(entry)
        case .correctHistoryEntry(_, let id, let entry, let reason): RecordEvent.writeCorrection(id: id, entry: entry, reason: reason, to: &writer)
        case .reportMove(_, let address): writer.value(address)
        case .recordAnnualUpdate(_, let date): writer.singleMember("on") { $0.value(date) }
        case .requestHitConfirmation(_, let details): writer.value(details)
        case .answerHitConfirmation(_, let details): writer.value(details)
        }
    }
}

extension RecordCommand {
    /// Every text field of the command that breaks the text policy, named as the rules name
    /// fields (facts relative to the record's facts, an entry under `entry`, an address under
    /// `address`, details by their own names).
    func textProblems() -> [FieldProblem] {
        switch self {
        case .enter(let facts), .modify(_, let facts, _):
            return TextPolicy.problems(in: facts).map { problem in
                FieldProblem(field: problem.field.map { $0.hasPrefix("facts.") ? String($0.dropFirst(6)) : $0 }, problem.message)
            }
        case .cancel(_, let reason, let identifier):
            return [("reason", reason), ("identifierAsEntered", identifier)].compactMap { field, text in
                TextPolicy.problem(with: text).map { FieldProblem(field: field, $0) }
            }
        case .clear(_, let details): return TextPolicy.problems(in: details)
        case .locate(_, let details): return TextPolicy.problems(in: details)
        case .recordDissemination(_, let details): return TextPolicy.problems(in: details)
        case .validate(_, let remarks): return remarks.flatMap(TextPolicy.problem(with:)).map { [FieldProblem(field: "remarks", $0)] } ?? []
        case .serveOrder(_, let details): return TextPolicy.problems(in: details)
        case .terminateOrder(_, let details): return TextPolicy.problems(in: details)
        case .addHistoryEntry(_, let entry): return TextPolicy.problems(in: entry, prefix: "entry")
        case .correctHistoryEntry(_, _, let entry, let reason):
            return TextPolicy.problems(in: entry, prefix: "entry") + (TextPolicy.problem(with: reason).map { [FieldProblem(field: "reason", $0)] } ?? [])
        case .reportMove(_, let address): return TextPolicy.problems(in: address, prefix: "address")
        case .requestHitConfirmation(_, let details): return TextPolicy.problems(in: details)
        case .answerHitConfirmation(_, let details): return TextPolicy.problems(in: details)
        case .checkEntry, .renewOrder, .recordAnnualUpdate: return []
        }
    }
}
