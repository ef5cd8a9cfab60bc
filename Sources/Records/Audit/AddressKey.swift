/// Addresses reduced to what two spellings of the same home share, so a user's home address
/// can be compared with the addresses in records: the street line only (before the first
/// comma: the city, state and ZIP code are written in too many ways, and a street number and
/// name rarely repeat nearby), upper case, letters and digits only, the common street words
/// abbreviated as the USPS does (`STREET` → `ST`, `SAINT` → `ST`), and the unit left out
/// (`APT 4`, `#4`, `UNIT 4B`), so the neighbours in one building match too. It compares; it
/// does not geocode.
public enum AddressKey {
    static let abbreviations: [String: String] = [
        "STREET": "ST", "SAINT": "ST", "AVENUE": "AVE", "AV": "AVE", "ROAD": "RD", "DRIVE": "DR", "BOULEVARD": "BLVD", "LANE": "LN",
        "COURT": "CT", "PLACE": "PL", "HIGHWAY": "HWY", "PARKWAY": "PKWY", "CIRCLE": "CIR", "TERRACE": "TER",
        "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
    ]
    /// Words that name a unit; each is left out with the word after it.
    static let unitWords: Set<String> = ["APT", "APARTMENT", "UNIT", "STE", "SUITE", "NO", "NUMBER", "#"]

    /// The street line's key; empty when it holds no letter or digit.
    public static func normalized(_ address: String) -> String {
        let street = address.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var words: [String] = []
        var word = ""
        func endWord() {
            if !word.isEmpty { words.append(word) }
            word = ""
        }
        for scalar in street.uppercased().unicodeScalars {
            if ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if scalar == "#" {
                endWord()
                words.append("#")
            } else {
                endWord()
            }
        }
        endWord()
        var kept: [String] = []
        var skipNext = false
        for word in words {
            if skipNext { skipNext = false; continue }
            if unitWords.contains(word) { skipNext = true; continue }
            kept.append(abbreviations[word] ?? word)
        }
        return kept.joined(separator: " ")
    }
}
