import LMDB

/// The ledger's write transaction: appends events, folding them into the indexes, the Merkle
/// tree and every projection before the one commit that makes them all durable together.
public final class LedgerWriteTransaction: LedgerReadTransaction {
    /// The head as of the last append in this transaction.
    public var head: LedgerHead {
        LedgerHead(sequence: lastSequence, hash: lastHash, recordedAt: lastRecordedAt, frontier: frontier)
    }
    private var lastSequence: UInt64
    private var lastHash: Digest32
    private var lastRecordedAt: LedgerTime
    /// Events written so far; lets the writer tell a command that failed before writing
    /// (its batch can go on) from one that failed halfway (its batch must be redone).
    public private(set) var appendedEventCount = 0
    private var frontier: MerkleFrontier
    private var salts = SaltPool()
    private let writeTransaction: WriteTransaction
    private lazy var projectionStores: [(any Projection, LiveProjectionStore)] = ledger.projections.map { projection in
        (projection, LiveProjectionStore(
            projectionName: projection.name, databases: ledger.projectionDatabases[projection.name]!,
            transaction: writeTransaction))
    }

    /// Writes of any kind made so far in this transaction (appends, redactions, checkpoints).
    public var changeCount: Int { writeTransaction.changeCount }

    init(ledger: Ledger, transaction: WriteTransaction, head: LedgerHead) {
        self.lastSequence = head.sequence
        self.lastHash = head.hash
        self.lastRecordedAt = head.recordedAt
        self.frontier = head.frontier
        self.writeTransaction = transaction
        super.init(ledger: ledger, transaction: transaction)
    }

    /// Appends one command's events atomically with respect to the command's checks: every
    /// draft is validated, the idempotency key and the expected versions are checked, and only
    /// then is anything written.
    @discardableResult
    public func append(
        _ drafts: [EventDraft], actor: EventActor, idempotencyKey: IdempotencyKey? = nil
    ) throws -> AppendOutcome {
        try EventValidation.validate(drafts, actor: actor, idempotencyKey: idempotencyKey)
        if let prior = try priorOutcome(idempotencyKey) {
            return AppendOutcome(events: prior, isReplay: true)
        }
        let idempotencyKey = idempotencyKey?.stored
        let versions = try nextVersions(for: drafts)
        let recordedAt = max(ledger.clock.now(), lastRecordedAt)
        var appended: [AppendedEvent] = []
        appended.reserveCapacity(drafts.count)
        for (index, draft) in drafts.enumerated() {
            appended.append(try appendOne(
                draft, version: versions[index], actor: actor, recordedAt: recordedAt,
                salt: salts.next(), idempotencyKey: idempotencyKey))
        }
        try recordIdempotency(key: idempotencyKey, first: appended[0].sequence, count: appended.count)
        return AppendOutcome(events: appended, isReplay: false)
    }

    /// Appends one event; see `append(_:actor:idempotencyKey:)`. A replayed idempotency key
    /// returns the first event the earlier command appended.
    @discardableResult
    public func append(_ draft: EventDraft, actor: EventActor, idempotencyKey: IdempotencyKey? = nil) throws -> AppendedEvent {
        // The path every single-event command takes, without the arrays of the general one.
        try EventValidation.validate(draft, actor: actor, idempotencyKey: idempotencyKey)
        if let prior = try priorOutcome(idempotencyKey) {
            return prior[0]
        }
        let idempotencyKey = idempotencyKey?.stored
        let version = try nextVersion(for: draft, current: try streamVersion(draft.stream))
        let event = try appendOne(
            draft, version: version, actor: actor, recordedAt: max(ledger.clock.now(), lastRecordedAt),
            salt: salts.next(), idempotencyKey: idempotencyKey)
        try recordIdempotency(key: idempotencyKey, first: event.sequence, count: 1)
        return event
    }

    /// The earlier outcome of the same request, nil for a new key; a key bound to another
    /// request is refused.
    private func priorOutcome(_ key: IdempotencyKey?) throws -> [AppendedEvent]? {
        guard let key else { return nil }
        switch try idempotentOutcome(for: key) {
        case .unused: return nil
        case .replay(let prior): return prior
        case .conflict(let first): throw LedgerError.idempotencyKeyReused(key: key.key, firstSequence: first)
        }
    }

    private func recordIdempotency(key: String?, first: UInt64, count: Int) throws {
        guard let key else { return }
        var value = ByteWriter(capacity: 12)
        value.append(first)
        value.append(UInt32(count))
        try writeTransaction.put(value.bytes, forKey: Array(key.utf8), in: tables.idempotency, flags: .noOverwrite)
    }

    /// Checks every draft's expected version (a command may append several events to one
    /// stream) and returns the version each will get.
    private func nextVersions(for drafts: [EventDraft]) throws -> [UInt32] {
        // Keyed by bytes: two streams whose names are canonically equivalent Unicode are still two streams.
        var pending: [ByteString: UInt32] = [:]
        var versions: [UInt32] = []
        versions.reserveCapacity(drafts.count)
        for draft in drafts {
            let stream = ByteString(Array(draft.stream.utf8))
            let version = try nextVersion(for: draft, current: try pending[stream] ?? streamVersion(draft.stream))
            pending[stream] = version
            versions.append(version)
        }
        return versions
    }

    private func nextVersion(for draft: EventDraft, current: UInt32) throws -> UInt32 {
        guard draft.expectedVersion.admits(current) else {
            throw LedgerError.versionConflict(stream: draft.stream, expected: draft.expectedVersion, actual: current)
        }
        guard current < UInt32.max - 1 else {
            throw LedgerError.invalidEvent(field: "stream", reason: "stream \(draft.stream) is full")
        }
        return current + 1
    }

    private func appendOne(
        _ draft: EventDraft, version: UInt32, actor: EventActor, recordedAt: LedgerTime,
        salt: [UInt8], idempotencyKey: String?
    ) throws -> AppendedEvent {
        let sequence = lastSequence + 1
        let previousHash = lastHash
        let payloadDigest = salt.withUnsafeBytes { salt in
            draft.payload.withUnsafeBytes { EventRecord.payloadDigest(salt: salt, payload: $0) }
        }
        let header = EventRecord.Header(
            sequence: sequence, recordedAt: recordedAt, streamVersion: version, previousHash: previousHash,
            payloadDigest: payloadDigest, payloadLength: UInt32(draft.payload.count), type: draft.type,
            stream: draft.stream, actor: actor, idempotencyKey: idempotencyKey)
        let hash = try writeRecord(header, salt: salt, payload: draft.payload)
        try writeStreamIndex(stream: draft.stream, version: version, sequence: sequence)
        try extendMerkleTree(eventHash: hash)
        (lastSequence, lastHash, lastRecordedAt) = (sequence, hash, recordedAt)
        appendedEventCount += 1
        if !ledger.projections.isEmpty {
            let event = RecordedEvent(
                sequence: sequence, recordedAt: recordedAt, streamVersion: version, type: draft.type,
                stream: draft.stream, actor: actor, idempotencyKey: idempotencyKey, previousHash: previousHash,
                payloadDigest: payloadDigest, payloadLength: UInt32(draft.payload.count), hash: hash,
                payloadState: .present(salt: salt, payload: draft.payload))
            try fold(event)
        }
        return AppendedEvent(
            sequence: sequence, stream: draft.stream, streamVersion: version, type: draft.type,
            recordedAt: recordedAt, hash: hash)
    }

    /// Writes the record in place in the map, with `MDB_APPEND` (sequences only grow).
    private func writeRecord(_ header: EventRecord.Header, salt: [UInt8], payload: [UInt8]) throws -> Digest32 {
        let size = EventRecord.presentRecordSize(headerCount: header.encodedSize, payloadCount: payload.count)
        var hash = Digest32.zero
        try withUnsafeBytes(of: header.sequence.bigEndian) { key in
            try writeTransaction.putReserving(count: size, forKey: key, in: tables.events, flags: .append) { destination in
                salt.withUnsafeBytes { salt in
                    payload.withUnsafeBytes { payload in
                        hash = EventRecord.writePresent(header: header, salt: salt, payload: payload, into: destination)
                    }
                }
            }
        }
        return hash
    }

    private func writeStreamIndex(stream: String, version: UInt32, sequence: UInt64) throws {
        let key = LedgerTables.streamIndexKey(stream: stream, version: version)
        try withUnsafeBytes(of: sequence.bigEndian) { value in
            try key.withUnsafeBytes { key in
                try writeTransaction.put(value, forKey: key, in: tables.streamIndex, flags: .noOverwrite)
            }
        }
    }

    private func extendMerkleTree(eventHash: Digest32) throws {
        try frontier.append(leafHash: MerkleHashing.leafHash(eventHash: eventHash)) { node in
            let position = LedgerTables.merkleNodePosition(level: node.level, index: node.index)
            try withUnsafeTemporaryAllocation(byteCount: Digest32.byteCount, alignment: 8) { buffer in
                node.hash.store(into: buffer)
                try withUnsafeBytes(of: position.bigEndian) { key in
                    try writeTransaction.put(UnsafeRawBufferPointer(buffer), forKey: key, in: tables.merkleNodes, flags: .append)
                }
            }
        }
    }

    private func fold(_ event: RecordedEvent) throws {
        for (projection, store) in projectionStores {
            try projection.apply(event, to: store)
        }
    }

    // MARK: Redaction

    /// Removes the salt and payload of each event in `sequences`, recording why in a new event
    /// that names them. Hashes, proofs and checkpoints stay valid; the payloads are gone, and so
    /// is everything a projection derived from them: each projection folding a touched stream
    /// is folded again from the log in this transaction (a whole replay: seconds on a large
    /// ledger, which a court-ordered destruction can afford).
    @discardableResult
    public func redactPayloads(
        of sequences: [UInt64], reason: String, actor: EventActor
    ) throws -> AppendedEvent {
        let targets = try LedgerRedaction.checkTargets(sequences, reason: reason, in: self)
        let payload = try LedgerRedaction.payload(sequences: targets, reason: reason)
        let event = try append(
            EventDraft(type: LedgerRedaction.eventType, stream: LedgerRedaction.stream, payload: payload), actor: actor)
        var streams: [String] = []
        for sequence in targets {
            let redacted = try withEventView(at: sequence) { view in
                streams.append(String(decoding: view.stream, as: UTF8.self))
                return EventRecord.redacted(view, bySequence: event.sequence)
            }!
            try writeTransaction.put(redacted, forKey: BigEndianKey.bytes(sequence), in: tables.events)
        }
        // What the projections folded from the removed payloads must go too: each projection
        // that folds one of the touched streams is folded again from the log as it now is.
        let affected = ledger.projections.filter { projection in
            projection.streamPrefixes.isEmpty || streams.contains { stream in projection.streamPrefixes.contains { stream.hasPrefix($0) } }
        }
        try LedgerRebuilder.refold(self, projections: affected)
        return event
    }

    // MARK: Checkpoints

    /// Signs and stores a checkpoint of the log as it stands in this transaction; an empty log
    /// has nothing to sign.
    @discardableResult
    public func createCheckpoint() throws -> Checkpoint {
        guard let key = ledger.signingKey else {
            throw LedgerError.signingKeyMissing(path: ledger.signingKeyPath)
        }
        guard head.treeSize > 0 else { throw LedgerError.invalidTreeSize(requested: 0, available: 0) }
        let checkpoint = try Checkpoint.sign(
            ledgerID: ledger.identity.id, treeSize: head.treeSize, rootHash: head.rootHash, headHash: head.hash,
            createdAt: max(ledger.clock.now(), lastRecordedAt), key: key)
        try writeTransaction.put(
            checkpoint.storedBytes, forKey: BigEndianKey.bytes(checkpoint.treeSize), in: tables.checkpoints)
        return checkpoint
    }
}
