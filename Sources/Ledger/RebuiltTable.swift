import LMDB

/// One derived table as the log says it must be: its entries in key order, produced on demand
/// (a million stream-index keys are never held as a million arrays).
struct RebuiltTable: Sendable {
    let database: Database
    let forEachEntry: @Sendable ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Void

    private struct Stop: Error {}

    /// Walks the live table and the expected entries side by side; returns how many entries
    /// were compared and the first difference.
    func compare(with transaction: ReadTransaction) throws -> (Int, LedgerRebuilder.Difference?) {
        let name = database.name
        func difference(_ key: UnsafeRawBufferPointer, _ problem: String) -> LedgerRebuilder.Difference {
            LedgerRebuilder.Difference(table: name, keyHex: LedgerRebuilder.hex(key), problem: problem)
        }
        let extra = "present live but not derivable from the log"
        let missing = "missing from the live table"
        return try transaction.withCursor(on: database) { cursor in
            var live = try cursor.first()
            var compared = 0
            var found: LedgerRebuilder.Difference?
            do {
                try forEachEntry { key, value in
                    guard let current = live else {
                        found = difference(key, missing)
                        throw Stop()
                    }
                    let order = ByteString.compare(current.key, key)
                    if order != 0 {
                        found = order < 0 ? difference(current.key, extra) : difference(key, missing)
                        throw Stop()
                    }
                    guard current.value.elementsEqual(value) else {
                        found = difference(key, "value differs from the replayed one")
                        throw Stop()
                    }
                    compared += 1
                    live = try cursor.next()
                }
            } catch is Stop {
                return (compared, found)
            }
            if let current = live { return (compared, difference(current.key, extra)) }
            return (compared, nil)
        }
    }
}

/// Collects (stream, version) → sequence grouped by stream, then emits them in key order:
/// sorting the distinct streams is far cheaper than sorting one key per event.
struct StreamIndexBuilder {
    private var streams: [ByteString: [(version: UInt32, sequence: UInt64)]] = [:]

    mutating func add(stream: UnsafeRawBufferPointer, version: UInt32, sequence: UInt64) {
        streams[ByteString(stream), default: []].append((version, sequence))
    }

    func table(_ database: Database) -> RebuiltTable {
        let streams = self.streams
        return RebuiltTable(database: database) { body in
            var key: [UInt8] = []
            for stream in streams.keys.sorted() {
                key.removeAll(keepingCapacity: true)
                stream.withUnsafeBytes { key.append(contentsOf: $0) }
                key.append(0)
                let prefixCount = key.count
                for (version, sequence) in streams[stream]!.sorted(by: { $0.version < $1.version }) {
                    key.removeSubrange(prefixCount...)
                    withUnsafeBytes(of: version.bigEndian) { key.append(contentsOf: $0) }
                    try key.withUnsafeBytes { key in
                        try withUnsafeBytes(of: sequence.bigEndian) { try body(key, $0) }
                    }
                }
            }
        }
    }
}
