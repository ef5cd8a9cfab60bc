import Ledger

/// The current state of every record and the indexes it is searched by, folded from record
/// events and access events.
///
/// Tables (each documented byte by byte in Docs/storage-format.md): `records` (number → the
/// record's state, canonical JSON), `keys` (exact-match and duplicate keys), `names` (phonetic
/// name index), `unchecked` and `validation` (record-quality lists), `accesses`
/// (number 0x00 sequence → nothing: every query that returned the record), `searches`
/// (criterion, sequence → whom a name search could match: what every search asked for,
/// `SearchCriteria`). Every
/// table but `accesses` and `searches` is a function of each record's state alone (`RecordIndexEntries`), which is what
/// lets the replay fold each record once.
public struct RecordsProjection: Projection {
    public static let records = "records"
    public static let keys = "keys"
    public static let names = "names"
    public static let unchecked = "unchecked"
    public static let validation = "validation"
    public static let accesses = "accesses"
    public static let searches = "searches"

    public let name = "records"
    public let tableNames = [records, keys, names, unchecked, validation, accesses, searches]
    public let version: UInt32 = 6
    public let streamPrefixes = ["record/", "access/"]
    /// When validations fall due: the `validation` table depends on it.
    public let policy: RetentionPolicy

    public init(policy: RetentionPolicy = .standard) {
        self.policy = policy
    }

    public var configuration: [UInt8] { policy.fingerprint }

    public func makeReplay() -> any ProjectionReplay { RecordsReplay(policy: policy) }

    /// Every entry names its record (an access entry, its access event).
    public func source(ofKey key: [UInt8], in table: String) -> DerivedEntrySource? {
        let parts = key.split(separator: 0, omittingEmptySubsequences: false)
        let numberPart: ArraySlice<UInt8>?
        switch table {
        case Self.records: numberPart = key[...]
        case Self.keys: numberPart = parts.last
        case Self.names: numberPart = parts.count >= 3 ? parts[2] : nil
        case Self.unchecked: numberPart = parts.last
        case Self.validation: numberPart = key.count > 11 ? key.suffix(11) : nil
        case Self.accesses:
            guard key.count == 20 else { return nil }
            return .event(key.suffix(8).reduce(0) { $0 << 8 | UInt64($1) })
        case Self.searches:
            return SearchCriteria.sequence(ofKey: key).map { .event($0) }
        default: numberPart = nil
        }
        guard let numberPart, let number = RecordNumber(String(decoding: numberPart, as: UTF8.self)) else { return nil }
        return .stream(number.stream)
    }

    public func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws {
        // A redacted payload is skipped, as a replay skips it; the ledger folds this projection
        // again when it redacts, so the live tables match.
        guard let payload = event.payload else { return }
        if event.type == AccessRecord.eventType {
            // Only the readers' streams hold access records (the replay folds no others).
            guard event.stream.hasPrefix("access/") else { return }
            try applyAccess(payload, sequence: event.sequence, to: store)
            return
        }
        guard event.stream.hasPrefix("record/"), let number = RecordNumber(String(event.stream.dropFirst(7))),
              let recordEvent = try RecordEvent(type: event.type, payload: payload)
        else { return }
        let old = try Self.state(of: number, in: store)
        let action = RecordAction(
            userID: event.actor.userID, agency: event.actor.agency, at: event.recordedAt, sequence: event.sequence)
        guard let new = RecordState.folding(old, recordEvent, number: number, action: action, version: event.streamVersion)
        else { return }
        try store.put(new.canonicalJSON(capacity: 2_048), forKey: Array(number.text.utf8), in: Self.records)
        try reindex(from: old, to: new, in: store)
    }

    /// The record as the projection holds it.
    public static func state(of number: RecordNumber, in reader: any ProjectionReader) throws -> RecordState? {
        guard let bytes = try reader.value(forKey: Array(number.text.utf8), in: records) else { return nil }
        return try RecordState(canonicalJSON: bytes)
    }

    private func applyAccess(_ payload: [UInt8], sequence: UInt64, to store: any ProjectionStore) throws {
        let filed = try AccessRecord.filed(in: payload)
        for number in filed.returned {
            try store.put([], forKey: Self.accessKey(number, sequence: sequence), in: Self.accesses)
        }
        for criterion in filed.criteria {
            try store.put(criterion.value, forKey: SearchCriteria.key(criterion.prefix, sequence: sequence), in: Self.searches)
        }
    }

    static func accessKey(_ number: RecordNumber, sequence: UInt64) -> [UInt8] {
        var key = Array(number.text.utf8)
        key.append(0)
        withUnsafeBytes(of: sequence.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    /// Removes the entries only the old state had and adds the ones only the new state has.
    private func reindex(from old: RecordState?, to new: RecordState, in store: any ProjectionStore) throws {
        let before = old.map { RecordIndexEntries(of: $0, policy: policy, includeFacts: old?.facts != new.facts) }
        let after = RecordIndexEntries(of: new, policy: policy, includeFacts: old?.facts != new.facts)
        // Without the facts' entries (facts unchanged) the keys are the hit confirmations' alone
        // and there are no names: the differences below are then theirs.
        let oldKeys = Set(before?.keys ?? [])
        let newKeys = Set(after.keys)
        for key in oldKeys.subtracting(newKeys) { try store.removeValue(forKey: key, in: Self.keys) }
        for key in newKeys.subtracting(oldKeys) { try store.put([], forKey: key, in: Self.keys) }
        let oldNames = Dictionary(before?.names ?? [], uniquingKeysWith: { $1 })
        let newNames = Dictionary(after.names, uniquingKeysWith: { $1 })
        for key in oldNames.keys where newNames[key] == nil { try store.removeValue(forKey: key, in: Self.names) }
        for (key, value) in newNames where oldNames[key] != value { try store.put(value, forKey: key, in: Self.names) }
        try replace(before?.unchecked, with: after.unchecked, in: Self.unchecked, store)
        try replace(before?.validation, with: after.validation, in: Self.validation, store)
    }

    private func replace(_ old: [UInt8]?, with new: [UInt8]?, in table: String, _ store: any ProjectionStore) throws {
        guard old != new else { return }
        if let old { try store.removeValue(forKey: old, in: table) }
        if let new { try store.put([], forKey: new, in: table) }
    }
}

extension RetentionPolicy {
    /// The periods as bytes, in a fixed order: what the records projection records as its
    /// configuration, so a ledger reopened with other periods rebuilds its validation list.
    var fingerprint: [UInt8] {
        var bytes: [UInt8] = []
        for value in [temporaryFelonyHours, locatedUnclearedDays, firstValidationOpensDays, firstValidationDueDays,
                      validationIntervalDays, validationWindowDays, Int64(articleExtraYears), Int64(plateExtraYears)] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
