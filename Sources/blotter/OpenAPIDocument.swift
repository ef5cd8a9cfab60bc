import Foundation

/// The API description served at `GET /openapi.yaml`: Docs/openapi.yaml, read at start from the
/// source tree the binary was built from (as `Tools/run` runs it), else from a copy installed
/// beside the binary.
enum OpenAPIDocument {
    static var text: String {
        let candidates = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Docs/openapi.yaml").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("openapi.yaml").path,
        ]
        for path in candidates {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return text }
        }
        return "openapi: 3.1.0\ninfo:\n  title: Blotter\n  version: unavailable\npaths: {}\n"
    }
}
