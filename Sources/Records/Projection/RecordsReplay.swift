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
    /// Record streams, numbered as first seen: a stream's number is its group in `recordEvents`.
    private var streams = ByteStringNumbering()
    private var recordEvents = GroupedEvents()
    private var accesses = EntryRun()
    private var searches = EntryRun()

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

    func expect(events count: Int) {
        recordEvents.reserve(count)
        streams.reserveCapacity(ByteStringNumbering.expectedStreams(ofEvents: count))
    }

    func add(_ event: StoredEvent) throws {
        if event.streamStarts(with: "record/") {
            let reference = EventReference(
                sequence: event.sequence, recordedAt: event.recordedAt, version: event.streamVersion, type: event.type,
                userID: event.userID, agency: event.agency, payload: event.payload)
            let (group, isNew) = streams.number(of: ByteString(event.stream))
            if isNew {
                let started = recordEvents.startGroup(with: reference)
                assert(started == group, "a stream's number is its group")
            } else {
                recordEvents.append(reference, to: group)
            }
        } else if event.streamStarts(with: "access/"), event.typeIs("RecordsQueried"), let payload = event.payload {
            let filed = try AccessRecord.filed(in: payload)
            for number in filed.returned {
                accesses.append(key: RecordsProjection.accessKey(number, sequence: event.sequence))
            }
            for criterion in filed.criteria {
                searches.append(key: SearchCriteria.key(criterion.prefix, sequence: event.sequence), value: criterion.value)
            }
        }
    }

    func finish() throws -> [String: ReplayedTable] {
        try finish(live: nil)
    }

    /// For a check: each slice's record states are compared with the live records table as
    /// they are encoded (a slice is a key range of that table), never held.
    func finish(checkingAgainst live: LiveTables) throws -> [String: ReplayedTable] {
        try finish(live: live)
    }

    private func finish(live: LiveTables?) throws -> [String: ReplayedTable] {
        let ordered = streams.keys.enumerated().compactMap { index, stream -> (RecordNumber, Int)? in
            let text = String(decoding: stream.bytes.dropFirst(7), as: UTF8.self)
            return RecordNumber(text).map { ($0, index) }
        }.sorted { $0.0 < $1.0 }
        let parts = try foldInParallel(ordered, live: live)
        accesses.sortByKey()
        searches.sortByKey()
        var records = ReplayedTable(runs: parts.map(\.records))
        if let live {
            // No slice held a record: the live table must be empty.
            let compared = parts.compactMap(\.recordsCompared)
            records = ReplayedTable(compared: compared.isEmpty
                ? try live.compare(RecordsProjection.records, from: nil, upTo: nil) { _ in }
                : RangeComparison.merged(compared))
        }
        return [
            RecordsProjection.records: records,
            RecordsProjection.keys: ReplayedTable(runs: parts.map(\.keys)),
            RecordsProjection.names: ReplayedTable(runs: parts.map(\.names)),
            RecordsProjection.unchecked: ReplayedTable(runs: parts.map(\.unchecked)),
            RecordsProjection.validation: ReplayedTable(runs: parts.map(\.validation)),
            RecordsProjection.accesses: ReplayedTable(runs: [accesses]),
            RecordsProjection.searches: ReplayedTable(runs: [searches]),
        ]
    }

    /// One slice of the records, folded: its entries of each table (records already in key
    /// order), or for a check, what comparing its records with the live table found.
    struct Part: Sendable, RecordIndexEntryVisitor {
        var records = EntryRun()
        var recordsCompared: RangeComparison?
        var keys = EntryRun()
        var names = EntryRun()
        var unchecked = EntryRun()
        var validation = EntryRun()

        mutating func key(_ key: [UInt8]) { keys.append(key: key) }
        mutating func name(key: [UInt8], value: [UInt8]) { names.append(key: key, value: value) }
        mutating func unchecked(_ key: [UInt8]) { unchecked.append(key: key) }
        mutating func validation(_ key: [UInt8]) { validation.append(key: key) }
    }

    private func foldInParallel(_ ordered: [(RecordNumber, Int)], live: LiveTables?) throws -> [Part] {
        // Four slices a core, of equal numbers of events (a record's fold costs about its
        // events): a slice finishing early takes the next, so no core is left folding alone at
        // the end; more slices would make the merge of their sorted runs dearer.
        let sliceCount = max(1, min(ordered.count / 256, ProcessInfo.processInfo.activeProcessorCount * 4))
        let bounds = Self.sliceBounds(ordered.map { self.recordEvents.count(of: $0.1) }, slices: sliceCount)
        let ranges = Self.keyRanges(ordered, bounds: bounds)
        let results = Mutex<[Int: Result<Part, any Error>]>([:])
        let recordEvents = SnapshotShared(self.recordEvents)
        let policy = self.policy
        ParallelWork.forEach(sliceCount) { slice in
            let records = ordered[bounds[slice]..<bounds[slice + 1]]
            let result = Result {
                guard let live, let range = ranges[slice] else { return try Self.fold(records, recordEvents.value, policy: policy, check: nil) }
                return try Self.fold(records, recordEvents.value, policy: policy, check: (live, range.lower, range.upper))
            }
            results.withLock { $0[slice] = result }
        }
        return try results.withLock { results in try (0..<sliceCount).map { try results[$0]!.get() } }
    }

    /// The records table's key range of each slice that holds records (nil for an empty one):
    /// from its first record's key to the next such slice's, the first open below and the last
    /// above, so the ranges cover every key a live table could hold.
    static func keyRanges(_ ordered: [(RecordNumber, Int)], bounds: [Int]) -> [(lower: [UInt8]?, upper: [UInt8]?)?] {
        let slices = bounds.count - 1
        let holding = (0..<slices).filter { bounds[$0] < bounds[$0 + 1] }
        var ranges = [(lower: [UInt8]?, upper: [UInt8]?)?](repeating: nil, count: slices)
        for (position, slice) in holding.enumerated() {
            let lower = position == 0 ? nil : Array(ordered[bounds[slice]].0.text.utf8)
            let upper = position + 1 < holding.count ? Array(ordered[bounds[holding[position + 1]]].0.text.utf8) : nil
            ranges[slice] = (lower, upper)
        }
        return ranges
    }

    /// `slices + 1` indexes into `weights` cutting it into runs of about equal total weight.
    static func sliceBounds(_ weights: [Int], slices: Int) -> [Int] {
        let total = weights.reduce(0, +)
        var bounds = [0]
        var sum = 0
        for (index, weight) in weights.enumerated() {
            sum += weight
            // Cut after this record when the running total reaches the next slice's share.
            if bounds.count < slices, sum * slices >= total * bounds.count { bounds.append(index + 1) }
        }
        while bounds.count <= slices { bounds.append(weights.count) }
        bounds[slices] = weights.count
        assert(bounds.count == slices + 1 && zip(bounds, bounds.dropFirst()).allSatisfy { $0 <= $1 })
        return bounds
    }

    private static func fold(
        _ records: ArraySlice<(RecordNumber, Int)>, _ recordEvents: GroupedEvents, policy: RetentionPolicy,
        check: (live: LiveTables, lower: [UInt8]?, upper: [UInt8]?)?
    ) throws -> Part {
        var part = Part()
        if let check {
            part.recordsCompared = try check.live.compare(RecordsProjection.records, from: check.lower, upTo: check.upper) { expect in
                try fold(records, recordEvents, policy: policy, into: &part) { key, value in
                    try key.withUnsafeBytes { key in try value.withUnsafeBytes { try expect(key, $0) } }
                }
            }
        } else {
            var states = EntryRun(reservingEntries: records.count, bytes: records.count * 1_024)
            try fold(records, recordEvents, policy: policy, into: &part) { key, value in states.append(key: key, value: value) }
            part.records = states
        }
        part.keys.sortByKey()
        // A record may be found twice under one key: the table holds it once.
        part.keys.removeAdjacentDuplicateKeys()
        part.names.sortByKey()
        part.unchecked.sortByKey()
        part.validation.sortByKey()
        return part
    }

    /// Folds each record, hands its encoded state to `state` in key order and adds its index
    /// entries to `part`.
    private static func fold(
        _ records: ArraySlice<(RecordNumber, Int)>, _ recordEvents: GroupedEvents, policy: RetentionPolicy, into part: inout Part,
        state emit: (_ key: [UInt8], _ value: [UInt8]) throws -> Void
    ) throws {
        var writer = JSONWriter(capacity: 16_384)
        var buffers = RecordIndexEntries.Buffers()
        for (number, index) in records {
            guard let state = try fold(number, index, in: recordEvents) else { continue }
            writer.value(state)
            try emit(Array(number.text.utf8), writer.bytes)
            writer.removeAll()
            RecordIndexEntries.visit(state, policy: policy, buffers: &buffers, into: &part)
        }
    }

    /// The record after all its events, as the live fold leaves it.
    private static func fold(_ number: RecordNumber, _ group: Int, in events: GroupedEvents) throws -> RecordState? {
        var state: RecordState?
        try events.forEach(in: group) { event in
            guard let payload = event.payload else { return }
            let recordEvent: RecordEvent?
            do {
                recordEvent = try RecordEvent.decode(type: event.type, payload: payload, of: number)
            } catch {
                throw ReplayFailure(projection: "records", sequence: event.sequence, reason: "\(error)")
            }
            guard let recordEvent else { return }
            let action = RecordAction(
                userID: String(decoding: event.userID, as: UTF8.self), agency: String(decoding: event.agency, as: UTF8.self),
                at: event.recordedAt, sequence: event.sequence)
            _ = state.fold(recordEvent, number: number, action: action, version: event.version)
        }
        return state
    }
}

/// The record streams' events grouped by stream without an array a record: every reference in
/// one array in log order, each linked to the next of its stream (a million records were a
/// million small arrays, each grown twice on average and freed at the end).
struct GroupedEvents {
    private var events: [RecordsReplay.EventReference] = []
    /// For each event, the position of the next one of its group, or -1.
    private var next: [Int] = []
    private var first: [Int] = []
    private var last: [Int] = []
    private var counts: [Int] = []

    /// Room for `count` events, so the arrays are not copied as they grow.
    mutating func reserve(_ count: Int) {
        events.reserveCapacity(count)
        next.reserveCapacity(count)
    }

    /// A new group holding `event`; returns the group's number.
    mutating func startGroup(with event: RecordsReplay.EventReference) -> Int {
        first.append(events.count)
        last.append(events.count)
        counts.append(1)
        events.append(event)
        next.append(-1)
        return first.count - 1
    }

    mutating func append(_ event: RecordsReplay.EventReference, to group: Int) {
        next[last[group]] = events.count
        last[group] = events.count
        counts[group] += 1
        events.append(event)
        next.append(-1)
    }

    func count(of group: Int) -> Int { counts[group] }

    /// The group's events in the order they were added.
    func forEach(in group: Int, _ body: (RecordsReplay.EventReference) throws -> Void) rethrows {
        var position = first[group]
        while position >= 0 {
            try body(events[position])
            position = next[position]
        }
    }
}
