/// The field code behind a facts path (`subject.aliases[1]` → `AKA`), so a problem the decoder
/// or the validator finds is reported in the terms the operator typed.
enum MessageFieldNames {
    /// The code whose path is `path` (indices ignored); for a whole list or object, the code
    /// that writes into it; nil for a rule about the whole record.
    static func code(for path: String, in catalog: [FieldCode]) -> String? {
        let plain = path.replacing(/\[[0-9]+\]/, with: "")
        if let exact = catalog.first(where: { $0.pathText == plain }) { return exact.code }
        return catalog.first(where: { $0.pathText.hasPrefix(plain + ".") })?.code
    }

    /// A validator's problem renamed for a message of `key`.
    static func renamed(_ problem: FieldProblem, key: MessageKey) -> FieldProblem {
        if problem.field == "recordNumber" { return FieldProblem(field: "NIC", problem.message) }
        guard let path = problem.field, let code = code(for: path, in: FieldCatalog.fields(of: key)) else { return problem }
        return FieldProblem(field: code, problem.message)
    }

    /// The decoder's error as a problem naming the field code.
    static func problem(from error: DecodingError, kind: RecordKind) -> FieldProblem {
        let catalog = FieldCatalog.facts(of: kind)
        func path(_ keys: [any CodingKey]) -> String {
            keys.dropFirst().reduce(into: "") { text, key in
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let missing = path(context.codingPath + [key])
            return FieldProblem(field: code(for: missing, in: catalog) ?? "MSG", code(for: missing, in: catalog) == nil ? "\(missing) is required" : "is required")
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let at = path(context.codingPath)
            return FieldProblem(field: code(for: at, in: catalog) ?? "MSG", context.debugDescription)
        @unknown default:
            return FieldProblem(field: "MSG", "\(error)")
        }
    }
}
