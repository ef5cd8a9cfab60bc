import Ledger

/// Computes the answer of every kind of read from the log up to a position: the one code path
/// behind each live answer and each re-derivation of a past one. Answers leave it disclosed
/// (`Disclosure`), judged by the records as they stand at `position`.
struct RecordReader {
    let transaction: LedgerReadTransaction
    /// The last event the answer may see.
    let position: UInt64
    /// The records projection's tables as they stood at `position`: the live ones (at the head
    /// of the snapshot), or replayed to `position`. Nil when no search needs them: the current
    /// state of a record is then folded from its events.
    let records: (any ProjectionReader)?
    let policy: RetentionPolicy

    /// A reader at the head of `transaction`'s snapshot.
    static func live(_ transaction: LedgerReadTransaction, policy: RetentionPolicy) throws -> RecordReader {
        RecordReader(transaction: transaction, position: try transaction.lastSequence(),
                     records: transaction.tables(of: RecordsProjection.self), policy: policy)
    }

    /// The record's events up to `position`, in order.
    func events(of number: RecordNumber) throws -> [RecordedEvent] {
        try transaction.streamEvents(number.stream, throughSequence: position)
    }

    /// The record as it stands at `position`.
    func current(_ number: RecordNumber) throws -> RecordState? {
        if let records { return try RecordsProjection.state(of: number, in: records) }
        return try Self.fold(try events(of: number), number: number)
    }

    // MARK: Answers

    func search(_ query: RecordQuery, context: QueryContext, asOf: LedgerTime) throws -> [SearchHit] {
        guard let records else { preconditionFailure("a search reads the records projection") }
        return try RecordSearch.run(query, context: context, in: records, asOf: asOf, policy: policy)
            .map { Disclosure.disclose($0, purpose: context.purpose) }
    }

    /// Whether the record is current at `time`, in force or a lapsed registration
    /// (`RecordState.isCurrent`); an unknown record is: the answer will say it does not exist.
    func isInForce(_ number: RecordNumber, at time: LedgerTime) throws -> Bool {
        try isInForce(current(number), at: time)
    }

    func isInForce(_ current: RecordState?, at time: LedgerTime) -> Bool {
        guard let current else { return true }
        return current.isCurrent(current.status(at: time, policy: policy))
    }

    /// A read refused because the record is out of force now and the reader may not read the
    /// historical file.
    struct HistoricalFileRefused: Error {}

    /// The record now, as of a sequence, or as of a moment; nil when it did not exist then.
    /// Throws `HistoricalFileRefused` for a record out of force now unless `mayReadHistoricalFile`.
    func record(
        _ number: RecordNumber, read: RecordRead, asOf now: LedgerTime, purpose: PurposeCode, mayReadHistoricalFile: Bool = true
    ) throws -> SearchHit? {
        let current = try self.current(number)
        guard mayReadHistoricalFile || isInForce(current, at: now) else { throw HistoricalFileRefused() }
        let shown: RecordState?
        let moment: LedgerTime?
        switch read {
        case .record:
            (shown, moment) = (current, now)
        case .recordAsOfSequence(let sequence):
            let events = try events(of: number).filter { $0.sequence <= sequence }
            (shown, moment) = (try Self.fold(events, number: number), events.last?.recordedAt)
        case .recordAsOfTime(let time):
            (shown, moment) = (try Self.fold(try events(of: number).filter { $0.recordedAt <= time }, number: number), time)
        case .search, .history, .accesses, .timeline, .subject, .activity, .discovery:
            preconditionFailure("\(read.kind) is not a read of one record")
        }
        guard let shown, let moment else { return nil }
        return SearchHit(record: Disclosure.disclose(shown, purpose: purpose, current: current),
                         status: shown.status(at: moment, policy: policy), score: nil)
    }

    /// Every event of the record with the record as it left it, less the steps that added
    /// entries of arrests withheld from `purpose` (a step alone would tell that they exist).
    func history(of number: RecordNumber, purpose: PurposeCode) throws -> [RecordHistory.Step] {
        let events = try events(of: number)
        var folded: [(state: RecordState?, entry: RecordState.HistoryItem?)] = []
        folded.reserveCapacity(events.count)
        var state: RecordState?
        for event in events {
            let before = state?.history.count ?? 0
            state = try Self.fold(state, event, number: number)
            // The rap-sheet entry the event added or corrected: its step is withheld with it.
            let added = (state?.history.count ?? 0) > before ? state?.history.last
                : state?.history.first { $0.corrections?.last?.by.sequence == event.sequence }
            folded.append((state, added))
        }
        let current = state
        return zip(events, folded).compactMap { event, step in
            if let entry = step.entry, Disclosure.withholds(entry, purpose: purpose, current: current) { return nil }
            return RecordHistory.Step(
                sequence: event.sequence, version: event.streamVersion, type: event.type, recordedAt: event.recordedAt,
                actor: event.actor, record: event.isRedacted ? nil : step.state.map { Disclosure.disclose($0, purpose: purpose, current: current) },
                isRedacted: event.isRedacted)
        }
    }

    /// Every read up to `position` whose answer showed the record.
    func accesses(to number: RecordNumber) throws -> [RecordHistory.Access] {
        try accessSequences(to: number).compactMap { sequence in
            guard let event = try transaction.event(at: sequence), let payload = event.payload else { return nil }
            let access = try AccessRecord(canonicalJSON: payload)
            guard let returned = access.results.last(where: { $0.number == number }) else { return nil }
            return RecordHistory.Access(
                sequence: sequence, recordedAt: event.recordedAt, actor: event.actor, read: access.read, purpose: access.context.purpose,
                caseNumber: access.context.caseNumber, query: access.query, version: returned.version)
        }
    }

    /// The access events up to `position` whose answer showed the record, ascending.
    func accessSequences(to number: RecordNumber) throws -> [UInt64] {
        try sequences(in: RecordsProjection.accesses, under: Array(number.text.utf8) + [0])
    }

    /// The sequences up to `position` that end the keys under `prefix` (a prefix, then a u64
    /// big-endian sequence), ascending.
    func sequences(in table: String, under prefix: [UInt8]) throws -> [UInt64] {
        var sequences: [UInt64] = []
        try forEachSequence(in: table, under: prefix) { sequence, _ in sequences.append(sequence) }
        return sequences
    }

    /// Each sequence up to `position` that ends a key under `prefix`, with the entry's value
    /// (lent in place, valid only during `body`).
    func forEachSequence(in table: String, under prefix: [UInt8], _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        guard let records else { preconditionFailure("the access log is read from the records projection") }
        try records.forEachInPlace(in: table, keyPrefix: prefix) { key, value in
            guard key.count == prefix.count + 8 else { return true }
            let sequence = key[prefix.count...].reduce(0) { $0 << 8 | UInt64($1) }
            guard sequence <= position else { return false }
            try body(sequence, value)
            return true
        }
    }

    // MARK: Folding

    /// The record after `events`. A modification replaces the whole facts, so the facts of
    /// earlier modifications (and of earlier changes to the facts alone) never reach the
    /// result: their payloads, most of a long record's bytes, are not decoded, only counted.
    /// Payloads that do not decode are verify's to find, not a read's.
    static func fold(_ events: [RecordedEvent], number: RecordNumber) throws -> RecordState? {
        let lastModification = events.lastIndex { $0.type == RecordEvent.modifiedType && $0.payload != nil } ?? -1
        var state: RecordState?
        for (index, event) in events.enumerated() {
            if index < lastModification, RecordEvent.changesFactsOnly(type: event.type), event.payload != nil {
                state.advance(version: event.streamVersion, sequence: event.sequence, at: event.recordedAt)
                continue
            }
            state = try fold(state, event, number: number)
        }
        return state
    }

    /// Every event folded one at a time, each decoded (what `fold(_:number:)` must equal).
    static func foldEach(_ events: [RecordedEvent], number: RecordNumber) throws -> RecordState? {
        var state: RecordState?
        for event in events { state = try fold(state, event, number: number) }
        return state
    }

    static func fold(_ state: RecordState?, _ event: RecordedEvent, number: RecordNumber) throws -> RecordState? {
        guard let payload = event.payload, let recordEvent = try RecordEvent(type: event.type, payload: payload) else { return state }
        let action = RecordAction(userID: event.actor.userID, agency: event.actor.agency, at: event.recordedAt, sequence: event.sequence)
        var folded = state
        _ = folded.fold(recordEvent, number: number, action: action, version: event.streamVersion)
        return folded
    }
}

/// The digest an access event keeps of the answer it released: SHA-256 of the answer's
/// canonical JSON (an array of hits, steps or accesses; a hit or `null` for a read by number).
enum AnswerDigest {
    static func of<Value: CanonicalJSON>(_ values: [Value]) -> Digest32 {
        var writer = JSONWriter(capacity: 4_096)
        writer.array(values)
        return Digest32.sha256(writer.bytes)
    }

    /// `capacity`: the answer's expected size, so a large one is not copied as it grows.
    static func of(value: some CanonicalJSON, capacity: Int = 4_096) -> Digest32 {
        Digest32.sha256(value.canonicalJSON(capacity: capacity))
    }

    static func of(_ hit: SearchHit?) -> Digest32 {
        var writer = JSONWriter(capacity: 4_096)
        if let hit { writer.value(hit) } else { writer.null() }
        return Digest32.sha256(writer.bytes)
    }
}
