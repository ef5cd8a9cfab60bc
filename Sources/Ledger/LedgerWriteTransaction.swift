import LMDB

/// The ledger's write transaction: appends events, folding them into the indexes, the Merkle
/// tree and every projection before the one commit that makes them all durable together.
public final class LedgerWriteTransaction: LedgerReadTransaction {
    /// The head as of the last append in this transaction.
    public private(set) var head: LedgerHead
    /// Events written so far; lets the writer tell a command that failed before writing
    /// (its batch can go on) from one that failed halfway (its batch must be redone).
    public private(set) var appendedEventCount = 0
    private var frontier: MerkleFrontier
    private var streamVersions: [String: UInt32] = [:]
    private var headerWriter = ByteWriter(capacity: 256)
    private let writeTransaction: WriteTransaction
    private lazy var projectionStores: [(any Projection, LiveProjectionStore)] = ledger.projections.map { projection in
        (projection, LiveProjectionStore(
            projectionName: projection.name, databases: ledger.projectionDatabases[projection.name]!,
            transaction: writeTransaction))
    }

    /// Writes of any kind made so far in this transaction (appends, redactions, checkpoints).
    public var changeCount: Int { writeTransaction.changeCount }

    init(ledger: Ledger, transaction: WriteTransaction, head: LedgerHead) {
        self.head = head
        self.frontier = head.frontier
        self.writeTransaction = transaction
        super.init(ledger: ledger, transaction: transaction)
    }

    /// The stream's version including this transaction's appends.
    public override func streamVersion(_ stream: String) throws -> UInt32 {
        if let version = streamVersions[stream] { return version }
        let version = try super.streamVersion(stream)
        streamVersions[stream] = version
        return version
    }

    /// Appends one command's events atomically with respect to the command's checks: every
    /// draft is validated, the idempotency key and the expected versions are checked, and only
    /// then is anything written.
    @discardableResult
    public func append(
        _ drafts: [EventDraft], actor: EventActor, idempotencyKey: String? = nil
    ) throws -> AppendOutcome {
        try EventValidation.validate(drafts, actor: actor, idempotencyKey: idempotencyKey)
        if let idempotencyKey, let prior = try idempotentOutcome(for: idempotencyKey) {
            return AppendOutcome(events: prior, isReplay: true)
        }
        let versions = try nextVersions(for: drafts)
        let recordedAt = max(ledger.clock.now(), head.recordedAt)
        let salts = SaltSource.salts(count: drafts.count)
        var appended: [AppendedEvent] = []
        appended.reserveCapacity(drafts.count)
        for (index, draft) in drafts.enumerated() {
            let salt = salts[index * EventRecord.saltByteCount..<(index + 1) * EventRecord.saltByteCount]
            appended.append(try appendOne(
                draft, version: versions[index], actor: actor, recordedAt: recordedAt,
                salt: Array(salt), idempotencyKey: idempotencyKey))
        }
        if let idempotencyKey {
            var value = ByteWriter(capacity: 12)
            value.append(appended[0].sequence)
            value.append(UInt32(appended.count))
            try writeTransaction.put(value.bytes, forKey: Array(idempotencyKey.utf8), in: tables.idempotency,
                                     flags: .noOverwrite)
        }
        return AppendOutcome(events: appended, isReplay: false)
    }

    /// Appends one event; see `append(_:actor:idempotencyKey:)`.
    @discardableResult
    public func append(_ draft: EventDraft, actor: EventActor, idempotencyKey: String? = nil) throws -> AppendedEvent {
        try append([draft], actor: actor, idempotencyKey: idempotencyKey).events[0]
    }

    /// Checks every draft's expected version (a command may append several events to one
    /// stream) and returns the version each will get.
    private func nextVersions(for drafts: [EventDraft]) throws -> [UInt32] {
        var pending: [String: UInt32] = [:]
        var versions: [UInt32] = []
        versions.reserveCapacity(drafts.count)
        for draft in drafts {
            let current = try pending[draft.stream] ?? streamVersion(draft.stream)
            guard draft.expectedVersion.admits(current) else {
                throw LedgerError.versionConflict(stream: draft.stream, expected: draft.expectedVersion, actual: current)
            }
            guard current < UInt32.max - 1 else {
                throw LedgerError.invalidEvent(field: "stream", reason: "stream \(draft.stream) is full")
            }
            pending[draft.stream] = current + 1
            versions.append(current + 1)
        }
        return versions
    }

    private func appendOne(
        _ draft: EventDraft, version: UInt32, actor: EventActor, recordedAt: LedgerTime,
        salt: [UInt8], idempotencyKey: String?
    ) throws -> AppendedEvent {
        let sequence = head.sequence + 1
        let previousHash = head.hash
        let payloadDigest = salt.withUnsafeBytes { salt in
            draft.payload.withUnsafeBytes { EventRecord.payloadDigest(salt: salt, payload: $0) }
        }
        headerWriter.removeAll()
        EventRecord.Header(
            sequence: sequence, recordedAt: recordedAt, streamVersion: version, previousHash: previousHash,
            payloadDigest: payloadDigest, payloadLength: UInt32(draft.payload.count), type: draft.type,
            stream: draft.stream, actor: actor, idempotencyKey: idempotencyKey
        ).encode(into: &headerWriter)
        let hash = try writeRecord(sequence: sequence, salt: salt, payload: draft.payload)
        try writeStreamIndex(stream: draft.stream, version: version, sequence: sequence)
        try extendMerkleTree(eventHash: hash)
        head = LedgerHead(sequence: sequence, hash: hash, recordedAt: recordedAt, frontier: frontier)
        streamVersions[draft.stream] = version
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
    private func writeRecord(sequence: UInt64, salt: [UInt8], payload: [UInt8]) throws -> Digest32 {
        try headerWriter.bytes.withUnsafeBytes { header in
            let hash = Digest32.sha256(header)
            let size = EventRecord.presentRecordSize(headerCount: header.count, payloadCount: payload.count)
            try withUnsafeBytes(of: sequence.bigEndian) { key in
                try writeTransaction.putReserving(count: size, forKey: key, in: tables.events, flags: .append) { destination in
                    salt.withUnsafeBytes { salt in
                        payload.withUnsafeBytes { payload in
                            EventRecord.writePresent(header: header, hash: hash, salt: salt, payload: payload, into: destination)
                        }
                    }
                }
            }
            return hash
        }
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
            let key = LedgerTables.merkleNodeKey(level: node.level, index: node.index)
            try withUnsafeTemporaryAllocation(byteCount: Digest32.byteCount, alignment: 8) { buffer in
                node.hash.store(into: buffer)
                try key.withUnsafeBytes { key in
                    try writeTransaction.put(UnsafeRawBufferPointer(buffer), forKey: key, in: tables.merkleNodes)
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
    /// that names them. Hashes, proofs and checkpoints stay valid; the payloads are gone.
    @discardableResult
    public func redactPayloads(
        of sequences: [UInt64], reason: String, actor: EventActor
    ) throws -> AppendedEvent {
        let targets = try LedgerRedaction.checkTargets(sequences, reason: reason, in: self)
        let payload = try LedgerRedaction.payload(sequences: targets, reason: reason)
        let event = try append(
            EventDraft(type: LedgerRedaction.eventType, stream: LedgerRedaction.stream, payload: payload), actor: actor)
        for sequence in targets {
            let redacted = try withEventView(at: sequence) { EventRecord.redacted($0, bySequence: event.sequence) }!
            try writeTransaction.put(redacted, forKey: BigEndianKey.bytes(sequence), in: tables.events)
        }
        return event
    }

    // MARK: Checkpoints

    /// Signs and stores a checkpoint of the log as it stands in this transaction.
    @discardableResult
    public func createCheckpoint() throws -> Checkpoint {
        guard let key = ledger.signingKey else {
            throw LedgerError.signingKeyMissing(path: ledger.signingKeyPath)
        }
        let checkpoint = try Checkpoint.sign(
            ledgerID: ledger.identity.id, treeSize: head.treeSize, rootHash: head.rootHash, headHash: head.hash,
            createdAt: max(ledger.clock.now(), head.recordedAt), key: key)
        try writeTransaction.put(
            checkpoint.storedBytes, forKey: BigEndianKey.bytes(checkpoint.treeSize), in: tables.checkpoints)
        return checkpoint
    }
}
