import Ledger

/// The phonetic name index: `NYSIIS(last) 0x00 dateOfBirth 0x00 recordNumber 0x00 position`
/// → the name as entered, the sex and the first name's sound. Keys of one sound sort by date of birth, so a search
/// reads only the names within its birth-date window.
enum NameIndex {
    struct Entry: Hashable, Sendable {
        let number: RecordNumber
        let name: PersonName
        let dateOfBirth: CalendarDate
        let sex: String
        /// NYSIIS of the first given name, computed once at indexing rather than per search.
        let firstSound: String
    }

    /// The index entries of a record's subject: one per name (the name, then each alias).
    static func keys(for facts: RecordFacts, number: RecordNumber) -> [(key: [UInt8], value: [UInt8])] {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        var buffers = EntryBuffers()
        forEachEntry(for: facts, number: number, in: &buffers) { entries.append(($0, $1)) }
        return entries
    }

    /// A key and a value written in place, reused from one entry to the next.
    struct EntryBuffers {
        var key: [UInt8] = []
        var value: [UInt8] = []

        init() {
            key.reserveCapacity(64)
            value.reserveCapacity(128)
        }
    }

    /// Calls `body` with each index entry of a record's subject, written into `buffers` (a
    /// replay reuses them across records rather than allocate two arrays an entry).
    static func forEachEntry(
        for facts: RecordFacts, number: RecordNumber, in buffers: inout EntryBuffers, _ body: ([UInt8], [UInt8]) -> Void
    ) {
        guard let subject = facts.subject else { return }
        for (position, name) in subject.allNames.enumerated() {
            let (last, first) = name.lastAndFirst
            buffers.key.removeAll(keepingCapacity: true)
            buffers.key.append(contentsOf: NYSIIS.code(last).utf8)
            buffers.key.append(0)
            subject.dateOfBirth.appendDigits(to: &buffers.key)
            buffers.key.append(0)
            buffers.key.append(contentsOf: number.text.utf8)
            buffers.key.append(0)
            buffers.key.append(UInt8(min(position, 255)))
            buffers.value.removeAll(keepingCapacity: true)
            buffers.value.append(contentsOf: name.text.utf8)
            buffers.value.append(0x1F)
            buffers.value.append(contentsOf: subject.sex.utf8)
            buffers.value.append(0x1F)
            buffers.value.append(contentsOf: NYSIIS.code(first).utf8)
            body(buffers.key, buffers.value)
        }
    }

    static func prefix(sound: String) -> [UInt8] {
        Array(sound.utf8) + [0]
    }

    static func key(sound: String, dateOfBirth: CalendarDate) -> [UInt8] {
        prefix(sound: sound) + Array(dateOfBirth.description.utf8)
    }

    /// Parses a stored key and value back into an entry; nil if they are not an index entry.
    static func entry(key: [UInt8], value: [UInt8]) -> Entry? {
        guard let soundEnd = key.firstIndex(of: 0), key.count > soundEnd + 10, key[soundEnd + 9] == 0,
              let dateOfBirth = CalendarDate(String(decoding: key[(soundEnd + 1)...(soundEnd + 8)], as: UTF8.self)),
              let numberEnd = key[(soundEnd + 10)...].firstIndex(of: 0),
              let number = RecordNumber(String(decoding: key[(soundEnd + 10)..<numberEnd], as: UTF8.self))
        else { return nil }
        let fields = value.split(separator: 0x1F, omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        return Entry(number: number, name: PersonName(String(decoding: fields[0], as: UTF8.self)), dateOfBirth: dateOfBirth,
                     sex: String(decoding: fields[1], as: UTF8.self), firstSound: String(decoding: fields[2], as: UTF8.self))
    }
}
