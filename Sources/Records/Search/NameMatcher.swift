import Ledger

/// Scores how well an indexed name matches a name query: the surname already matched by sound.
enum NameMatcher {
    /// `firstSound` is the query's first name's NYSIIS code (computed once per search).
    static func score(
        _ entry: NameIndex.Entry, last: String, first: String?, firstSound: String, dateOfBirth: CalendarDate, sex: String?
    ) -> Int? {
        score(name: entry.name, nameFirstSound: entry.firstSound, born: entry.dateOfBirth, sex: entry.sex,
              last: last, first: first, firstSound: firstSound, dateOfBirth: dateOfBirth, querySex: sex)
    }

    /// The same for a name not read from the index (an auditor's subject).
    static func score(
        name: PersonName, nameFirstSound: String, born: CalendarDate, sex entrySex: String,
        last: String, first: String?, firstSound: String, dateOfBirth: CalendarDate, querySex sex: String?
    ) -> Int? {
        if let sex, sex != "U", entrySex != "U", entrySex != sex { return nil }
        var score = name.last == last ? 40 : 25
        if let first, !first.isEmpty {
            let candidate = name.first
            if candidate == first {
                score += 30
            } else if nameFirstSound == firstSound {
                score += 20
            } else if candidate.first == first.first {
                score += 8
            } else {
                score -= 15
            }
        }
        let days = abs(born.dayNumber - dateOfBirth.dayNumber)
        score += days == 0 ? 30 : max(0, 20 - days / 30)
        if isTransposition(born, dateOfBirth) { score += 10 }
        if let sex, entrySex == sex { score += 5 }
        return score
    }

    /// Month and day swapped (a frequent data-entry slip).
    private static func isTransposition(_ left: CalendarDate, _ right: CalendarDate) -> Bool {
        left.year == right.year && left.month == right.day && left.day == right.month && left != right
    }
}
