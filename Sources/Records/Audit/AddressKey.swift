/// An address reduced to what two spellings of the same place share, so a user's home address
/// can be compared with the addresses in records: upper case, letters and digits only, the
/// common street words abbreviated as the USPS does (`STREET` → `ST`), unit words dropped
/// (`APT 4`, `#4` and `UNIT 4` all leave `4`). It compares; it does not geocode.
public enum AddressKey {
    static let abbreviations: [String: String] = [
        "STREET": "ST", "AVENUE": "AVE", "AV": "AVE", "ROAD": "RD", "DRIVE": "DR", "BOULEVARD": "BLVD", "LANE": "LN",
        "COURT": "CT", "PLACE": "PL", "HIGHWAY": "HWY", "PARKWAY": "PKWY", "CIRCLE": "CIR", "TERRACE": "TER", "WAY": "WAY",
        "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
    ]
    static let unitWords: Set<String> = ["APT", "APARTMENT", "UNIT", "STE", "SUITE", "NO", "NUMBER"]

    public static func normalized(_ address: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in address.uppercased().unicodeScalars {
            if ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.filter { !unitWords.contains($0) }.map { abbreviations[$0] ?? $0 }.joined(separator: " ")
    }
}
