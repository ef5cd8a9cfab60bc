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
        asciiParts()?.last ?? characterWiseLast
    }

    private var characterWiseLast: String {
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
        asciiParts()?.first ?? characterWiseFirst
    }

    private var characterWiseFirst: String {
        guard let comma = text.firstIndex(of: ",") else { return "" }
        return String(text[text.index(after: comma)...].drop { $0 == " " }.prefix { $0 != " " })
    }

    /// `last` and `first` read from the bytes, for ASCII text (nearly every name), where a
    /// character is a byte: the same parts as the character-wise reading, without walking
    /// grapheme clusters (the phonetic index reads both parts of every name it indexes).
    private func asciiParts() -> (last: String, first: String)? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> (last: String, first: String)? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let space = UInt8(ascii: " ")
            let comma = bytes.firstIndex(of: UInt8(ascii: ",")) ?? bytes.count
            var lastStart = 0, lastEnd = comma
            while lastStart < lastEnd && bytes[lastStart] == space { lastStart += 1 }
            while lastEnd > lastStart && bytes[lastEnd - 1] == space { lastEnd -= 1 }
            guard comma < bytes.count else { return (Self.string(bytes, lastStart..<lastEnd), "") }
            var firstStart = comma + 1
            while firstStart < bytes.count && bytes[firstStart] == space { firstStart += 1 }
            var firstEnd = firstStart
            while firstEnd < bytes.count && bytes[firstEnd] != space { firstEnd += 1 }
            return (Self.string(bytes, lastStart..<lastEnd), Self.string(bytes, firstStart..<firstEnd))
        } ?? nil
    }

    /// `last` and `first` at once.
    var lastAndFirst: (last: String, first: String) {
        asciiParts() ?? (characterWiseLast, characterWiseFirst)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
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
