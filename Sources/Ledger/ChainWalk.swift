import LMDB

/// One pass over the log in sequence order checking each record and its link to the one
/// before, stopping at the first broken link: every rule of Docs/storage-format.md that one
/// record and its predecessors decide. When asked, it also collects the engine's indexes as
/// the log says they must be, so verify needs no second pass for them.
struct ChainWalk {
    struct Outcome {
        var eventsChecked: UInt64 = 0
        var failures: [VerificationFailure] = []
        /// The stream and idempotency indexes the log implies, when collected.
        var indexes: EngineIndexBuilder?
    }

    let transaction: LedgerReadTransaction
    var outcome = Outcome()
    var previousHash: Digest32
    var previousTime = Int64.min
    /// Each stream's last version so far, by its number in `streams` (when no indexes are
    /// collected): versions must run 1, 2, 3, … in sequence order.
    private var streams = ByteStringNumbering()
    private var streamVersions: [UInt32] = []
    var indexes: EngineIndexBuilder?
    /// Redaction event sequence → the events that say it redacted them.
    var pendingRedactions: [UInt64: [UInt64]] = [:]

    init(transaction: LedgerReadTransaction, collectIndexes: Bool) throws {
        self.transaction = transaction
        self.previousHash = transaction.ledger.identity.genesisHash
        indexes = collectIndexes ? EngineIndexBuilder(expectedEvents: transaction.expectedEventCount()) : nil
    }

    mutating func run() throws -> Outcome {
        try transaction.transaction.withCursor(on: transaction.tables.events) { cursor in
            var entry = try cursor.first()
            var expected: UInt64 = 1
            while let current = entry {
                if let failure = check(current, expected: expected) {
                    outcome.failures.append(failure)
                    return
                }
                expected += 1
                entry = try cursor.next()
            }
            finish()
        }
        outcome.indexes = indexes
        return outcome
    }

    private mutating func check(_ entry: CursorEntry, expected: UInt64) -> VerificationFailure? {
        func failure(_ message: String, _ component: VerificationFailure.Component = .chain) -> VerificationFailure {
            VerificationFailure(component: component, sequence: expected, message: message)
        }
        guard let key = BigEndianKey.uint64(entry.key) else { return failure("a log key is not 8 bytes") }
        if key != expected {
            return failure("event missing: the log goes from \(expected - 1) to \(key)")
        }
        let view: EventRecordView
        do { view = try EventRecordView(entry.value) } catch { return failure("\(error)") }
        if view.sequence != key { return failure("record says sequence \(view.sequence) but is stored under \(key)") }
        if let message = Self.checkText(view) { return failure(message) }
        if view.computedHash() != view.hash { return failure("stored hash does not match the header") }
        if view.previousHash != previousHash { return failure("previous hash does not match event \(key - 1)") }
        if view.recordedAt < previousTime { return failure("recorded time goes backwards") }
        if let message = checkStreamVersion(view) { return failure(message) }
        if let message = checkPayload(view) {
            return failure(message, view.payload == nil ? .redaction : .chain)
        }
        if view.typeEquals("LedgerPayloadsRedacted"), let mismatch = checkRedactionEvent(view) {
            return mismatch
        }
        previousHash = view.hash
        previousTime = view.recordedAt
        outcome.eventsChecked += 1
        return nil
    }

    /// Every string of the header is UTF-8; the stream is named, without a zero byte.
    static func checkText(_ view: EventRecordView) -> String? {
        if !JSONReader.isValidUTF8(view.type) { return "the type is not valid UTF-8" }
        if !JSONReader.isValidUTF8(view.stream) { return "the stream is not valid UTF-8" }
        if !JSONReader.isValidUTF8(view.userID) { return "the actor.userID is not valid UTF-8" }
        if !JSONReader.isValidUTF8(view.agency) { return "the actor.agency is not valid UTF-8" }
        if !JSONReader.isValidUTF8(view.clientAddress) { return "the actor.clientAddress is not valid UTF-8" }
        if !JSONReader.isValidUTF8(view.idempotencyKey) { return "the idempotencyKey is not valid UTF-8" }
        if view.type.isEmpty { return "the event has no type" }
        if view.stream.isEmpty { return "the event names no stream" }
        if view.stream.contains(0) { return "the stream name holds a zero byte" }
        return nil
    }

    private mutating func checkStreamVersion(_ view: EventRecordView) -> String? {
        // One hash lookup a record: the index builder adds the event as it tells the version
        // before it (the checks after this one may still fail, but a walk that fails stops, and
        // its indexes are never compared), or else the versions are kept here.
        let previous = indexes != nil ? indexes!.add(view) : advanceVersion(of: view)
        guard view.streamVersion == previous + 1 else {
            return "stream \(String(decoding: view.stream, as: UTF8.self)) goes from version \(previous) to \(view.streamVersion)"
        }
        return nil
    }

    /// The stream's version before this event; the event's becomes its version if it follows.
    private mutating func advanceVersion(of view: EventRecordView) -> UInt32 {
        let (number, isNew) = streams.number(of: ByteString(view.stream))
        if isNew { streamVersions.append(0) }
        let previous = streamVersions[number]
        if view.streamVersion == previous + 1 { streamVersions[number] = view.streamVersion }
        return previous
    }

    private mutating func checkPayload(_ view: EventRecordView) -> String? {
        if let salt = view.salt, let payload = view.payload {
            return EventRecord.payloadDigest(salt: salt, payload: payload) == view.payloadDigest
                ? nil : "payload does not match its digest"
        }
        guard let redaction = view.redactedBySequence, redaction > view.sequence else {
            return "payload redacted by an event that does not follow it"
        }
        pendingRedactions[redaction, default: []].append(view.sequence)
        return nil
    }

    /// A redaction event must hold a well-formed list and name exactly the events that say it
    /// redacted them; a mismatch is reported at the lowest event on one side only (the one
    /// whose record was changed).
    private mutating func checkRedactionEvent(_ view: EventRecordView) -> VerificationFailure? {
        guard view.stream.elementsEqual(LedgerRedaction.stream.utf8) else {
            return VerificationFailure(component: .redaction, sequence: view.sequence, message: "a redaction event outside the stream \(LedgerRedaction.stream)")
        }
        let named: LedgerRedaction.Payload
        do {
            guard let payload = view.payload else { throw JSONReadError(offset: 0, reason: "the payload was removed") }
            named = try LedgerRedaction.decode(payload)
        } catch {
            return VerificationFailure(component: .redaction, sequence: view.sequence, message: "redaction event's payload breaks the format: \(error)")
        }
        let redacted = Set(pendingRedactions.removeValue(forKey: view.sequence) ?? [])
        let mismatched = Set(named.sequences).symmetricDifference(redacted)
        guard let first = mismatched.min() else { return nil }
        return VerificationFailure(
            component: .redaction, sequence: first,
            message: "redaction event \(view.sequence) names \(named.sequences) but events \(redacted.sorted()) point to it")
    }

    private mutating func finish() {
        if let (redaction, targets) = pendingRedactions.min(by: { $0.key < $1.key }) {
            outcome.failures.append(VerificationFailure(
                component: .redaction, sequence: targets.min(),
                message: "payload redacted by event \(redaction), which is not a redaction event of this log"))
        }
    }
}
