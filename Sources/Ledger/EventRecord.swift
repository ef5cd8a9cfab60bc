/// The stored form of an event (format 1), as described in Docs/storage-format.md.
///
/// ```
/// header (hashed)  format u8 = 1, sequence u64, recordedAt i64 µs, streamVersion u32,
///                  previousHash [32], payloadDigest [32], payloadLength u32,
///                  type, stream, userID, agency, clientAddress, idempotencyKey (each u16 length + UTF-8)
/// hash [32]        SHA-256(header)
/// state u8         0: salt [16] + payload [payloadLength]    1: redaction event sequence u64
/// ```
/// All integers big-endian. The hash commits to the payload's salted digest, never to the
/// payload, so removing salt and payload (redaction) leaves every hash valid.
enum EventRecord {
    static let formatVersion: UInt8 = 1
    static let saltByteCount = 16
    static let payloadPresent: UInt8 = 0
    static let payloadRedacted: UInt8 = 1
    /// Only in a discovery bundle, never in a ledger: the payload and its salt were left out of
    /// the bundle (the header, and so the hash, is whole).
    static let payloadWithheld: UInt8 = 2

    struct Header {
        var sequence: UInt64
        var recordedAt: LedgerTime
        var streamVersion: UInt32
        var previousHash: Digest32
        var payloadDigest: Digest32
        var payloadLength: UInt32
        var type: String
        var stream: String
        var actor: EventActor
        var idempotencyKey: String?

        static let fixedSize = 1 + 8 + 8 + 4 + 32 + 32 + 4 + 6 * 2

        var encodedSize: Int {
            Header.fixedSize + type.utf8.count + stream.utf8.count + actor.userID.utf8.count
                + actor.agency.utf8.count + actor.clientAddress.utf8.count + (idempotencyKey?.utf8.count ?? 0)
        }

        /// Writes the header at the start of `destination` (which has room for `encodedSize`).
        func encode(into destination: UnsafeMutableRawBufferPointer) {
            var writer = RawWriter(destination)
            writer.append(EventRecord.formatVersion)
            writer.append(sequence)
            writer.append(UInt64(bitPattern: recordedAt.microsecondsSinceEpoch))
            writer.append(streamVersion)
            writer.append(previousHash)
            writer.append(payloadDigest)
            writer.append(payloadLength)
            writer.appendString(type)
            writer.appendString(stream)
            writer.appendString(actor.userID)
            writer.appendString(actor.agency)
            writer.appendString(actor.clientAddress)
            writer.appendString(idempotencyKey ?? "")
            assert(writer.offset == encodedSize)
        }

        func encoded() -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: encodedSize) { buffer, count in
                encode(into: UnsafeMutableRawBufferPointer(buffer))
                count = encodedSize
            }
        }
    }

    /// Writes a whole present record into `destination` (exactly `presentRecordSize` bytes):
    /// the header, its hash, the state, the salt and the payload. Returns the hash.
    static func writePresent(
        header: Header, salt: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer,
        into destination: UnsafeMutableRawBufferPointer
    ) -> Digest32 {
        let headerCount = header.encodedSize
        precondition(destination.count == presentRecordSize(headerCount: headerCount, payloadCount: payload.count))
        header.encode(into: destination)
        let hash = Digest32.sha256(UnsafeRawBufferPointer(rebasing: destination[0..<headerCount]))
        var writer = RawWriter(destination, offset: headerCount)
        writer.append(hash)
        writer.append(payloadPresent)
        writer.append(bytes: salt)
        writer.append(bytes: payload)
        assert(writer.offset == destination.count)
        return hash
    }

    /// The salted payload digest the header commits to.
    static func payloadDigest(salt: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> Digest32 {
        var hasher = SHA256Hasher()
        hasher.update(salt)
        hasher.update(payload)
        return hasher.finalize()
    }

    static func presentRecordSize(headerCount: Int, payloadCount: Int) -> Int {
        headerCount + Digest32.byteCount + 1 + saltByteCount + payloadCount
    }

    static let redactedTrailerSize = Digest32.byteCount + 1 + 8

    /// The record with salt and payload replaced by the sequence of the redaction event.
    static func redacted(_ view: EventRecordView, bySequence redactionSequence: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: view.header.count + redactedTrailerSize)
        writer.append(bytes: view.header)
        writer.append(view.hash)
        writer.append(payloadRedacted)
        writer.append(redactionSequence)
        return writer.bytes
    }
}

/// Error found while reading a stored event record.
public struct EventDecodingError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { "malformed event record: \(reason)" }
}

/// A stored event record parsed in place, without copying: the fast path of verify and rebuild.
struct EventRecordView {
    let bytes: UnsafeRawBufferPointer
    let header: UnsafeRawBufferPointer
    let sequence: UInt64
    let recordedAt: Int64
    let streamVersion: UInt32
    let previousHash: Digest32
    let payloadDigest: Digest32
    let payloadLength: UInt32
    let type: UnsafeRawBufferPointer
    let stream: UnsafeRawBufferPointer
    let userID: UnsafeRawBufferPointer
    let agency: UnsafeRawBufferPointer
    let clientAddress: UnsafeRawBufferPointer
    let idempotencyKey: UnsafeRawBufferPointer
    let hash: Digest32
    /// Salt and payload when present; nil when redacted.
    let salt: UnsafeRawBufferPointer?
    let payload: UnsafeRawBufferPointer?
    let redactedBySequence: UInt64?
    /// The payload was withheld from a discovery bundle (`allowingWithheld` only).
    let withheld: Bool

    /// `allowingWithheld` accepts the payload state of a bundle's withheld events, which a
    /// ledger never holds.
    init(_ bytes: UnsafeRawBufferPointer, allowingWithheld: Bool = false) throws(EventDecodingError) {
        do throws(ByteReader.Malformed) {
            var reader = ByteReader(bytes)
            let format = try reader.readUInt8("format")
            guard format == EventRecord.formatVersion else {
                throw ByteReader.Malformed(offset: 0, reason: "unknown record format \(format)")
            }
            sequence = try reader.readUInt64("sequence")
            recordedAt = try reader.readInt64("recordedAt")
            streamVersion = try reader.readUInt32("streamVersion")
            previousHash = try reader.readDigest("previousHash")
            payloadDigest = try reader.readDigest("payloadDigest")
            payloadLength = try reader.readUInt32("payloadLength")
            type = try reader.readStringBytes("type")
            stream = try reader.readStringBytes("stream")
            userID = try reader.readStringBytes("userID")
            agency = try reader.readStringBytes("agency")
            clientAddress = try reader.readStringBytes("clientAddress")
            idempotencyKey = try reader.readStringBytes("idempotencyKey")
            header = UnsafeRawBufferPointer(rebasing: bytes[0..<reader.offset])
            hash = try reader.readDigest("hash")
            let state = try reader.readUInt8("payload state")
            withheld = state == EventRecord.payloadWithheld && allowingWithheld
            switch state {
            case EventRecord.payloadPresent:
                salt = try reader.readSlice(count: EventRecord.saltByteCount, "salt")
                payload = try reader.readSlice(count: Int(payloadLength), "payload")
                redactedBySequence = nil
            case EventRecord.payloadRedacted:
                salt = nil
                payload = nil
                redactedBySequence = try reader.readUInt64("redaction sequence")
            case EventRecord.payloadWithheld where allowingWithheld:
                salt = nil
                payload = nil
                redactedBySequence = nil
            default:
                throw ByteReader.Malformed(offset: reader.offset - 1, reason: "unknown payload state \(state)")
            }
            try reader.expectEnd("the record")
        } catch {
            throw EventDecodingError(reason: error.description)
        }
        self.bytes = bytes
    }

    func computedHash() -> Digest32 {
        Digest32.sha256(header)
    }

    func typeEquals(_ name: StaticString) -> Bool {
        type.elementsEqual(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    func decode() -> RecordedEvent {
        let state: RecordedEvent.PayloadState
        if let salt, let payload {
            state = .present(salt: [UInt8](salt), payload: [UInt8](payload))
        } else {
            state = .redacted(bySequence: redactedBySequence ?? 0)
        }
        return RecordedEvent(
            sequence: sequence,
            recordedAt: LedgerTime(microsecondsSinceEpoch: recordedAt),
            streamVersion: streamVersion,
            type: String(decoding: type, as: UTF8.self),
            stream: String(decoding: stream, as: UTF8.self),
            actor: EventActor(
                userID: String(decoding: userID, as: UTF8.self),
                agency: String(decoding: agency, as: UTF8.self),
                clientAddress: String(decoding: clientAddress, as: UTF8.self)),
            idempotencyKey: idempotencyKey.isEmpty ? nil : String(decoding: idempotencyKey, as: UTF8.self),
            previousHash: previousHash,
            payloadDigest: payloadDigest,
            payloadLength: payloadLength,
            hash: hash,
            payloadState: state)
    }
}
