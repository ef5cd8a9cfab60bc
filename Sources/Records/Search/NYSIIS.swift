import Ledger

/// The New York State Identification and Intelligence System phonetic code
/// (Taft, 1970), used to find a surname under its other spellings.
///
/// This is the original algorithm with its six-character key. Names that
/// sound alike after the translations below share a code, so a search by
/// code finds SMITH when the record says SMITHE.
enum NYSIIS {
    static let maximumLength = 6

    /// Only these count as vowels; Y is treated as a consonant, as in the
    /// original description.
    private static func isVowel(_ letter: UInt8) -> Bool {
        letter == A || letter == E || letter == I || letter == O || letter == U
    }

    private static let A = UInt8(ascii: "A"), C = UInt8(ascii: "C"), D = UInt8(ascii: "D"), E = UInt8(ascii: "E")
    private static let F = UInt8(ascii: "F"), G = UInt8(ascii: "G"), H = UInt8(ascii: "H"), I = UInt8(ascii: "I")
    private static let K = UInt8(ascii: "K"), M = UInt8(ascii: "M"), N = UInt8(ascii: "N"), O = UInt8(ascii: "O")
    private static let P = UInt8(ascii: "P"), Q = UInt8(ascii: "Q"), S = UInt8(ascii: "S"), U = UInt8(ascii: "U")
    private static let V = UInt8(ascii: "V"), W = UInt8(ascii: "W"), Y = UInt8(ascii: "Y"), Z = UInt8(ascii: "Z")

    /// Spellings at the start of a name that are pronounced like another
    /// spelling, checked in this order so KN wins over K.
    private static let firstLetterTranslations: [(spelling: [UInt8], replacement: [UInt8])] = [
        ("MAC", "MCC"), ("KN", "NN"), ("K", "C"), ("PH", "FF"), ("PF", "FF"), ("SCH", "SSS"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// Endings that collapse to a single sound.
    private static let lastLetterTranslations: [(spelling: [UInt8], replacement: [UInt8])] = [
        ("EE", "Y"), ("IE", "Y"), ("DT", "D"), ("RT", "D"), ("RD", "D"), ("NT", "D"), ("ND", "D"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// The phonetic code of `name`, or "" when it contains no letters.
    /// Spaces, hyphens, apostrophes and other non-letters are ignored, so
    /// O'BRIEN and OBRIEN share a code.
    static func code(_ name: String) -> String {
        // Names are upper-case ASCII nearly always: their letters are their bytes. Other text is
        // upper-cased first (ß becomes SS), then filtered to A-Z.
        var letters: [UInt8]
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            letters = []
            letters.reserveCapacity(name.utf8.count + 1)
            for byte in name.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): letters.append(byte)
                case UInt8(ascii: "a")...UInt8(ascii: "z"): letters.append(byte - 0x20)
                default: break
                }
            }
        } else {
            letters = Array(name.uppercased().filter(isLetterFromAToZ).utf8)
        }
        guard !letters.isEmpty else {
            return ""
        }
        // Two arrays a code, each changed in place: a name's letters and its key.
        translateStart(of: &letters)
        translateEnd(of: &letters)
        var key = scannedKey(of: &letters)
        removeWeakEnding(from: &key)
        return String(decoding: key.prefix(maximumLength), as: UTF8.self)
    }

    private static func isLetterFromAToZ(_ character: Character) -> Bool {
        character.isASCII && character.isLetter
    }

    /// Replaces the first matching spelling at the start of `letters`.
    private static func translateStart(of letters: inout [UInt8]) {
        for (spelling, replacement) in firstLetterTranslations where letters.starts(with: spelling) {
            letters.replaceSubrange(0..<spelling.count, with: replacement)
            return
        }
    }

    /// Replaces the first matching spelling at the end of `letters`.
    private static func translateEnd(of letters: inout [UInt8]) {
        for (spelling, replacement) in lastLetterTranslations
        where letters.count >= spelling.count && letters.suffix(spelling.count).elementsEqual(spelling) {
            letters.replaceSubrange((letters.count - spelling.count)..<letters.count, with: replacement)
            return
        }
    }

    /// Walks the name from its second letter, translating each position and
    /// adding it to the key unless it repeats the key's last letter.
    private static func scannedKey(of letters: inout [UInt8]) -> [UInt8] {
        guard let firstLetter = letters.first else {
            return []
        }
        // Translations are written back into the name because the H rule
        // copies the already-translated preceding letter.
        var key: [UInt8] = []
        key.reserveCapacity(letters.count)
        key.append(firstLetter)
        var position = 1
        while position < letters.count {
            let (replacement, count) = bodyTranslation(of: letters, at: position)
            for offset in 0..<count {
                let letter = count == 1 ? replacement.0 : (offset == 0 ? replacement.0 : replacement.1)
                letters[position + offset] = letter
                if key.last != letter {
                    key.append(letter)
                }
            }
            position += count
        }
        return key
    }

    /// The letters that replace the one or more letters starting at `position`, and how many
    /// letters they consume (one, two or three; a three-letter replacement repeats its second).
    private static func bodyTranslation(of letters: [UInt8], at position: Int) -> ((UInt8, UInt8), Int) {
        let current = letters[position]
        let previous = letters[position - 1]
        let next: UInt8? = position + 1 < letters.count ? letters[position + 1] : nil
        if isVowel(current) {
            return current == E && next == V ? ((A, F), 2) : ((A, A), 1)
        }
        switch current {
        case Q:
            return ((G, G), 1)
        case Z:
            return ((S, S), 1)
        case M:
            return ((N, N), 1)
        case K:
            return next == N ? ((N, N), 1) : ((C, C), 1)
        case S where next == C && position + 2 < letters.count && letters[position + 2] == H:
            return ((S, S), 3)
        case P where next == H:
            return ((F, F), 2)
        case H where !isVowel(previous) || !(next.map(isVowel) ?? false):
            // A silent H takes the sound of the letter before it.
            return ((previous, previous), 1)
        case W where isVowel(previous):
            // The W is heard as part of the vowel before it.
            return ((A, A), 1)
        default:
            return ((current, current), 1)
        }
    }

    /// Drops a final S, turns a final AY into Y, then drops a final A. The
    /// key's first letter is the name's own first letter and is never removed.
    private static func removeWeakEnding(from key: inout [UInt8]) {
        if key.count > 1, key.last == S {
            key.removeLast()
        }
        if key.count > 2, key[key.count - 2] == A, key[key.count - 1] == Y {
            key.remove(at: key.count - 2)
        }
        if key.count > 1, key.last == A {
            key.removeLast()
        }
    }
}
