import Foundation
import Ledger

/// Where a backup is written before it is known good: a sibling of the destination named
/// `<destination>.incomplete`. Only a copy that verified is renamed to the destination, so a
/// backup killed midway (or a copy that fails verification) never sits where a restore would
/// look for a ledger.
struct BackupStaging {
    let destination: String
    var path: String { destination + ".incomplete" }

    /// Refuses a destination that holds anything, and clears a staging directory left by an
    /// earlier backup that never finished.
    func prepare() throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination), !(try fileManager.contentsOfDirectory(atPath: destination)).isEmpty {
            throw CommandFailure("the backup destination \(destination) is not empty")
        }
        if fileManager.fileExists(atPath: path) {
            try fileManager.removeItem(atPath: path)
        }
    }

    /// Forces every copied file, and the directories naming them, to the disk before the copy
    /// is published: a rename can reach the disk before the data it names.
    func flushToDisk() throws {
        let environment = (path as NSString).appendingPathComponent(Ledger.environmentDirectoryName)
        for directory in [environment, path] {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
                let file = (directory as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue { try Self.sync(file) }
            }
            try Self.sync(directory)
        }
    }

    /// Renames the verified copy to the destination (an empty destination directory is
    /// replaced) and makes the rename itself durable.
    func publish() throws {
        if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
        guard rename(path, destination) == 0 else {
            throw CommandFailure("cannot rename \(path) to \(destination): \(String(cString: strerror(errno)))")
        }
        try Self.sync((destination as NSString).deletingLastPathComponent.isEmpty ? "." : (destination as NSString).deletingLastPathComponent)
    }

    private static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CommandFailure("cannot flush \(path) to disk: \(String(cString: strerror(errno)))") }
    }
}

/// A command's failure, told as a sentence.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
