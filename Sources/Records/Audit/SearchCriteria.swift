import Ledger

/// The records projection's `searches` table: what every search asked for, so that an auditor
/// can find the searches that named a person, the ones that found nothing included. Key:
/// criterion, then the access event's sequence (u64 big-endian); value empty. The criterion of
/// a name search is `nam 0x00 NYSIIS(last) 0x00`; of an identifier search, the exact-match
/// key's prefix the search looked under (`sid 0x00 value 0x00`, see `IndexKey`). Reads by
/// number are not searches: the `accesses` table holds the ones that showed a record.
enum SearchCriteria {
    static let nameType = "nam"

    /// The criteria a search is filed under.
    static func prefixes(of query: RecordQuery) -> [[UInt8]] {
        switch query {
        case .name(let last, _, _, _, _): return [namePrefix(sound: NYSIIS.code(last))]
        case .recordNumber, .user, .agency: return []
        default: return RecordSearch.indexKeys(for: query).map(\.prefix)
        }
    }

    static func namePrefix(sound: String) -> [UInt8] {
        Array(nameType.utf8) + [0] + Array(sound.utf8) + [0]
    }

    static func key(_ prefix: [UInt8], sequence: UInt64) -> [UInt8] {
        var key = prefix
        withUnsafeBytes(of: sequence.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    /// The access event a stored key names.
    static func sequence(ofKey key: some Collection<UInt8>) -> UInt64? {
        guard key.count >= 9 else { return nil }
        return key.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Whether `query` (a search) would have matched a person of this name, birth date and
    /// sex: the same surname sound and a birth date within its window, or the same identifier.
    static func nameSearch(_ query: RecordQuery, matches name: PersonName, dateOfBirth: CalendarDate, sex: String) -> Bool {
        guard case .name(let last, let first, let queried, let querySex, let tolerance) = query,
              NYSIIS.code(last) == NYSIIS.code(name.last),
              abs(queried.dayNumber - dateOfBirth.dayNumber) <= tolerance
        else { return false }
        return NameMatcher.score(
            name: name, nameFirstSound: NYSIIS.code(name.first), born: dateOfBirth, sex: sex,
            last: last, first: first, firstSound: NYSIIS.code(first ?? ""), dateOfBirth: queried, querySex: querySex) != nil
    }
}
