/// A catalog of streams: for each, its version, first and last sequence, last event type and
/// time. Domain-free, so every ledger can list and count what it holds.
public struct StreamCatalogProjection: Projection {
    public static let table = "streams"

    public let name = "stream-catalog"
    public let tableNames = [StreamCatalogProjection.table]
    public let version: UInt32 = 1

    public init() {}

    public struct Entry: Sendable, Equatable {
        public let version: UInt32
        public let firstSequence: UInt64
        public let lastSequence: UInt64
        public let lastRecordedAt: LedgerTime
        public let lastType: String
    }

    public func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws {
        let key = Array(event.stream.utf8)
        let previous = try store.value(forKey: key, in: Self.table).flatMap(Self.decode)
        var writer = ByteWriter(capacity: 40 + event.type.utf8.count)
        writer.append(event.streamVersion)
        writer.append(previous?.firstSequence ?? event.sequence)
        writer.append(event.sequence)
        writer.append(event.recordedAt.microsecondsSinceEpoch)
        writer.appendString(event.type)
        try store.put(writer.bytes, forKey: key, in: Self.table)
    }

    public static func decode(_ bytes: [UInt8]) -> Entry? {
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            guard let version = try? reader.readUInt32("version"),
                  let first = try? reader.readUInt64("first"),
                  let last = try? reader.readUInt64("last"),
                  let time = try? reader.readInt64("time"),
                  let type = try? reader.readString("type")
            else { return nil }
            return Entry(
                version: version, firstSequence: first, lastSequence: last,
                lastRecordedAt: LedgerTime(microsecondsSinceEpoch: time), lastType: type)
        }
    }

    /// The catalog entry of `stream`, if it has events.
    public static func entry(for stream: String, in reader: any ProjectionReader) throws -> Entry? {
        try reader.value(forKey: Array(stream.utf8), in: table).flatMap(decode)
    }
}
