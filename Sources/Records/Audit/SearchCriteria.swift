import Ledger

/// The records projection's `searches` table: what every search asked for, so that an auditor
/// can find the searches that named a person, the ones that found nothing included. Key:
/// criterion, then the access event's sequence (u64 big-endian). The criterion of a name search
/// is `nam 0x00 NYSIIS(last) 0x00`, and its value says whom it could match: the first and last
/// day of its birth-date window (day numbers, i32 big-endian each) and its sex code (one byte,
/// 0x00 when none), so that an investigation judges a candidate without reading its event. An
/// identifier search is filed under the exact-match key's prefix it looked under (`sid 0x00
/// value 0x00`, see `IndexKey`), value empty. Reads by number are not searches: the `accesses`
/// table holds the ones that showed a record.
enum SearchCriteria {
    static let nameType = "nam"

    /// One criterion a search is filed under: the key's prefix, and the value.
    struct Criterion: Equatable {
        let prefix: [UInt8]
        let value: [UInt8]
    }

    /// The criteria a search is filed under.
    static func criteria(of query: RecordQuery) -> [Criterion] {
        switch query {
        case .name(let last, _, let dateOfBirth, let sex, let tolerance):
            return [Criterion(prefix: namePrefix(sound: NYSIIS.code(last)), value: NameWindow(dateOfBirth: dateOfBirth, toleranceDays: tolerance, sex: sex).bytes)]
        case .recordNumber, .user, .agency: return []
        default: return RecordSearch.indexKeys(for: query).map { Criterion(prefix: $0.prefix, value: []) }
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

    /// Whom a name search could match, besides the sound of the surname: a person born in the
    /// window, of its sex (a search without one, or either side `U`, matches any), as
    /// `NameMatcher` judges. Nine bytes in the `searches` table.
    struct NameWindow: Equatable {
        let firstDay: Int32
        let lastDay: Int32
        /// The sex code's byte, or 0 when the search gave none.
        let sex: UInt8

        init(dateOfBirth: CalendarDate, toleranceDays: Int, sex: String?) {
            firstDay = Int32(clamping: dateOfBirth.dayNumber - toleranceDays)
            lastDay = Int32(clamping: dateOfBirth.dayNumber + toleranceDays)
            self.sex = sex.flatMap { $0.utf8.count == 1 ? $0.utf8.first : nil } ?? 0
        }

        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count == 9 else { return nil }
            func int32(_ offset: Int) -> Int32 { Int32(bitPattern: bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }) }
            firstDay = int32(0)
            lastDay = int32(4)
            sex = bytes[8]
        }

        var bytes: [UInt8] {
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt32(bitPattern: firstDay).bigEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(bitPattern: lastDay).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(sex)
            return bytes
        }

        /// Whether a person born on `dateOfBirth` of sex `personSex` falls within it.
        func admits(dateOfBirth: CalendarDate, sex personSex: String) -> Bool {
            let day = dateOfBirth.dayNumber
            guard Int(firstDay) <= day, day <= Int(lastDay) else { return false }
            let unknown = UInt8(ascii: "U")
            return sex == 0 || sex == unknown || personSex == "U" || personSex.utf8.first == sex && personSex.utf8.count == 1
        }
    }
}
