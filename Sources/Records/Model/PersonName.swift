import Ledger

/// A name as NCIC writes it: `LAST, FIRST MIDDLE` (suffixes after the last name, e.g.
/// `SMITH JR, JOHN`). Stored exactly as entered; parts are derived.
public struct PersonName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    /// The surname: everything before the comma.
    public var last: String {
        text[..<(text.firstIndex(of: ",") ?? text.endIndex)].trimmingSpaces
    }

    /// The given names after the comma, in order.
    public var givenNames: [String] {
        guard let comma = text.firstIndex(of: ",") else { return [] }
        return text[text.index(after: comma)...].split(separator: " ").map(String.init)
    }

    /// The first given name. Computed without `givenNames`' array: name searches score every
    /// candidate by it.
    public var first: String {
        guard let comma = text.firstIndex(of: ",") else { return "" }
        return String(text[text.index(after: comma)...].drop { $0 == " " }.prefix { $0 != " " })
    }
    public var middle: String { givenNames.dropFirst().joined(separator: " ") }

    /// Whether the text has the `LAST, FIRST MIDDLE` shape: upper-case letters, spaces,
    /// hyphens and apostrophes; a comma followed by a space and at least one given name.
    public var isWellFormed: Bool {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ -'")
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].hasPrefix(" "), !givenNames.isEmpty else { return false }
        return parts.allSatisfy { $0.allSatisfy { allowed.contains($0) } } && text.count <= 60
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { $0 != " " }), let end = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[start...end])
    }
}
