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
    private static let vowels: Set<Character> = ["A", "E", "I", "O", "U"]

    /// Spellings at the start of a name that are pronounced like another
    /// spelling, checked in this order so KN wins over K.
    private static let firstLetterTranslations: [(spelling: String, replacement: String)] = [
        ("MAC", "MCC"), ("KN", "NN"), ("K", "C"), ("PH", "FF"), ("PF", "FF"), ("SCH", "SSS"),
    ]

    /// Endings that collapse to a single sound.
    private static let lastLetterTranslations: [(spelling: String, replacement: String)] = [
        ("EE", "Y"), ("IE", "Y"), ("DT", "D"), ("RT", "D"), ("RD", "D"), ("NT", "D"), ("ND", "D"),
    ]

    /// The phonetic code of `name`, or "" when it contains no letters.
    /// Spaces, hyphens, apostrophes and other non-letters are ignored, so
    /// O'BRIEN and OBRIEN share a code.
    static func code(_ name: String) -> String {
        let letters = Array(name.uppercased().filter(isLetterFromAToZ))
        guard !letters.isEmpty else {
            return ""
        }
        let translatedLetters = translatingEnd(of: translatingStart(of: letters))
        let key = removingWeakEnding(from: scannedKey(of: translatedLetters))
        return String(key.prefix(maximumLength))
    }

    private static func isLetterFromAToZ(_ character: Character) -> Bool {
        character.isASCII && character.isLetter
    }

    /// Replaces the first matching spelling at the start of `letters`.
    private static func translatingStart(of letters: [Character]) -> [Character] {
        for (spelling, replacement) in firstLetterTranslations where letters.starts(with: spelling) {
            return Array(replacement) + letters.dropFirst(spelling.count)
        }
        return letters
    }

    /// Replaces the first matching spelling at the end of `letters`.
    private static func translatingEnd(of letters: [Character]) -> [Character] {
        for (spelling, replacement) in lastLetterTranslations
        where letters.count >= spelling.count && letters.suffix(spelling.count).elementsEqual(spelling) {
            return letters.dropLast(spelling.count) + Array(replacement)
        }
        return letters
    }

    /// Walks the name from its second letter, translating each position and
    /// adding it to the key unless it repeats the key's last letter.
    private static func scannedKey(of originalLetters: [Character]) -> [Character] {
        guard let firstLetter = originalLetters.first else {
            return []
        }
        // Translations are written back into the name because the H rule
        // copies the already-translated preceding letter.
        var letters = originalLetters
        var key = [firstLetter]
        var position = 1
        while position < letters.count {
            let replacement = bodyTranslation(of: letters, at: position)
            for (offset, letter) in replacement.enumerated() {
                letters[position + offset] = letter
                if key.last != letter {
                    key.append(letter)
                }
            }
            position += replacement.count
        }
        return key
    }

    /// The letters that replace the one or more letters starting at
    /// `position`; the result's length is how many letters it consumes.
    private static func bodyTranslation(of letters: [Character], at position: Int) -> [Character] {
        let current = letters[position]
        let previous = letters[position - 1]
        let next: Character? = position + 1 < letters.count ? letters[position + 1] : nil
        if vowels.contains(current) {
            return current == "E" && next == "V" ? ["A", "F"] : ["A"]
        }
        switch current {
        case "Q":
            return ["G"]
        case "Z":
            return ["S"]
        case "M":
            return ["N"]
        case "K":
            return next == "N" ? ["N"] : ["C"]
        case "S" where letters[position...].starts(with: ["S", "C", "H"]):
            return ["S", "S", "S"]
        case "P" where next == "H":
            return ["F", "F"]
        case "H" where !isVowel(previous) || !isVowel(next):
            // A silent H takes the sound of the letter before it.
            return [previous]
        case "W" where vowels.contains(previous):
            // The W is heard as part of the vowel before it.
            return ["A"]
        default:
            return [current]
        }
    }

    private static func isVowel(_ letter: Character?) -> Bool {
        guard let letter else {
            return false
        }
        return vowels.contains(letter)
    }

    /// Drops a final S, turns a final AY into Y, then drops a final A. The
    /// key's first letter is the name's own first letter and is never removed.
    private static func removingWeakEnding(from scanned: [Character]) -> [Character] {
        var key = scanned
        if key.count > 1, key.last == "S" {
            key.removeLast()
        }
        if key.count > 2, key.suffix(2).elementsEqual(["A", "Y"]) {
            key.remove(at: key.count - 2)
        }
        if key.count > 1, key.last == "A" {
            key.removeLast()
        }
        return key
    }
}
