import Foundation
import Ledger

/// The current state of every record and the indexes it is searched by, folded from record
/// events and access events.
///
/// Tables: `records` (number → state JSON), `keys` (exact-match and duplicate keys), `names`
/// (phonetic name index), `unchecked` and `validation` (record-quality lists), `accesses`
/// (number 0x00 sequence → nothing: every query that returned the record).
public struct RecordsProjection: Projection {
    public static let records = "records"
    public static let keys = "keys"
    public static let names = "names"
    public static let unchecked = "unchecked"
    public static let validation = "validation"
    public static let accesses = "accesses"

    public let name = "records"
    public let tableNames = [records, keys, names, unchecked, validation, accesses]
    public let version: UInt32 = 3
    let policy = RetentionPolicy.standard

    public init() {}

    public func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws {
        // A redacted payload (a court-ordered destruction) is skipped; the destruction's own
        // domain event is what resets the record.
        guard let payload = event.payload else { return }
        if event.type == AccessRecord.eventType {
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
        try store.put(Array(try RecordJSON.encoder.encode(new)), forKey: Array(number.text.utf8), in: Self.records)
        try reindex(from: old, to: new, in: store)
    }

    /// The record as the projection holds it.
    public static func state(of number: RecordNumber, in reader: any ProjectionReader) throws -> RecordState? {
        guard let bytes = try reader.value(forKey: Array(number.text.utf8), in: records) else { return nil }
        return try RecordJSON.decoder.decode(RecordState.self, from: Data(bytes))
    }

    private func applyAccess(_ payload: [UInt8], sequence: UInt64, to store: any ProjectionStore) throws {
        let access = try RecordJSON.decoder.decode(AccessRecord.self, from: Data(payload))
        let sequenceBytes = withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
        for result in access.results {
            try store.put([], forKey: Array(result.number.text.utf8) + [0] + sequenceBytes, in: Self.accesses)
        }
    }

    /// Removes the keys only the old state had and adds the ones only the new state has.
    private func reindex(from old: RecordState?, to new: RecordState, in store: any ProjectionStore) throws {
        if old?.facts != new.facts { try reindexFacts(from: old, to: new, in: store) }
        try replace(old.flatMap(QualityIndex.uncheckedKey), with: QualityIndex.uncheckedKey(new), in: Self.unchecked, store)
        try replace(
            old.flatMap { QualityIndex.validationKey($0, policy: policy) },
            with: QualityIndex.validationKey(new, policy: policy), in: Self.validation, store)
    }

    /// The exact-match and name keys: they depend on the facts alone, so most events (checks,
    /// validations, history entries) leave them as they are.
    private func reindexFacts(from old: RecordState?, to new: RecordState, in store: any ProjectionStore) throws {
        let oldKeys = Set((old?.facts.indexKeys ?? []).map { $0.stored(for: new.number) })
        let newKeys = Set(new.facts.indexKeys.map { $0.stored(for: new.number) })
        for key in oldKeys.subtracting(newKeys) { try store.removeValue(forKey: key, in: Self.keys) }
        for key in newKeys.subtracting(oldKeys) { try store.put([], forKey: key, in: Self.keys) }

        let oldNames = old.map { NameIndex.keys(for: $0.facts, number: $0.number) } ?? [:]
        let newNames = NameIndex.keys(for: new.facts, number: new.number)
        for key in oldNames.keys where newNames[key] == nil { try store.removeValue(forKey: key, in: Self.names) }
        for (key, value) in newNames where oldNames[key] != value { try store.put(value, forKey: key, in: Self.names) }
    }

    private func replace(_ old: [UInt8]?, with new: [UInt8]?, in table: String, _ store: any ProjectionStore) throws {
        guard old != new else { return }
        if let old { try store.removeValue(forKey: old, in: table) }
        if let new { try store.put([], forKey: new, in: table) }
    }
}
