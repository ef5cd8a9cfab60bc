/// Reads the text of a message into its key, ORI and fields, or says exactly what is wrong.
/// Linear in the message's length, and the length is bounded before anything else is read, so
/// no input can make it slow.
public enum MessageParser {
    public static func parse(_ text: String) throws(MessageRefusal) -> Message {
        let byteCount = text.utf8.count
        guard byteCount <= Message.maximumLength else {
            throw MessageRefusal(keyText: "", field: "MSG", "is \(byteCount) bytes; a message holds at most \(Message.maximumLength)")
        }
        var body = Substring(text.uppercased())
        while let last = body.last, last == " " || last == "\n" || last == "\r" || last == "\t" { body.removeLast() }
        if body.last == "." { body.removeLast() }
        while let first = body.first, first == " " || first == "\n" || first == "\r" || first == "\t" { body.removeFirst() }
        if let control = body.unicodeScalars.first(where: isControl) {
            throw MessageRefusal(keyText: "", field: "MSG", "holds the control character U+\(hex(control.value)); a message is one line of text")
        }
        let parts = body.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        let keyText = String(parts[0]).trimmingSpaces
        guard let key = MessageKey(keyText) else {
            throw MessageRefusal(keyText: keyText, field: "MKE", keyText.isEmpty
                ? "a message starts with its key, e.g. EW or QW"
                : "\(keyText) is not a message key (an action E, M, X, C, L or Q and a file code, e.g. EW; or YQ, YR)")
        }
        let ori = parts.count > 1 ? String(parts[1]).trimmingSpaces : ""
        if let problem = AgencyIdentifier.problem(with: ori) {
            throw MessageRefusal(keyText: keyText, field: "ORI", problem)
        }
        let fields = try Self.fields(parts.count > 2 ? parts[2] : "", keyText: keyText)
        return Message(key: key, ori: ori, fields: fields)
    }

    /// Splits `CODE/value.CODE/value…` at each period that begins a field.
    private static func fields(_ text: Substring, keyText: String) throws(MessageRefusal) -> [Message.Field] {
        guard !text.isEmpty else { return [] }
        let characters = Array(text)
        guard startsField(characters, at: 0) else {
            let shown = String(characters.prefix(12))
            throw MessageRefusal(keyText: keyText, field: "MSG", "after the ORI come fields, each a three-letter code and a slash (NAM/…); found \"\(shown)\"")
        }
        var fields: [Message.Field] = []
        var start = 0
        var index = 4
        while index <= characters.count {
            if index == characters.count || (characters[index] == "." && startsField(characters, at: index + 1)) {
                let code = String(characters[start..<start + 3])
                let value = String(characters[(start + 4)..<index]).trimmingSpaces
                fields.append(Message.Field(code: code, value: value))
                guard fields.count <= Message.maximumFields else {
                    throw MessageRefusal(keyText: keyText, field: "MSG", "holds more than \(Message.maximumFields) fields")
                }
                start = index + 1
                index = start + 4
            } else {
                index += 1
            }
        }
        return fields
    }

    private static func startsField(_ characters: [Character], at index: Int) -> Bool {
        guard index + 4 <= characters.count, characters[index + 3] == "/" else { return false }
        return characters[index..<index + 3].allSatisfy { $0.isASCII && $0.isUppercase }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
