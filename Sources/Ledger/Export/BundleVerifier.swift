import Foundation

/// Checks a discovery bundle offline, from its files alone: the manifest's signature by the
/// ledger's key (the one the holder trusts, when given), every file's size and SHA-256 against
/// the manifest and no file unlisted, the checkpoint note's signature and tree, each event's
/// record (its hash recomputed, an included payload against its salted digest), each event's
/// inclusion proof against the checkpoint, the consistency proof from an earlier checkpoint,
/// and that the readable rendering names the same events. Every finding names its file, and
/// its event when it has one.
public enum BundleVerifier {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let sequence: UInt64?
        public let message: String

        public var description: String { file + (sequence.map { " event \($0)" } ?? "") + ": " + message }
    }

    public struct Report: Sendable {
        public var findings: [Finding] = []
        public var ledgerID: String?
        public var treeSize: UInt64?
        public var rootHash: Digest32?
        public var events = 0
        public var withheld = 0
        public var redacted = 0
        public var earlierTreeSize: UInt64?
        public var holds: Bool { findings.isEmpty }
    }

    /// The readable rendering of the events, one JSON object a line (the domain writes it).
    public static let renderingFile = "events.jsonl"

    public static func verify(_ files: [String: [UInt8]], trustedKey: String? = nil) -> Report {
        var report = Report()
        // Apart from the report, which the checks fill in while they fail.
        var findings: [Finding] = []
        func fail(_ file: String, _ sequence: UInt64? = nil, _ message: String) {
            findings.append(Finding(file: file, sequence: sequence, message: message))
        }
        guard let key = verifierKey(files, trustedKey: trustedKey, fail: fail) else { report.findings = findings; return report }
        guard let manifest = manifest(files, key: key, fail: fail) else { report.findings = findings; return report }
        report.ledgerID = manifest.ledgerID
        report.treeSize = manifest.treeSize
        report.rootHash = manifest.rootHash
        checkFiles(files, listed: manifest.files, fail: fail)
        checkCheckpoint(files, manifest: manifest, key: key, fail: fail)
        let events = checkEvents(files, manifest: manifest, report: &report, fail: fail)
        checkProofs(files, events: events, manifest: manifest, fail: fail)
        report.earlierTreeSize = checkConsistency(files, manifest: manifest, fail: fail)
        checkRendering(files, events: events, fail: fail)
        report.findings = findings
        return report
    }

    // MARK: Key and manifest

    private static func verifierKey(
        _ files: [String: [UInt8]], trustedKey: String?, fail: (String, UInt64?, String) -> Void
    ) -> (name: String, publicKey: [UInt8])? {
        let file = EvidenceBundle.verifierKeyFile
        guard let bytes = files[file], let text = String(validating: bytes, as: UTF8.self) else {
            fail(file, nil, "missing or not UTF-8")
            return nil
        }
        let bundled: (name: String, publicKey: [UInt8])
        do { bundled = try SignedNote.parseVerifierKey(text) } catch {
            fail(file, nil, error.description)
            return nil
        }
        guard let trustedKey else { return bundled }
        guard let trusted = try? SignedNote.parseVerifierKey(trustedKey) else {
            fail("(trusted key)", nil, "the key given is not a verifier key (name+keyid+base64)")
            return nil
        }
        guard trusted == bundled else {
            fail(file, nil, "the bundle is signed by another key (\(bundled.name)) than the one trusted (\(trusted.name))")
            return nil
        }
        return trusted
    }

    struct Manifest {
        let ledgerID: String
        let treeSize: UInt64
        let rootHash: Digest32
        let eventCount: Int
        let files: [(path: String, size: Int, sha256: String)]
    }

    private static func manifest(
        _ files: [String: [UInt8]], key: (name: String, publicKey: [UInt8]), fail: (String, UInt64?, String) -> Void
    ) -> Manifest? {
        let (jsonFile, noteFile) = (BundleManifest.manifestFile, BundleManifest.noteFile)
        guard let json = files[jsonFile] else { fail(jsonFile, nil, "missing"); return nil }
        guard let noteBytes = files[noteFile], let noteText = String(validating: noteBytes, as: UTF8.self),
              let note = try? SignedNote(parsing: noteText)
        else { fail(noteFile, nil, "missing or not a signed note"); return nil }
        guard note.isSigned(by: key.name, publicKey: key.publicKey) else {
            fail(noteFile, nil, "not signed by the ledger's key \(key.name)")
            return nil
        }
        guard note.body == BundleManifest.noteBody(origin: key.name, manifest: json) else {
            fail(jsonFile, nil, "its SHA-256 is not the one the signed note names (the manifest was changed)")
            return nil
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
              object["format"] as? String == BundleManifest.format,
              let ledger = object["ledger"] as? [String: Any], let id = ledger["id"] as? String,
              ledger["origin"] as? String == key.name, ledger["publicKey"] as? String == TextEncoding.hex(key.publicKey),
              let checkpoint = object["checkpoint"] as? [String: Any], let size = (checkpoint["treeSize"] as? NSNumber)?.uint64Value,
              let root = (checkpoint["rootHash"] as? String).flatMap(Digest32.init(hex:)),
              let count = (object["events"] as? NSNumber)?.intValue, let listed = object["files"] as? [[String: Any]]
        else { fail(jsonFile, nil, "not a \(BundleManifest.format) manifest of this ledger's key"); return nil }
        var entries: [(path: String, size: Int, sha256: String)] = []
        for entry in listed {
            guard let path = entry["path"] as? String, let size = (entry["size"] as? NSNumber)?.intValue, let digest = entry["sha256"] as? String else {
                fail(jsonFile, nil, "a file entry without path, size and sha256")
                return nil
            }
            entries.append((path, size, digest))
        }
        return Manifest(ledgerID: id, treeSize: size, rootHash: root, eventCount: count, files: entries)
    }

    private static func checkFiles(_ files: [String: [UInt8]], listed: [(path: String, size: Int, sha256: String)], fail: (String, UInt64?, String) -> Void) {
        for entry in listed {
            guard let bytes = files[entry.path] else { fail(entry.path, nil, "listed in the manifest but missing"); continue }
            if bytes.count != entry.size {
                fail(entry.path, nil, "holds \(bytes.count) bytes, the manifest says \(entry.size)")
            } else if Digest32.sha256(bytes).hex != entry.sha256 {
                fail(entry.path, nil, "its SHA-256 is not the manifest's (the file was changed)")
            }
        }
        let known = Set(listed.map(\.path) + [BundleManifest.manifestFile, BundleManifest.noteFile])
        for path in files.keys.sorted() where !known.contains(path) {
            fail(path, nil, "not listed in the manifest (a file was added)")
        }
    }

    private static func checkCheckpoint(
        _ files: [String: [UInt8]], manifest: Manifest, key: (name: String, publicKey: [UInt8]), fail: (String, UInt64?, String) -> Void
    ) {
        let file = EvidenceBundle.checkpointFile
        guard let bytes = files[file], let text = String(validating: bytes, as: UTF8.self), let note = try? CheckpointNote(parsing: text) else {
            fail(file, nil, "missing or not a checkpoint note")
            return
        }
        if !note.isSigned(by: key.name, publicKey: key.publicKey) { fail(file, nil, "not signed by the ledger's key \(key.name)") }
        if note.origin != key.name { fail(file, nil, "the checkpoint is of \(note.origin), not \(key.name)") }
        if note.treeSize != manifest.treeSize || note.rootHash != manifest.rootHash {
            fail(file, nil, "the checkpoint is of tree size \(note.treeSize), root \(note.rootHash.hex); the manifest's is \(manifest.treeSize), \(manifest.rootHash.hex)")
        }
    }

    /// A bundled event: what the proofs and the rendering are checked against.
    struct Event {
        let sequence: UInt64
        let hash: Digest32
        let type: String
        let stream: String
    }

    private static func checkEvents(
        _ files: [String: [UInt8]], manifest: Manifest, report: inout Report, fail: (String, UInt64?, String) -> Void
    ) -> [Event] {
        let file = EvidenceBundle.eventsFile
        guard let bytes = files[file] else { fail(file, nil, "missing"); return [] }
        var events: [Event] = []
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                guard offset + 4 <= buffer.count else { fail(file, nil, "ends inside a length at byte \(offset)"); return }
                let length = Int(UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                guard offset + 4 + length <= buffer.count else { fail(file, nil, "the record at byte \(offset) runs past the end"); return }
                let record = UnsafeRawBufferPointer(rebasing: buffer[(offset + 4)..<(offset + 4 + length)])
                offset += 4 + length
                let view: EventRecordView
                do { view = try EventRecordView(record, allowingWithheld: true) } catch {
                    fail(file, nil, "record \(events.count + 1) (at byte \(offset - length - 4)): \(error)")
                    return
                }
                let sequence = view.sequence
                if let last = events.last, sequence <= last.sequence { fail(file, sequence, "out of order after event \(last.sequence)") }
                if sequence < 1 || sequence > manifest.treeSize { fail(file, sequence, "outside the checkpoint's tree of \(manifest.treeSize) events") }
                if view.computedHash() != view.hash { fail(file, sequence, "its header does not hash to its stored hash (the event was changed)") }
                if let salt = view.salt, let payload = view.payload, EventRecord.payloadDigest(salt: salt, payload: payload) != view.payloadDigest {
                    fail(file, sequence, "its payload does not match its salted digest (the payload was changed)")
                }
                if view.withheld { report.withheld += 1 }
                if view.redactedBySequence != nil { report.redacted += 1 }
                events.append(Event(sequence: sequence, hash: view.hash, type: String(decoding: view.type, as: UTF8.self),
                                    stream: String(decoding: view.stream, as: UTF8.self)))
            }
        }
        report.events = events.count
        if events.count != manifest.eventCount {
            fail(file, nil, "holds \(events.count) events, the manifest says \(manifest.eventCount) (an event was removed or added)")
        }
        return events
    }

    private static func checkProofs(_ files: [String: [UInt8]], events: [Event], manifest: Manifest, fail: (String, UInt64?, String) -> Void) {
        let file = EvidenceBundle.proofsFile
        guard let lines = jsonLines(files[file], file: file, fail: fail) else { return }
        if lines.count != events.count { fail(file, nil, "holds \(lines.count) proofs for \(events.count) events") }
        for (event, line) in zip(events, lines) {
            guard (line["sequence"] as? NSNumber)?.uint64Value == event.sequence,
                  let path = (line["path"] as? [String])?.compactMap(Digest32.init(hex:)), path.count == (line["path"] as? [String])?.count
            else { fail(file, event.sequence, "no proof for this event where its line should be"); continue }
            let holds = MerkleProofVerifier.verifyInclusion(
                leafHash: MerkleHashing.leafHash(eventHash: event.hash), leafIndex: event.sequence - 1,
                treeSize: manifest.treeSize, path: path, root: manifest.rootHash)
            if !holds { fail(file, event.sequence, "its inclusion proof does not lead to the checkpoint's root") }
        }
    }

    private static func checkConsistency(_ files: [String: [UInt8]], manifest: Manifest, fail: (String, UInt64?, String) -> Void) -> UInt64? {
        let file = EvidenceBundle.consistencyFile
        guard let bytes = files[file] else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let oldSize = (object["oldSize"] as? NSNumber)?.uint64Value, let newSize = (object["newSize"] as? NSNumber)?.uint64Value,
              let oldRoot = (object["oldRoot"] as? String).flatMap(Digest32.init(hex:)),
              let newRoot = (object["newRoot"] as? String).flatMap(Digest32.init(hex:)),
              let path = (object["path"] as? [String])?.compactMap(Digest32.init(hex:))
        else { fail(file, nil, "not a consistency proof"); return nil }
        if newSize != manifest.treeSize || newRoot != manifest.rootHash {
            fail(file, nil, "proves consistency to tree \(newSize), not to this bundle's checkpoint (\(manifest.treeSize))")
        } else if !MerkleProofVerifier.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path) {
            fail(file, nil, "the tree of \(oldSize) events with root \(oldRoot.hex) is not a prefix of this bundle's tree")
        }
        return oldSize
    }

    private static func checkRendering(_ files: [String: [UInt8]], events: [Event], fail: (String, UInt64?, String) -> Void) {
        let file = renderingFile
        guard let lines = jsonLines(files[file], file: file, fail: fail) else { return }
        if lines.count != events.count { fail(file, nil, "renders \(lines.count) events of \(events.count)") }
        for (event, line) in zip(events, lines) {
            guard (line["sequence"] as? NSNumber)?.uint64Value == event.sequence, line["hash"] as? String == event.hash.hex,
                  line["type"] as? String == event.type, line["stream"] as? String == event.stream
            else { fail(file, event.sequence, "its line does not render this event (sequence, hash, type and stream)"); continue }
        }
    }

    private static func jsonLines(_ bytes: [UInt8]?, file: String, fail: (String, UInt64?, String) -> Void) -> [[String: Any]]? {
        guard let bytes else { fail(file, nil, "missing"); return nil }
        var lines: [[String: Any]] = []
        for (index, line) in bytes.split(separator: 0x0A).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                fail(file, nil, "line \(index + 1) is not a JSON object")
                return nil
            }
            lines.append(object)
        }
        return lines
    }
}
