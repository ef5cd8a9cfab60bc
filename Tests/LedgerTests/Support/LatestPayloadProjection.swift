import Ledger

/// A test projection that keeps data from payloads, to show the redaction rule: for each
/// stream, its last event's sequence and payload (or a marker once that payload is destroyed).
struct LatestPayloadProjection: Projection {
    static let latest = "latest"
    static let streamOfSequence = "stream-of-sequence"
    static let redactedMarker = Array("<redacted>".utf8)

    let name = "latest-payload"
    let tableNames = [LatestPayloadProjection.latest, LatestPayloadProjection.streamOfSequence]
    let version: UInt32 = 1

    func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws {
        if event.type == LedgerRedaction.eventType, let payload = event.payload {
            let redaction = try payload.withUnsafeBytes { try LedgerRedaction.decode($0) }
            for sequence in redaction.sequences {
                let key = Self.sequenceKey(sequence)
                if let stream = try store.value(forKey: key, in: Self.streamOfSequence) {
                    try store.put(Self.value(sequence: sequence, payload: nil), forKey: stream, in: Self.latest)
                }
            }
        }
        let streamKey = Array(event.stream.utf8)
        if let previous = try store.value(forKey: streamKey, in: Self.latest) {
            try store.removeValue(forKey: Array(previous.prefix(8)), in: Self.streamOfSequence)
        }
        try store.put(Self.value(sequence: event.sequence, payload: event.payload), forKey: streamKey, in: Self.latest)
        try store.put(streamKey, forKey: Self.sequenceKey(event.sequence), in: Self.streamOfSequence)
    }

    static func sequenceKey(_ sequence: UInt64) -> [UInt8] {
        withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
    }

    static func value(sequence: UInt64, payload: [UInt8]?) -> [UInt8] {
        sequenceKey(sequence) + (payload ?? redactedMarker)
    }

    /// The payload the projection holds for `stream` (the marker when redacted), if any.
    static func payload(of stream: String, in reader: any ProjectionReader) throws -> [UInt8]? {
        try reader.value(forKey: Array(stream.utf8), in: latest).map { Array($0.dropFirst(8)) }
    }
}
