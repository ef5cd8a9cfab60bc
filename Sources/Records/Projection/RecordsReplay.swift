import Dispatch
import Foundation
import Ledger
import Synchronization

/// The records projection's replay: events are grouped by record as the log is scanned (no
/// decoding), then each record is folded once, its state encoded once and its index entries
/// derived from that final state, on every core. The accesses table is collected from access
/// events as they pass. The tables equal what the live fold writes event by event.
final class RecordsReplay: ProjectionReplay {
    let policy: RetentionPolicy
    /// Record stream → its events' positions in `events`.
    private var streams: [ByteString: Int] = [:]
    private var recordEvents: [[EventReference]] = []
    private var accesses: [TableEntry] = []
    private var searches: [TableEntry] = []

    /// What folding needs of one stored event; its buffers point into the replayed snapshot.
    struct EventReference {
        let sequence: UInt64
        let recordedAt: LedgerTime
        let version: UInt32
        let type: UnsafeRawBufferPointer
        let userID: UnsafeRawBufferPointer
        let agency: UnsafeRawBufferPointer
        /// Nil when a destruction order removed it.
        let payload: UnsafeRawBufferPointer?
    }

    init(policy: RetentionPolicy) {
        self.policy = policy
    }

    func add(_ event: StoredEvent) throws {
        if event.streamStarts(with: "record/") {
            let reference = EventReference(
                sequence: event.sequence, recordedAt: event.recordedAt, version: event.streamVersion, type: event.type,
                userID: event.userID, agency: event.agency, payload: event.payload)
            let key = ByteString(event.stream)
            if let index = streams[key] {
                recordEvents[index].append(reference)
            } else {
                streams[key] = recordEvents.count
                recordEvents.append([reference])
            }
        } else if event.streamStarts(with: "access/"), event.typeIs("RecordsQueried"), let payload = event.payload {
            let filed = try AccessRecord.filed(in: payload)
            for number in filed.returned {
                accesses.append(TableEntry(key: RecordsProjection.accessKey(number, sequence: event.sequence), value: []))
            }
            for criterion in filed.criteria {
                searches.append(TableEntry(key: SearchCriteria.key(criterion.prefix, sequence: event.sequence), value: criterion.value))
            }
        }
    }

    func finish() throws -> [String: ReplayedTable] {
        let ordered = streams.compactMap { stream, index -> (RecordNumber, Int)? in
            let text = String(decoding: stream.bytes.dropFirst(7), as: UTF8.self)
            return RecordNumber(text).map { ($0, index) }
        }.sorted { $0.0 < $1.0 }
        let parts = try foldInParallel(ordered)
        accesses.sortByKey()
        searches.sortByKey()
        return [
            RecordsProjection.records: ReplayedTable(runs: parts.map(\.records)),
            RecordsProjection.keys: ReplayedTable(runs: parts.map(\.keys)),
            RecordsProjection.names: ReplayedTable(runs: parts.map(\.names)),
            RecordsProjection.unchecked: ReplayedTable(runs: parts.map(\.unchecked)),
            RecordsProjection.validation: ReplayedTable(runs: parts.map(\.validation)),
            RecordsProjection.accesses: ReplayedTable(sorted: accesses),
            RecordsProjection.searches: ReplayedTable(sorted: searches),
        ]
    }

    /// One slice of the records, folded: its entries of each table (records already in key order).
    struct Part: Sendable {
        var records: [TableEntry] = []
        var keys: [TableEntry] = []
        var names: [TableEntry] = []
        var unchecked: [TableEntry] = []
        var validation: [TableEntry] = []
    }

    private func foldInParallel(_ ordered: [(RecordNumber, Int)]) throws -> [Part] {
        // Two slices a core: records differ in size, and a slice finishing early takes the next;
        // more slices would make the merge of their sorted runs dearer.
        let sliceCount = max(1, min(ordered.count / 256, ProcessInfo.processInfo.activeProcessorCount * 2))
        let results = Mutex<[Int: Result<Part, any Error>]>([:])
        let recordEvents = SnapshotShared(self.recordEvents)
        let policy = self.policy
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            let range = (ordered.count * slice / sliceCount)..<(ordered.count * (slice + 1) / sliceCount)
            let result = Result { try Self.fold(ordered[range], recordEvents.value, policy: policy) }
            results.withLock { $0[slice] = result }
        }
        return try results.withLock { results in try (0..<sliceCount).map { try results[$0]!.get() } }
    }

    private static func fold(_ records: ArraySlice<(RecordNumber, Int)>, _ recordEvents: [[EventReference]], policy: RetentionPolicy) throws -> Part {
        var part = Part()
        part.records.reserveCapacity(records.count)
        var writer = JSONWriter(capacity: 16_384)
        for (number, index) in records {
            guard let state = try fold(number, recordEvents[index]) else { continue }
            writer.value(state)
            part.records.append(TableEntry(key: Array(number.text.utf8), value: writer.takeBytes()))
            let entries = RecordIndexEntries(of: state, policy: policy)
            for key in entries.keys { part.keys.append(TableEntry(key: key, value: [])) }
            for (key, value) in entries.names { part.names.append(TableEntry(key: key, value: value)) }
            if let key = entries.unchecked { part.unchecked.append(TableEntry(key: key, value: [])) }
            if let key = entries.validation { part.validation.append(TableEntry(key: key, value: [])) }
        }
        part.keys.sortByKey()
        part.names.sortByKey()
        part.unchecked.sortByKey()
        part.validation.sortByKey()
        return part
    }

    /// The record after all its events, as the live fold leaves it.
    private static func fold(_ number: RecordNumber, _ events: [EventReference]) throws -> RecordState? {
        var state: RecordState?
        for event in events {
            guard let payload = event.payload else { continue }
            let recordEvent: RecordEvent?
            do {
                recordEvent = try RecordEvent.decode(type: event.type, payload: payload)
            } catch {
                throw ReplayFailure(projection: "records", sequence: event.sequence, reason: "\(error)")
            }
            guard let recordEvent else { continue }
            let action = RecordAction(
                userID: String(decoding: event.userID, as: UTF8.self), agency: String(decoding: event.agency, as: UTF8.self),
                at: event.recordedAt, sequence: event.sequence)
            _ = state.fold(recordEvent, number: number, action: action, version: event.version)
        }
        return state
    }
}
