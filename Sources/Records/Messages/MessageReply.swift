/// Replies in terminal style: a first line that says what happened (`ACK`, hits, `NO HIT`,
/// `REJ`), then each record as field codes, wrapped at 80 columns. Only what the domain
/// disclosed reaches these functions; they only lay it out.
public enum MessageReply {
    public static let width = 80

    /// An accepted transaction: its key, the record's number and version, then the record.
    public static func accepted(_ key: MessageKey, ori: String, record: RecordState, status: RecordStatus) -> String {
        lines(["ACK \(key.text) \(ori) NIC/\(record.number.text) VER/\(record.version)"] + recordLines(record, status: status))
    }

    /// A query's answer: every hit with its record, and the access event that recorded it.
    public static func hits(_ key: MessageKey, ori: String, hits: [SearchHit], accessSequence: UInt64) -> String {
        guard !hits.isEmpty else { return lines(["\(key.text) \(ori) NO HIT ACC/\(accessSequence)"]) }
        var text = ["\(key.text) \(ori) \(hits.count) HIT\(hits.count == 1 ? "" : "S") ACC/\(accessSequence)"]
        for (index, hit) in hits.enumerated() {
            text.append("HIT \(index + 1) OF \(hits.count)")
            text += recordLines(hit.record, status: hit.status)
        }
        return lines(text)
    }

    /// A refusal: the rule, the rejection event's sequence, and one line per problem naming
    /// its field code.
    public static func refused(keyText: String, ori: String, rule: String, problems: [FieldProblem], sequence: UInt64?) -> String {
        let head = ["REJ", keyText.isEmpty ? "?" : keyText, ori.isEmpty ? nil : ori, "RULE/\(rule.uppercased())", sequence.map { "SEQ/\($0)" }]
        let problemLines = problems.map { problem in
            (problem.field.map { $0.count == 3 && $0.allSatisfy(\.isUppercase) ? $0 + "/ " : $0 + ": " } ?? "") + problem.message
        }
        return lines([head.compactMap { $0 }.joined(separator: " ")] + problemLines)
    }

    /// A command or read the domain refused: its problems named by field code where the
    /// validator named a facts path, and for a duplicate the record already entered.
    public static func refused(_ rejection: RecordRejection, key: MessageKey, ori: String) -> String {
        var problems = rejection.problems.map { MessageFieldNames.renamed($0, key: key) }
        if let existing = rejection.existingRecord { problems.append(FieldProblem(field: "NIC", "\(existing.text) is the record already in force")) }
        return refused(keyText: key.text, ori: ori, rule: rejection.rule.rawValue, problems: problems, sequence: rejection.rejectionSequence)
    }

    /// A record: its number, status and owner, then its facts, then what happened to it.
    static func recordLines(_ record: RecordState, status: RecordStatus) -> [String] {
        var text = ["\(record.number.text) \(status.state.rawValue.uppercased())\(status.reason.map { " (\($0))" } ?? "") ORI/\(record.owner) VER/\(record.version)"]
        text += wrapped(MessageFacts.fields(of: record.facts).map { "\($0.code)/\($0.value)" })
        for confirmation in record.hitConfirmations ?? [] {
            text += wrapped(hitConfirmationFields(confirmation))
        }
        for locate in record.locates {
            text += wrapped(["LOCATED \(locate.details.locatedOn)", "ORI/\(locate.by.agency)", "OCA/\(locate.details.caseNumber)", "RCV/\(locate.details.recovered)"])
        }
        if let cleared = record.cleared {
            text += wrapped(["CLEARED \(cleared.details.clearedOn)", "HOW/\(cleared.details.how)"] + (cleared.details.remarks.map { ["RMK/\($0)"] } ?? []))
        }
        if let cancelled = record.cancelled { text += wrapped(["CANCELLED", "RSN/\(cancelled.reason)"]) }
        if let service = record.service { text += wrapped(["SERVED \(service.details.servedOn)", "BY/\(service.by.agency)", service.details.method]) }
        for item in record.history {
            let entry = item.entry
            let parts = [entry.statute, entry.offenseLevel?.rawValue.uppercased(), entry.offenseDescription, entry.outcome?.rawValue.uppercased(),
                         entry.terms, entry.relief?.rawValue].compactMap { $0 }
            text += wrapped(["\(entry.kind.rawValue.uppercased()) \(entry.date)", "ORI/\(item.by.agency)"] + parts)
        }
        return text
    }

    /// A request to confirm a hit: who asked, how urgently, where it stands and by when.
    static func hitConfirmationFields(_ confirmation: RecordState.HitConfirmation) -> [String] {
        var fields = ["HIT REQUEST REQ/\(confirmation.id)", "ORI/\(confirmation.requester)", "PRI/\(confirmation.details.priority.rawValue.uppercased())",
                      "OCA/\(confirmation.details.caseNumber)"]
        if !confirmation.requestedAgain.isEmpty { fields.append("ASKED \(1 + confirmation.requestedAgain.count) TIMES") }
        if confirmation.escalated != nil { fields.append("ESCALATED") }
        fields.append(confirmation.standing.rawValue.uppercased())
        if !confirmation.isAnswered { fields.append("DUE \(confirmation.deadline)") }
        return fields
    }

    /// Fields joined by periods, a line broken before a field that would pass the width.
    static func wrapped(_ fields: [String]) -> [String] {
        var lines: [String] = []
        var line = ""
        for field in fields {
            // A line that goes on ends in a period: it too must fit.
            if !line.isEmpty, line.count + 1 + field.count + 1 > width {
                lines.append(line + ".")
                line = ""
            }
            line += (line.isEmpty ? "" : ".") + field
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "\n") + "\n"
    }
}
