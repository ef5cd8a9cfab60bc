import Ledger

/// The rejection event's payload: which command was refused, on which record, by which rule.
struct RejectionRecord: Hashable, Sendable, Codable {
    let command: String
    let target: RecordNumber?
    let rule: RecordRejection.Rule
    let problems: [FieldProblem]
    let existingRecord: RecordNumber?

    static let eventType = "CommandRejected"

    static func stream(agency: String) -> String { "rejections/" + (agency.isEmpty ? "none" : agency) }
}

extension RejectionRecord: CanonicalJSON {
    init(canonicalJSON reader: inout JSONReader) throws {
        var command: String?, target: RecordNumber?, rule: RecordRejection.Rule?, problems: [FieldProblem]?, existing: RecordNumber?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "command" { command = try reader.readString() }
            else if key == "existingRecord" { existing = try reader.readOptional(RecordNumber.self) }
            else if key == "problems" { problems = try reader.readArray(of: FieldProblem.self) }
            else if key == "rule" { rule = try reader.readEnumeration(RecordRejection.Rule.self) }
            else if key == "target" { target = try reader.readOptional(RecordNumber.self) }
            else { try reader.skipValue() }
        }
        self.init(command: try reader.require(command, "command"), target: target, rule: try reader.require(rule, "rule"),
                  problems: try reader.require(problems, "problems"), existingRecord: existing)
    }

    func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("command")
        writer.string(command)
        writer.member("existingRecord", existingRecord)
        writer.key("problems")
        writer.array(problems)
        writer.key("rule")
        writer.string(rule.rawValue)
        writer.member("target", target)
        writer.endObject()
    }
}

extension FieldProblem: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var field: String?, message: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "field" { field = try reader.readOptionalString() }
            else if key == "message" { message = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(field: field, try reader.require(message, "message"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("field", field)
        writer.key("message")
        writer.string(message)
        writer.endObject()
    }
}
