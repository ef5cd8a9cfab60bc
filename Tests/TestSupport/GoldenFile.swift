import Foundation

/// A checked-in file of expected output, compared line by line; rewritten instead when the
/// environment sets `BLOTTER_WRITE_GOLDEN=1` (then review the diff before committing it).
public enum GoldenFile {
    /// The first line where `text` and the file differ, described; nil when they are equal.
    public static func difference(between text: String, andFileAt path: String) throws -> String? {
        if ProcessInfo.processInfo.environment["BLOTTER_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return nil
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let goldenLines = golden.split(separator: "\n", omittingEmptySubsequences: false)
        if let index = zip(actualLines, goldenLines).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            return "line \(index + 1) differs from \(path):\n  golden: \(goldenLines[index])\n  now:    \(actualLines[index])"
        }
        if actualLines.count != goldenLines.count {
            return "\(path) has \(goldenLines.count) lines, the ledger dump \(actualLines.count)"
        }
        return nil
    }
}
