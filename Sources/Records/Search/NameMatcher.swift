import Ledger

/// Scores how well an indexed name matches a name query: the surname already matched by sound.
enum NameMatcher {
    /// `firstSound` is the query's first name's NYSIIS code (computed once per search).
    static func score(
        _ entry: NameIndex.Entry, last: String, first: String?, firstSound: String, dateOfBirth: CalendarDate, sex: String?
    ) -> Int? {
        if let sex, sex != "U", entry.sex != "U", entry.sex != sex { return nil }
        var score = entry.name.last == last ? 40 : 25
        if let first, !first.isEmpty {
            let candidate = entry.name.first
            if candidate == first {
                score += 30
            } else if entry.firstSound == firstSound {
                score += 20
            } else if candidate.first == first.first {
                score += 8
            } else {
                score -= 15
            }
        }
        let days = abs(entry.dateOfBirth.dayNumber - dateOfBirth.dayNumber)
        score += days == 0 ? 30 : max(0, 20 - days / 30)
        if isTransposition(entry.dateOfBirth, dateOfBirth) { score += 10 }
        if let sex, entry.sex == sex { score += 5 }
        return score
    }

    /// Month and day swapped (a frequent data-entry slip).
    private static func isTransposition(_ left: CalendarDate, _ right: CalendarDate) -> Bool {
        left.year == right.year && left.month == right.day && left.day == right.month && left != right
    }
}
