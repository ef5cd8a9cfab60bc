/// A catalog of streams: for each, its version and the sequence of its last event. Domain-free,
/// so every ledger can list and count what it holds. It takes everything from the event (no read
/// before the write), so it costs one put per event; the last event's type and time are one
/// read away in the log, the first event's in the stream index.
public struct StreamCatalogProjection: Projection {
    public static let table = "streams"

    public let name = "stream-catalog"
    public let tableNames = [StreamCatalogProjection.table]
    public let version: UInt32 = 2

    public init() {}

    public struct Entry: Sendable, Equatable {
        public let version: UInt32
        public let lastSequence: UInt64
    }

    public func apply(_ event: RecordedEvent, to store: any ProjectionStore) throws {
        try store.put(Self.value(version: event.streamVersion, sequence: event.sequence), forKey: Array(event.stream.utf8), in: Self.table)
    }

    static func value(version: UInt32, sequence: UInt64) -> [UInt8] {
        var value = ByteWriter(capacity: 12)
        value.append(version)
        value.append(sequence)
        return value.bytes
    }

    public func makeReplay() -> any ProjectionReplay { Replay() }

    public func source(ofKey key: [UInt8], in table: String) -> DerivedEntrySource? {
        .stream(String(decoding: key, as: UTF8.self))
    }

    /// Each stream's last event, kept as the log passes; nothing decoded.
    final class Replay: ProjectionReplay {
        private var streams = ByteStringNumbering()
        /// Each stream's last version and sequence, by its number in `streams`.
        private var last: [(version: UInt32, sequence: UInt64)] = []

        func expect(events count: Int) {
            streams.reserveCapacity(ByteStringNumbering.expectedStreams(ofEvents: count))
        }

        func add(_ event: StoredEvent) throws {
            let (number, isNew) = streams.number(of: ByteString(event.stream))
            if isNew {
                last.append((event.streamVersion, event.sequence))
            } else {
                last[number] = (event.streamVersion, event.sequence)
            }
        }

        /// Packed into one run and sorted there: an array a key and a value were two million
        /// allocations at a million streams, and a second on the replay's path.
        func finish() throws -> [String: ReplayedTable] {
            var run = EntryRun(reservingEntries: last.count, bytes: last.count * 40)
            var value = ByteWriter(capacity: 12)
            for (stream, entry) in zip(streams.keys, last) {
                value.removeAll()
                value.append(entry.version)
                value.append(entry.sequence)
                stream.withUnsafeBytes { key in value.bytes.withUnsafeBytes { run.append(key: key, value: $0) } }
            }
            run.sortByKey()
            return [StreamCatalogProjection.table: ReplayedTable(runs: [run])]
        }
    }

    public static func decode(_ bytes: [UInt8]) -> Entry? {
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            guard let version = try? reader.readUInt32("version"), let last = try? reader.readUInt64("last"),
                  reader.remaining == 0
            else { return nil }
            return Entry(version: version, lastSequence: last)
        }
    }

    /// The catalog entry of `stream`, if it has events.
    public static func entry(for stream: String, in reader: any ProjectionReader) throws -> Entry? {
        try reader.value(forKey: Array(stream.utf8), in: table).flatMap(decode)
    }
}
