/// One NCIC-style message as a terminal sends it: the message key, the sending agency's ORI,
/// then `CODE/value` fields, all separated by periods:
///
///     EW.CA0194200.NAM/DOE, JOHN ALLEN.DOB/19800101.SEX/M.RAC/W.OFF/PC 459 BURGLARY.OCA/24-000123
///
/// A period followed by three letters and a slash begins a field; any other period belongs to
/// the value (`ST. LOUIS`). Messages are upper case: lower-case letters are read as upper case.
public struct Message: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        /// Three upper-case letters, e.g. `NAM`.
        public let code: String
        /// The value as typed, spaces around it trimmed; empty clears a field in a modify.
        public let value: String
    }

    public let key: MessageKey
    public let ori: String
    public let fields: [Field]

    /// Most bytes in one message; a terminal screen holds far less.
    public static let maximumLength = 4_000
    /// Most fields in one message.
    public static let maximumFields = 200

    /// Every value given for `code`, in order.
    public func values(_ code: String) -> [String] {
        fields.filter { $0.code == code }.map(\.value)
    }

    /// The value given for `code`, when given.
    public func value(_ code: String) -> String? {
        fields.first { $0.code == code }?.value
    }
}

/// Why a message was refused before or while it was turned into a command: each problem names
/// the field code at fault (`MKE` for the message key, `ORI`, `DOB`, …; `MSG` for the message
/// as a whole).
public struct MessageRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The key as far as it could be read, for the reply's first line.
    public let keyText: String
    public let problems: [FieldProblem]

    public init(keyText: String, problems: [FieldProblem]) {
        precondition(!problems.isEmpty, "a refusal says why")
        self.keyText = keyText
        self.problems = problems
    }

    public init(keyText: String, field: String, _ message: String) {
        self.init(keyText: keyText, problems: [FieldProblem(field: field, message)])
    }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
