import Ledger

/// Validation of the physical-description fields of a person record.
enum PersonDescription {
    static let feetRange = 2...8
    static let inchesRange = 0...11
    static let poundsRange = 1...999

    /// Height is entered as three digits: one for feet, two for inches, so
    /// "510" is 5 ft 10 in. Returns nil when valid, otherwise why not.
    static func heightProblem(_ height: String) -> String? {
        let digits = height.compactMap { character in
            character.isASCII ? character.wholeNumberValue : nil
        }
        guard height.count == 3, digits.count == 3 else {
            return "height is three digits, feet then inches (510 is 5 ft 10 in); got \"\(height)\""
        }
        let feet = digits[0]
        let inches = digits[1] * 10 + digits[2]
        if !feetRange.contains(feet) {
            return "height in feet must be \(feetRange.lowerBound) to \(feetRange.upperBound); \(height) has \(feet)"
        }
        if !inchesRange.contains(inches) {
            // A common slip is writing total inches past 11 (5 ft 12 in)
            // instead of carrying into the feet digit.
            return "height inches must be 00 to 11; \(height) has \(digits[1])\(digits[2])"
        }
        return nil
    }

    /// Weight is whole pounds; 0 and four-digit values are typing mistakes.
    static func weightProblem(_ pounds: Int) -> String? {
        if !poundsRange.contains(pounds) {
            return "weight must be \(poundsRange.lowerBound) to \(poundsRange.upperBound) pounds; got \(pounds)"
        }
        return nil
    }
}
