import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing
import TestSupport

/// Docs/openapi.yaml describes exactly the routes the router registers: no route undocumented,
/// no documented route missing. And the service serves that file as it is.
@Suite("OpenAPI description matches the router")
struct OpenAPIRouteTests {
    /// One operation: an upper-case HTTP method and a path in the `{param}` form.
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        let method: String
        let path: String

        var description: String { "\(method) \(path)" }

        static func < (left: Operation, right: Operation) -> Bool {
            (left.path, left.method) < (right.path, right.method)
        }
    }

    static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docs/openapi.yaml").path

    static func documentText() throws -> String {
        try String(contentsOfFile: documentPath, encoding: .utf8)
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let directory = TemporaryDirectory()
        let services = try BlotterServices(directory: directory.path, passwordCost: 4)
        let text = try Self.documentText()
        let router = BlotterApplication.buildRouter(services: services, configuration: ServerConfiguration(), openAPIDocument: text)

        let routed = Set(router.routes.map { Operation(method: $0.method.rawValue.uppercased(), path: Self.normalise("\($0.path)")) })
        let documented = try Self.documentedOperations(in: text)

        await services.shutdown()

        let undocumented = routed.subtracting(documented).sorted()
        let unrouted = documented.subtracting(routed).sorted()
        #expect(!routed.isEmpty, "the router lists no routes")
        #expect(
            undocumented.isEmpty && unrouted.isEmpty,
            """
            Docs/openapi.yaml and the router disagree.
            routed but not documented: \(undocumented.map(\.description))
            documented but not routed: \(unrouted.map(\.description))
            """)
    }

    @Test func servedDocumentIsTheFile() async throws {
        let directory = TemporaryDirectory()
        let services = try BlotterServices(directory: directory.path, passwordCost: 4)
        let text = try Self.documentText()
        let app = try BlotterApplication.buildApplication(
            services: services, configuration: ServerConfiguration(), openAPIDocument: text, logger: Logger(label: "OpenAPIRouteTests"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                #expect(String(buffer: response.body) == text)
            }
        }
        await services.shutdown()
    }

    @Test func parserReadsPathsAndMethodsOnly() throws {
        let yaml = """
            openapi: 3.1.0
            # a comment
            paths:
              /health:
                get:
                  responses:
                    '200':
                      description: ok
              '/records/{number}':
                parameters: []
                post:
                  summary: 'get: not a method'
                delete: {}
            components:
              schemas:
                get:
                  type: string
            """
        #expect(try Self.documentedOperations(in: yaml) == [
            Operation(method: "GET", path: "/health"),
            Operation(method: "POST", path: "/records/{number}"),
            Operation(method: "DELETE", path: "/records/{number}"),
        ])
    }

    /// A router path as the document writes it: a leading slash, no trailing one, and captures
    /// as `{name}` (Hummingbird already renders `:name` captures that way; both are accepted).
    static func normalise(_ path: String) -> String {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map { component -> String in
            component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
        }
        return "/" + components.joined(separator: "/")
    }

    struct MalformedDocument: Error, CustomStringConvertible {
        let description: String
    }

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The (method, path) pairs of the top-level `paths:` mapping, read from block-style YAML:
    /// the keys one level under `paths:` are paths, and the HTTP-method keys one level under each
    /// path are its operations. Enough YAML for this document; anything else under `paths` is
    /// refused rather than misread.
    static func documentedOperations(in text: String) throws -> Set<Operation> {
        var operations: Set<Operation> = []
        var inPaths = false
        var sawPaths = false
        var pathIndent: Int?
        var methodIndent: Int?
        var currentPath: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let indent = line.count - content.count
            if indent == 0 {
                inPaths = content.hasPrefix("paths:")
                if inPaths {
                    guard content.drop(while: { $0 != ":" }).dropFirst().allSatisfy({ $0 == " " }) else {
                        throw MalformedDocument(description: "line \(index + 1): write `paths:` as a block mapping")
                    }
                    sawPaths = true
                }
                continue
            }
            guard inPaths, let key = mappingKey(content) else { continue }
            if pathIndent == nil { pathIndent = indent }
            if indent == pathIndent {
                guard key.hasPrefix("/") else {
                    throw MalformedDocument(description: "line \(index + 1): `\(key)` under `paths:` is not a path")
                }
                currentPath = key
                methodIndent = nil
            } else if let path = currentPath, let parent = pathIndent, indent > parent {
                if methodIndent == nil { methodIndent = indent }
                if indent == methodIndent, httpMethods.contains(key) {
                    operations.insert(Operation(method: key.uppercased(), path: path))
                }
            }
        }
        guard sawPaths else { throw MalformedDocument(description: "no top-level `paths:`") }
        return operations
    }

    /// The key of a `key: value` or `key:` line, unquoted; nil for list items and scalars.
    static func mappingKey(_ content: Substring) -> String? {
        if content.hasPrefix("- ") { return nil }
        if let quote = content.first, quote == "'" || quote == "\"" {
            guard let end = content.dropFirst().firstIndex(of: quote) else { return nil }
            let key = content[content.index(after: content.startIndex)..<end]
            return content[content.index(after: end)...].hasPrefix(":") ? String(key) : nil
        }
        guard let colon = content.firstIndex(of: ":") else { return nil }
        let after = content[content.index(after: colon)...]
        guard after.isEmpty || after.hasPrefix(" ") else { return nil }
        return String(content[..<colon])
    }
}
