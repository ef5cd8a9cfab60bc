import Ledger

/// Answers a query from the records projection (live, or folded in memory to re-derive a past
/// answer): the records it matches, ranked, each with its status at `asOf`.
enum RecordSearch {
    static func run(
        _ query: RecordQuery, context: QueryContext, in reader: any ProjectionReader, asOf: LedgerTime, policy: RetentionPolicy
    ) throws -> [SearchHit] {
        var scored: [(number: RecordNumber, score: Int?)]
        switch query {
        case .name(let last, let first, let dateOfBirth, let sex, let tolerance):
            scored = try nameMatches(last: last, first: first, dateOfBirth: dateOfBirth, sex: sex, toleranceDays: tolerance, reader)
        case .recordNumber(let number):
            scored = [(number, nil)]
        case .user, .agency:
            preconditionFailure("a search never names a user or an agency (RecordsService refuses it)")
        default:
            scored = try keyMatches(query, reader).map { ($0, nil) }
        }
        // Rank on what the indexes hold, then read records best first until the answer is full:
        // a common name has hundreds of candidates, and reading a record costs far more than
        // scoring an index entry.
        scored.sort { ($0.score ?? 0, $1.number) > ($1.score ?? 0, $0.number) }
        var hits: [SearchHit] = []
        for (number, score) in scored where hits.count < context.limit {
            guard let record = try RecordsProjection.state(of: number, in: reader) else { continue }
            let status = record.status(at: asOf, policy: policy)
            if record.isCurrent(status) || context.includeInactive {
                hits.append(SearchHit(record: record, status: status, score: score))
            }
        }
        return hits
    }

    /// The index keys an exact-match query looks under.
    static func indexKeys(for query: RecordQuery) -> [IndexKey] {
        switch query {
        case .stateID(let id): return [IndexKey(type: .stateID, value: id)]
        case .fbiNumber(let number): return [IndexKey(type: .fbiNumber, value: number)]
        case .plate(let plate, let state): return [IndexKey(type: .plate, value: plate + "|" + state)]
        case .vin(let vin): return [IndexKey(type: vin.count == 8 ? .vinLastEight : .vin, value: vin)]
        case .licence(let number, let state): return [IndexKey(type: .licence, value: number + "|" + state)]
        case .gunSerial(let serial): return [IndexKey(type: .gunSerial, value: serial)]
        case .articleSerial(let serial): return [IndexKey(type: .articleSerial, value: serial)]
        case .fileControlNumber(let number): return [IndexKey(type: .fileControlNumber, value: number)]
        case .caseNumber(let number): return [IndexKey(type: .caseNumber, value: number)]
        case .name, .recordNumber, .user, .agency: return []
        }
    }

    private static func keyMatches(_ query: RecordQuery, _ reader: any ProjectionReader) throws -> [RecordNumber] {
        var numbers: [RecordNumber] = []
        for key in indexKeys(for: query) {
            try reader.forEach(in: RecordsProjection.keys, keyPrefix: key.prefix) { stored, _ in
                if let number = RecordNumber(String(decoding: stored.dropFirst(key.prefix.count), as: UTF8.self)) {
                    numbers.append(number)
                }
                return numbers.count < QueryContext.maximumLimit * 5
            }
        }
        // A person found by identifier brings its criminal history.
        for number in numbers where number.kind == .person {
            let person = IndexKey(type: .person, value: number.text)
            try reader.forEach(in: RecordsProjection.keys, keyPrefix: person.prefix) { stored, _ in
                if let history = RecordNumber(String(decoding: stored.dropFirst(person.prefix.count), as: UTF8.self)),
                   !numbers.contains(history) {
                    numbers.append(history)
                }
                return true
            }
        }
        return numbers
    }

    /// Names that sound like `last`, born within the window, scored; best score per record.
    private static func nameMatches(
        last: String, first: String?, dateOfBirth: CalendarDate, sex: String?, toleranceDays: Int, _ reader: any ProjectionReader
    ) throws -> [(number: RecordNumber, score: Int?)] {
        let sound = NYSIIS.code(last)
        let prefix = NameIndex.prefix(sound: sound)
        let latest = Array(dateOfBirth.adding(days: toleranceDays).description.utf8)
        let firstSound = NYSIIS.code(first ?? "")
        var best: [RecordNumber: Int] = [:]
        try reader.forEach(
            in: RecordsProjection.names, keyPrefix: prefix,
            startingAt: NameIndex.key(sound: sound, dateOfBirth: dateOfBirth.adding(days: -toleranceDays))
        ) { key, value in
            guard key.count >= prefix.count + 8 else { return true }
            // Keys of one sound sort by date of birth: past the window's last day, stop.
            if latest.lexicographicallyPrecedes(key[prefix.count..<prefix.count + 8]) { return false }
            if let entry = NameIndex.entry(key: key, value: value),
               let score = NameMatcher.score(entry, last: last, first: first, firstSound: firstSound, dateOfBirth: dateOfBirth, sex: sex) {
                best[entry.number] = max(best[entry.number] ?? .min, score)
            }
            return true
        }
        return best.map { ($0.key, $0.value) }
    }
}
