import Crypto
import Foundation

/// The signed table of contents of a discovery bundle: `manifest.json` (canonical JSON) lists
/// every other file with its size and SHA-256, the checkpoint the bundle proves against, the
/// ledger's identity and what the export was (`export`, written by the domain); `manifest.note`
/// is a C2SP signed note over the manifest's digest, by the ledger's key:
///
///     blotter-discovery-v1
///     blotter/<ledger id>
///     <base64 SHA-256(manifest.json)>
///
/// Its first line can be no checkpoint's origin, so neither note passes for the other.
public struct BundleManifest: Sendable {
    public static let format = "blotter-discovery-v1"
    public static let manifestFile = "manifest.json"
    public static let noteFile = "manifest.note"

    public struct FileEntry: Sendable, Equatable {
        public let path: String
        public let size: Int
        public let sha256: Digest32
    }

    public let ledgerID: UUID
    public let publicKey: [UInt8]
    public let treeSize: UInt64
    public let rootHash: Digest32
    public let eventCount: Int
    /// The domain's description of the export, canonical JSON of one object.
    public let export: [UInt8]
    public let files: [FileEntry]

    public var origin: String { CheckpointNote.origin(ledgerID: ledgerID) }

    public init(ledgerID: UUID, publicKey: [UInt8], treeSize: UInt64, rootHash: Digest32, eventCount: Int, export: [UInt8], files: [String: [UInt8]]) {
        precondition(files[Self.manifestFile] == nil && files[Self.noteFile] == nil, "the manifest does not list itself")
        self.ledgerID = ledgerID
        self.publicKey = publicKey
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.eventCount = eventCount
        self.export = export
        self.files = files.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { path in
            FileEntry(path: path, size: files[path]!.count, sha256: Digest32.sha256(files[path]!))
        }
    }

    /// `manifest.json`.
    public var json: [UInt8] {
        var writer = JSONWriter(capacity: 1_024 + files.count * 128 + export.count)
        writer.beginObject()
        writer.key("checkpoint")
        writer.beginObject()
        writer.key("rootHash")
        writer.string(rootHash.hex)
        writer.key("treeSize")
        writer.uint64(treeSize)
        writer.endObject()
        writer.key("events")
        writer.int(eventCount)
        writer.key("export")
        writer.canonicalValue(export)
        writer.key("files")
        writer.beginArray()
        for file in files {
            writer.beginObject()
            writer.key("path")
            writer.string(file.path)
            writer.key("sha256")
            writer.string(file.sha256.hex)
            writer.key("size")
            writer.int(file.size)
            writer.endObject()
        }
        writer.endArray()
        writer.key("format")
        writer.string(Self.format)
        writer.key("ledger")
        writer.beginObject()
        writer.key("id")
        writer.string(ledgerID.uuidString.lowercased())
        writer.key("origin")
        writer.string(origin)
        writer.key("publicKey")
        writer.string(TextEncoding.hex(publicKey))
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    /// The signed note's text lines for a manifest of these bytes.
    static func noteBody(origin: String, manifest: [UInt8]) -> String {
        "\(format)\n\(origin)\n\(Data(Digest32.sha256(manifest).bytes).base64EncodedString())\n"
    }

    /// `manifest.note`, signed by `key`.
    func note(manifest: [UInt8], key: Curve25519.Signing.PrivateKey) throws -> SignedNote {
        try SignedNote.sign(body: Self.noteBody(origin: origin, manifest: manifest), keyName: origin, key: key)
    }
}
