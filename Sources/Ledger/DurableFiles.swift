#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that must survive a power cut once created: the key files beside a ledger. A file's
/// bytes are flushed with `fsync` on the file, but its name lives in the directory, which must
/// be flushed too, or a cut soon after creation can lose the file while the ledger that depends
/// on it (TOTP seeds sealed with the key, checkpoints signed with it) survives.
public enum DurableFiles {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates `path` owner-only (0600) holding `bytes`, then flushes it and its directory.
    /// Fails if the file exists, so a key is never silently replaced.
    public static func createOwnerOnly(at path: String, bytes: [UInt8]) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create \(path)") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let flushed = written == bytes.count && fsync(descriptor) == 0
        let error = errno
        close(descriptor)
        guard flushed else {
            unlink(path)
            errno = error
            throw failure("cannot write \(path)")
        }
        try syncDirectory(containing: path)
    }

    /// Flushes the directory entries of `path`'s directory.
    public static func syncDirectory(containing path: String) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        try syncDirectory(directory)
    }

    /// Flushes `directory`'s entries (the names of the files in it).
    public static func syncDirectory(_ directory: String) throws(Failure) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(directory)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot flush \(directory) to disk") }
    }

    private static func failure(_ what: String) -> Failure {
        Failure(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
