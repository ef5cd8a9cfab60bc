import LMDB

/// One pass over the log in sequence order checking each record and its link to the one
/// before, stopping at the first broken link.
struct ChainWalk {
    struct Outcome {
        var eventsChecked: UInt64 = 0
        var failures: [VerificationFailure] = []
    }

    let transaction: LedgerReadTransaction
    var outcome = Outcome()
    var previousHash: Digest32
    var previousTime = Int64.min
    /// Redaction event sequence → the events that say it redacted them.
    var pendingRedactions: [UInt64: [UInt64]] = [:]

    init(transaction: LedgerReadTransaction) throws {
        self.transaction = transaction
        self.previousHash = transaction.ledger.identity.genesisHash
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
        if view.computedHash() != view.hash { return failure("stored hash does not match the header") }
        if view.previousHash != previousHash { return failure("previous hash does not match event \(key - 1)") }
        if view.recordedAt < previousTime { return failure("recorded time goes backwards") }
        if let message = checkPayload(view) { return failure(message, .redaction) }
        if view.typeEquals("LedgerPayloadsRedacted"), let mismatch = checkRedactionEvent(view) {
            return mismatch
        }
        previousHash = view.hash
        previousTime = view.recordedAt
        outcome.eventsChecked += 1
        return nil
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

    /// A redaction event must name exactly the events that say it redacted them; a mismatch is
    /// reported at the lowest event on one side only (the one whose record was changed).
    private mutating func checkRedactionEvent(_ view: EventRecordView) -> VerificationFailure? {
        guard let payload = view.payload, let named = try? LedgerRedaction.decode(payload) else {
            return VerificationFailure(
                component: .redaction, sequence: view.sequence, message: "redaction event has no readable list of redacted events")
        }
        let redacted = Set(pendingRedactions.removeValue(forKey: view.sequence) ?? [])
        let mismatched = Set(named.sequences).symmetricDifference(redacted)
        guard let first = mismatched.min() else { return nil }
        return VerificationFailure(
            component: .redaction, sequence: first,
            message: "redaction event \(view.sequence) names \(named.sequences.sorted()) but events \(redacted.sorted()) point to it")
    }

    private mutating func finish() {
        if let (redaction, targets) = pendingRedactions.min(by: { $0.key < $1.key }) {
            outcome.failures.append(VerificationFailure(
                component: .redaction, sequence: targets.min(),
                message: "payload redacted by event \(redaction), which is not a redaction event of this log"))
        }
    }
}
