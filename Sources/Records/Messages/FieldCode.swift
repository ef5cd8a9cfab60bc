/// One field code of the message vocabulary and where its value lives in a record's facts, as
/// the JSON API spells them (`subject.dateOfBirth`). One table drives reading a message into
/// facts, writing facts back as fields in a reply, and naming the field code of a problem the
/// validator found, so the three cannot disagree.
struct FieldCode: Sendable {
    enum Shape: Sendable {
        /// A text value at `path`.
        case text
        /// A whole number.
        case integer
        /// `Y` or `N`.
        case flag
        /// One element of a list of texts a value; the code repeats for more.
        case list
        /// A member of the objects of the list at `path`'s parent: the leading member's code
        /// starts a new object, the others fill the object last started.
        case member(leads: Bool)
    }

    let code: String
    /// Keys from the facts' root, e.g. `["subject", "dateOfBirth"]`.
    let path: [String]
    let shape: Shape
    /// For coded values: each code as typed and the value it stands for; empty for free text.
    let choices: [(code: String, value: String)]
    /// What the field holds, for `Docs/messages.md` and replies.
    let meaning: String

    init(_ code: String, _ path: String, _ meaning: String, choices: [(String, String)] = []) {
        self.init(code, path, .text, meaning, choices: choices)
    }

    init(_ code: String, _ path: String, _ shape: Shape, _ meaning: String, choices: [(String, String)] = []) {
        precondition(code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }, "a field code is three letters")
        self.code = code
        self.path = path.split(separator: ".").map(String.init)
        self.shape = shape
        self.choices = choices.map { (code: $0.0, value: $0.1) }
        self.meaning = meaning
    }

    /// The same field under a prefix: a person's fields as a wanted person's `subject`.
    func nested(under prefix: String) -> FieldCode {
        guard !prefix.isEmpty else { return self }
        return FieldCode(code, ([prefix] + path).joined(separator: "."), shape, meaning, choices: choices.map { ($0.code, $0.value) })
    }

    /// The dotted path, `subject.dateOfBirth`.
    var pathText: String { path.joined(separator: ".") }

    /// The list a member belongs to and the member's key in each object.
    var memberList: (list: [String], key: String)? {
        guard case .member = shape else { return nil }
        return (Array(path.dropLast()), path.last!)
    }

    var isRepeatable: Bool {
        switch shape {
        case .list, .member: return true
        case .text, .integer, .flag: return false
        }
    }
}
