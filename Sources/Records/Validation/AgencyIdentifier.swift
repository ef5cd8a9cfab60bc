import Ledger

/// Validation of Originating Agency Identifiers (ORIs), the nine-character
/// codes that name the agency responsible for a record.
enum AgencyIdentifier {
    static let length = 9

    /// Returns nil when `ori` is well formed, otherwise a message naming the
    /// rule it breaks. Rules are checked from the most basic up, so the
    /// message points at the first thing the operator needs to fix.
    static func problem(with ori: String) -> String? {
        if ori.isEmpty {
            return "an ORI is required"
        }
        if ori.count != length {
            return "an ORI has \(length) characters; \(ori) has \(ori.count)"
        }
        if let foreignCharacter = ori.first(where: { !isUppercaseLetterOrDigit($0) }) {
            return "an ORI uses only upper-case letters and digits; \(ori) contains \"\(foreignCharacter)\""
        }
        let stateCode = String(ori.prefix(2))
        if CodeLists.stateCodes[stateCode] == nil {
            return "an ORI starts with a state code; \(stateCode) is not one"
        }
        return nil
    }

    private static func isUppercaseLetterOrDigit(_ character: Character) -> Bool {
        guard character.isASCII else {
            return false
        }
        return character.isNumber || character.isUppercase
    }
}
