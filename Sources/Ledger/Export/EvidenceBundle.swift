import Foundation

/// The evidence of a discovery bundle, which anyone can check offline with SHA-256 and Ed25519
/// alone: the selected events as stored (`events.bin`), an inclusion proof of each against one
/// signed checkpoint (`proofs.jsonl`, `checkpoint.note`), the ledger's verifier key
/// (`ledger.vkey`), and a consistency proof from an earlier checkpoint the requester kept
/// (`consistency.json`). The domain adds what people read; `seal` signs the whole.
///
/// `events.bin` is each event, in sequence order, as `u32` big-endian length then the record:
/// the stored bytes exactly, except that an event whose payload is withheld keeps its header
/// and hash (so it still proves) and ends in payload state 2 instead of its salt and payload.
public enum EvidenceBundle {
    public static let eventsFile = "events.bin"
    public static let proofsFile = "proofs.jsonl"
    public static let checkpointFile = "checkpoint.note"
    public static let verifierKeyFile = "ledger.vkey"
    public static let consistencyFile = "consistency.json"
    /// Most events one bundle may hold: a bundle is built in memory.
    public static let maximumEvents = 1_000_000

    /// Whether a bundle shows an event's payload.
    public enum PayloadDisclosure: Sendable, Equatable {
        case included
        /// Left out: the digest in the header still binds it.
        case withheld
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The evidence files for `events` (ascending sequences, each at most `treeSize`), proved
    /// against the tree at `treeSize`, and from `earlierTreeSize` to it when given.
    public static func files(
        in transaction: LedgerReadTransaction, events: [(sequence: UInt64, disclosure: PayloadDisclosure)],
        treeSize: UInt64, earlierTreeSize: UInt64?
    ) throws -> [String: [UInt8]] {
        guard events.count <= maximumEvents else { throw Failure(description: "a bundle holds at most \(maximumEvents) events, not \(events.count)") }
        precondition(zip(events, events.dropFirst()).allSatisfy { $0.sequence < $1.sequence }, "events in ascending order, each once")
        precondition(events.last.map { $0.sequence <= treeSize && $0.sequence >= 1 } ?? true, "events within the tree")
        var binary = ByteWriter(capacity: events.count * 700)
        var proofs = JSONLines(capacity: events.count * 1_024)
        for (sequence, disclosure) in events {
            try transaction.withStoredEvent(at: sequence) { event in
                appendRecord(event.view, disclosure: disclosure, to: &binary)
            } ?? { throw Failure(description: "event \(sequence) is not in the log") }()
            let proof = try transaction.inclusionProof(sequence: sequence, treeSize: treeSize)
            proofs.append { writer in
                writer.beginObject()
                writer.key("path")
                writer.beginArray()
                for node in proof.path { writer.string(node.hex) }
                writer.endArray()
                writer.key("sequence")
                writer.uint64(sequence)
                writer.endObject()
            }
        }
        let ledger = transaction.ledger
        var files: [String: [UInt8]] = [
            eventsFile: binary.bytes,
            proofsFile: proofs.bytes,
            checkpointFile: Array(try ledger.checkpointNote(treeSize: treeSize).text.utf8),
            verifierKeyFile: Array((ledger.checkpointVerifierKey + "\n").utf8),
        ]
        if let earlierTreeSize {
            files[consistencyFile] = try consistency(in: transaction, from: earlierTreeSize, to: treeSize)
        }
        return files
    }

    /// The record as stored, or its header and hash with payload state 2 when withheld (a
    /// redacted record is stored without its payload already, and is copied as it is).
    static func appendRecord(_ view: EventRecordView, disclosure: PayloadDisclosure, to writer: inout ByteWriter) {
        guard disclosure == .withheld, view.payload != nil else {
            writer.append(UInt32(view.bytes.count))
            writer.append(bytes: view.bytes)
            return
        }
        let kept = view.header.count + Digest32.byteCount
        writer.append(UInt32(kept + 1))
        writer.append(bytes: UnsafeRawBufferPointer(rebasing: view.bytes[0..<kept]))
        writer.append(EventRecord.payloadWithheld)
    }

    private static func consistency(in transaction: LedgerReadTransaction, from oldSize: UInt64, to newSize: UInt64) throws -> [UInt8] {
        guard oldSize >= 1, oldSize <= newSize else {
            throw Failure(description: "the earlier checkpoint's tree size \(oldSize) is not between 1 and this bundle's \(newSize)")
        }
        let proof = try transaction.consistencyProof(from: oldSize, to: newSize)
        var writer = JSONWriter(capacity: 256 + proof.path.count * 70)
        writer.beginObject()
        writer.key("newRoot")
        writer.string(proof.newRoot.hex)
        writer.key("newSize")
        writer.uint64(proof.newSize)
        writer.key("oldRoot")
        writer.string(proof.oldRoot.hex)
        writer.key("oldSize")
        writer.uint64(proof.oldSize)
        writer.key("path")
        writer.beginArray()
        for node in proof.path { writer.string(node.hex) }
        writer.endArray()
        writer.endObject()
        return writer.bytes + [0x0A]
    }

    /// The bundle: `files` with `manifest.json` listing them and `manifest.note` signing it.
    public static func seal(
        _ files: [String: [UInt8]], export: [UInt8], eventCount: Int, treeSize: UInt64, in transaction: LedgerReadTransaction
    ) throws -> [String: [UInt8]] {
        let ledger = transaction.ledger
        guard let key = ledger.signingKey else { throw LedgerError.signingKeyMissing(path: ledger.signingKeyPath) }
        let manifest = BundleManifest(
            ledgerID: ledger.identity.id, publicKey: ledger.identity.publicKey, treeSize: treeSize,
            rootHash: try transaction.rootHash(treeSize: treeSize), eventCount: eventCount, export: export, files: files)
        let json = manifest.json
        var sealed = files
        sealed[BundleManifest.manifestFile] = json
        sealed[BundleManifest.noteFile] = Array(try manifest.note(manifest: json, key: key).text.utf8)
        return sealed
    }
}

/// JSON Lines: one canonical JSON value a line, each ending in a newline.
public struct JSONLines {
    public private(set) var bytes: [UInt8] = []
    private var writer = JSONWriter(capacity: 4_096)

    public init(capacity: Int = 4_096) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func append(_ write: (inout JSONWriter) -> Void) {
        write(&writer)
        bytes.append(contentsOf: writer.bytes)
        bytes.append(0x0A)
        writer.removeAll()
    }
}
