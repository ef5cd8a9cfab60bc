import Foundation

/// Finds executables SwiftPM built beside the test bundle (the test targets depend on them).
public enum BuiltProducts {
    public static func executable(named name: String) throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["BLOTTER_PRODUCTS_DIRECTORY"] {
            candidates.append(URL(fileURLWithPath: override).appendingPathComponent(name))
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent(name))
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug").appendingPathComponent(name))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BuiltProductMissing(name: name, searched: candidates.map(\.path))
        }
        return found
    }

    public struct BuiltProductMissing: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        public var description: String { "\(name) not built; looked in \(searched.joined(separator: ", "))" }
    }
}
