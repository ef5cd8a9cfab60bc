import Foundation
import ZIPFoundation

/// A discovery bundle's files as one `.zip` (ZIPFoundation), and back. Entries are stored (a
/// bundle is mostly hashes and JSON that the zip's user will open anyway), in name order, each
/// dated `modified`: the same files give the same archive.
public enum BundleArchive {
    /// Most bytes a bundle's archive may unpack to, and most entries: an archive is read into
    /// memory whole.
    public static let maximumSize = 4 << 30
    public static let maximumEntries = 64

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func zip(_ files: [String: [UInt8]], folder: String, modified: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for name in files.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let bytes = files[name]!
            try archive.addEntry(
                with: folder + "/" + name, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: modified,
                permissions: 0o644, compressionMethod: .none
            ) { position, size in
                Data(bytes[Int(position)..<(Int(position) + size)])
            }
        }
        guard let data = archive.data else { throw Failure(description: "the archive was not written") }
        return data
    }

    /// The files of an archive, by name within its one folder (an archive of loose files is
    /// read the same). Refuses what a bundle never holds: nested folders, links, names with
    /// `..`, more than 64 entries or 4 GiB.
    public static func unzip(_ data: Data) throws -> [String: [UInt8]] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw Failure(description: "not a zip archive: \(error)") }
        var files: [String: [UInt8]] = [:]
        var total = 0
        for entry in archive {
            guard files.count < maximumEntries else { throw Failure(description: "more than \(maximumEntries) entries: not a discovery bundle") }
            if entry.type == .directory { continue }
            guard entry.type == .file else { throw Failure(description: "\(entry.path) is not a plain file") }
            let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let name = parts.last.map(String.init), !name.isEmpty, name != ".", name != "..",
                  !parts.contains("..")
            else { throw Failure(description: "\(entry.path): a bundle holds files in one folder only") }
            total += Int(entry.uncompressedSize)
            guard total <= maximumSize else { throw Failure(description: "unpacks to more than \(maximumSize) bytes") }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(entry.uncompressedSize))
            _ = try archive.extract(entry) { chunk in bytes.append(contentsOf: chunk) }
            guard files.updateValue(bytes, forKey: name) == nil else { throw Failure(description: "\(name) appears twice") }
        }
        return files
    }
}
