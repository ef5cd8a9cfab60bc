import Ledger

/// Validation of vehicle identification numbers (VINs).
///
/// Since model year 1981 North American VINs have 17 characters and carry a
/// check digit in position 9, which catches most single-character typing
/// mistakes. Older vehicles carry manufacturer-specific numbers of varying
/// length with no check digit, so for them only the character set is checked.
enum VehicleIdentificationNumber {
    static let standardLength = 17
    static let firstStandardModelYear = 1981

    /// Position of the check digit, counted from 1 as printed on the vehicle.
    static let checkDigitPosition = 9

    /// Multipliers for each position when computing the check digit. The
    /// check digit's own position has weight 0 so it does not affect itself.
    private static let positionWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

    /// Numeric value of each letter for the check digit. I, O and Q are
    /// absent because standard VINs never use them (they read as 1, 0 and 0).
    private static let letterValues: [Character: Int] = [
        "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
        "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
        "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
    ]

    /// Returns nil when `vin` is acceptable for a vehicle of `modelYear`
    /// (nil when the year is not known), otherwise a message saying what is wrong.
    static func problem(with vin: String, modelYear: Int?) -> String? {
        if let characterProblem = characterSetProblem(with: vin) {
            return characterProblem
        }
        if vin.count > standardLength {
            return "a VIN has at most \(standardLength) characters; \(vin) has \(vin.count)"
        }
        if let modelYear, modelYear < firstStandardModelYear {
            // Pre-standard numbers follow no common format, so anything
            // alphanumeric up to 17 characters may be genuine.
            return nil
        }
        if vin.count < standardLength {
            return shortVehicleIdentificationNumberProblem(with: vin, modelYear: modelYear)
        }
        return standardProblem(with: vin)
    }

    /// The character that position 9 of a 17-character VIN must hold, or nil
    /// when `vin` is not 17 characters of the standard VIN alphabet.
    static func checkDigit(for vin: String) -> Character? {
        let characters = Array(vin)
        guard characters.count == standardLength else {
            return nil
        }
        var weightedSum = 0
        for (character, weight) in zip(characters, positionWeights) {
            guard let value = transliteratedValue(of: character) else {
                return nil
            }
            weightedSum += value * weight
        }
        let remainder = weightedSum % 11
        // A remainder of 10 cannot be written as one digit, so the standard uses X.
        return remainder == 10 ? "X" : Character(String(remainder))
    }

    /// The last eight characters, which hold the model year, plant and serial
    /// number and are what officers most often read off a damaged plate.
    static func lastEight(_ vin: String) -> String? {
        guard vin.count >= 8 else {
            return nil
        }
        return String(vin.suffix(8))
    }

    private static func characterSetProblem(with vin: String) -> String? {
        if vin.isEmpty {
            return "a VIN is required"
        }
        if let lowercaseLetter = vin.first(where: { $0.isASCII && $0.isLowercase }) {
            return "a VIN is written in upper case; \(vin) contains \"\(lowercaseLetter)\""
        }
        if let foreignCharacter = vin.first(where: { !isUppercaseLetterOrDigit($0) }) {
            return "a VIN uses only letters and digits; \(vin) contains \"\(foreignCharacter)\""
        }
        return nil
    }

    private static func shortVehicleIdentificationNumberProblem(with vin: String, modelYear: Int?) -> String {
        guard let modelYear else {
            return "a VIN shorter than \(standardLength) characters is accepted only for vehicles"
                + " built before \(firstStandardModelYear); \(vin) has \(vin.count) and the model year is unknown"
        }
        return "vehicles from \(firstStandardModelYear) on need a \(standardLength)-character VIN;"
            + " \(vin) has \(vin.count) for model year \(modelYear)"
    }

    private static func standardProblem(with vin: String) -> String? {
        let characters = Array(vin)
        if let forbiddenIndex = characters.firstIndex(where: { "IOQ".contains($0) }) {
            return "a \(standardLength)-character VIN never contains I, O or Q;"
                + " \(vin) has \(characters[forbiddenIndex]) at position \(forbiddenIndex + 1)"
        }
        guard let expected = checkDigit(for: vin) else {
            // Unreachable after the checks above, but say something useful
            // rather than accept a VIN whose check digit could not be computed.
            return "the check digit of \(vin) cannot be computed"
        }
        let actual = characters[checkDigitPosition - 1]
        if actual != expected {
            return "\(vin): check digit is \(actual) but the VIN's other characters require \(expected)"
        }
        return nil
    }

    private static func transliteratedValue(of character: Character) -> Int? {
        if character.isASCII, let digit = character.wholeNumberValue {
            return digit
        }
        return letterValues[character]
    }

    private static func isUppercaseLetterOrDigit(_ character: Character) -> Bool {
        guard character.isASCII else {
            return false
        }
        return character.isNumber || character.isUppercase
    }
}
