/// What a message asks, in the same terms the JSON API's requests are: a command, a search or a
/// read by number. The service then runs it exactly as it runs those.
public enum MessageRequest: Hashable, Sendable {
    case command(RecordCommand)
    /// A modify names only the fields it changes; `MessageTranslator.modify` applies them to
    /// the record as it stands, which gives the command's full facts.
    case modify(RecordNumber, Message, expectedVersion: UInt32?)
    case search(RecordQuery, QueryContext)
    case read(RecordNumber, QueryContext)
}

/// Turns a parsed message into its request, refusing unknown or repeated fields, missing
/// mandatory ones, and values of the wrong form, each problem naming its field code.
public enum MessageTranslator {
    public static func request(for message: Message) throws(MessageRefusal) -> MessageRequest {
        try checkFields(message)
        let key = message.key
        switch key.action {
        case .enter:
            let tree = try MessageFacts.apply(message.fields, catalog: FieldCatalog.facts(of: key.kind), to: .object([:]), keyText: key.text)
            return .command(.enter(try facts(tree, of: key.kind, keyText: key.text)))
        case .modify:
            let number = try recordNumber(message)
            guard message.fields.contains(where: { $0.code != "NIC" && $0.code != "VER" }) else {
                throw MessageRefusal(keyText: key.text, field: "MSG", "a modify names at least one field to change")
            }
            let version = try message.value("VER").map { text throws(MessageRefusal) in
                guard let version = UInt32(text) else { throw MessageRefusal(keyText: key.text, field: "VER", "\(text) is not a version number") }
                return version
            }
            return .modify(number, message, expectedVersion: version)
        case .cancel:
            let identifier = FieldCatalog.identifierAsEntered(of: key.kind).code
            return .command(.cancel(try recordNumber(message), reason: try required("RSN", message), identifierAsEntered: try required(identifier, message)))
        case .clear:
            let details = ClearDetails(clearedOn: try date("DCL", message), how: try required("HOW", message), remarks: optional("RMK", message))
            return .command(.clear(try recordNumber(message), details))
        case .locate:
            let details = LocateDetails(locatedOn: try date("DLO", message), caseNumber: try required("OCA", message), recovered: try required("RCV", message))
            return .command(.locate(try recordNumber(message), details))
        case .query:
            return try QueryFields.request(message)
        case .hitConfirmationRequest:
            let priority = try required("PRI", message)
            let request = HitConfirmationRequest(priority: priority == "U" ? .urgent : .routine, caseNumber: try required("OCA", message),
                                                 remarks: optional("RMK", message))
            return .command(.requestHitConfirmation(try recordNumber(message), request))
        case .hitConfirmationResponse:
            let answer: HitConfirmationAnswer.Answer = switch try required("ANS", message) { case "Y": .confirmed; case "N": .denied; default: .pending }
            let response = HitConfirmationAnswer(request: try integer("REQ", message), answer: answer,
                                                 withinMinutes: message.value("MIN").flatMap { $0.isEmpty ? nil : Int($0) }, remarks: optional("RMK", message))
            return .command(.answerHitConfirmation(try recordNumber(message), response))
        }
    }

    /// The modify command of `request` against the record as it stands (`current`, read by the
    /// service in the writer's order): the fields given replace those of the current facts.
    public static func modify(_ message: Message, expectedVersion: UInt32?, current: RecordState) throws(MessageRefusal) -> RecordCommand {
        let kind = message.key.kind
        let tree = try MessageFacts.apply(message.fields, catalog: FieldCatalog.facts(of: kind), to: FactsTree(current.facts), keyText: message.key.text)
        return .modify(current.number, try facts(tree, of: kind, keyText: message.key.text), expectedVersion: expectedVersion ?? current.version)
    }

    /// Every field known to the key, and only a list's fields repeated.
    private static func checkFields(_ message: Message) throws(MessageRefusal) {
        let catalog = FieldCatalog.fields(of: message.key)
        var seen: Set<String> = []
        var problems: [FieldProblem] = []
        for field in message.fields {
            guard let code = catalog.first(where: { $0.code == field.code }) else {
                problems.append(FieldProblem(field: field.code, "is not a field of \(message.key.text) (Docs/messages.md lists them)"))
                continue
            }
            if !seen.insert(field.code).inserted, !code.isRepeatable {
                problems.append(FieldProblem(field: field.code, "is given twice; it takes one value"))
            }
            guard !field.value.isEmpty else { continue }
            if !code.choices.isEmpty, !code.choices.contains(where: { $0.code == field.value }) {
                problems.append(FieldProblem(field: field.code, "\(field.value) is not one of \(code.choices.map(\.code).joined(separator: ", "))"))
            }
            if case .integer = code.shape, Int(field.value) == nil {
                problems.append(FieldProblem(field: field.code, "\(field.value) is not a whole number"))
            }
        }
        guard problems.isEmpty else { throw MessageRefusal(keyText: message.key.text, problems: problems) }
    }

    private static func facts(_ tree: FactsTree, of kind: RecordKind, keyText: String) throws(MessageRefusal) -> RecordFacts {
        do {
            return try tree.facts(of: kind)
        } catch let error as DecodingError {
            throw MessageRefusal(keyText: keyText, problems: [MessageFieldNames.problem(from: error, kind: kind)])
        } catch {
            throw MessageRefusal(keyText: keyText, field: "MSG", "cannot be read as \(kind.rawValue) facts: \(error)")
        }
    }

    private static func recordNumber(_ message: Message) throws(MessageRefusal) -> RecordNumber {
        let text = try required("NIC", message)
        guard let number = RecordNumber(text) else {
            throw MessageRefusal(keyText: message.key.text, field: "NIC", "\(text) is not a record number (a file code and ten digits)")
        }
        guard message.key.file == nil || number.kind == message.key.file else {
            throw MessageRefusal(keyText: message.key.text, field: "NIC", "\(text) is a \(number.kind.rawValue) record, not one of the \(MessageKey.fileCode(of: message.key.kind)) file")
        }
        return number
    }

    private static func required(_ code: String, _ message: Message) throws(MessageRefusal) -> String {
        guard let value = message.value(code), !value.isEmpty else { throw MessageRefusal(keyText: message.key.text, field: code, "is required") }
        return value
    }

    private static func integer(_ code: String, _ message: Message) throws(MessageRefusal) -> UInt64 {
        let text = try required(code, message)
        guard let value = UInt64(text) else { throw MessageRefusal(keyText: message.key.text, field: code, "\(text) is not a whole number") }
        return value
    }

    private static func optional(_ code: String, _ message: Message) -> String? {
        message.value(code).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func date(_ code: String, _ message: Message) throws(MessageRefusal) -> CalendarDate {
        let text = try required(code, message)
        guard let date = CalendarDate(text) else { throw MessageRefusal(keyText: message.key.text, field: code, "\(text) is not a CCYYMMDD date") }
        return date
    }
}
