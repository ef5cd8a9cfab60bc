import Access // SCRATCH
import HTTPTypes // SCRATCH
import Synchronization // SCRATCH
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

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let directory = TemporaryDirectory()
        let services = try BlotterServices(directory: directory.path, passwordCost: 4)
        let text = try Self.documentText()
        let router = BlotterApplication.buildRouter(services: services, configuration: ServerConfiguration(), openAPIDocument: text)

        let routed = Set(router.routes.map { Operation(method: $0.method.rawValue.uppercased(), path: Self.normalise("\($0.path)")) })
        let documented = try Self.documentedOperations(in: text)

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

// SCRATCH-BEGIN (temporary: dumps real responses for schema checking; removed before hand-off)
@Suite("OpenAPI scratch dump")
struct OpenAPIScratchDump {
    @Test func dump() async throws {
        let fixture = try await ServerFixture()
        let op1 = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let op2 = try await fixture.user("op-2", ori: "CA0194200", roles: [.operator, .supervisor])
        let officer = try await fixture.user("officer-9", ori: "CA0340000", roles: [.officer])
        let clerk = try await fixture.user("clerk-1", ori: "CA0194200", roles: [.courtClerk])
        let auditor = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor])
        let admin = fixture.administratorKey
        let administrator = try fixture.administrator()
        try await fixture.services.access.setPassword("officer-9", password: ServerFixture.password, by: administrator, clientAddress: "t")
        let seed = try await fixture.services.access.enrollSecondFactor("officer-9", by: administrator, clientAddress: "t")
        let lines = Mutex<[String]>([])
        try await fixture.application().test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ template: String, _ uri: String, key: String?, json: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
                let response = try await client.send(method, uri, key: key, json: json, headers: headers)
                let entry: [String: Any] = [
                    "method": method.rawValue.lowercased(), "path": template, "status": Int(response.status.code),
                    "contentType": response.headers[.contentType] ?? "", "body": response.text,
                ]
                let line = String(decoding: try JSONSerialization.data(withJSONObject: entry), as: UTF8.self)
                lines.withLock { $0.append(line) }
                return response
            }
            func number(_ response: TestResponse) throws -> String {
                try #require((response.json()["record"] as? [String: Any])?["number"] as? String, "\(response.status) \(response.text)")
            }
            _ = try await call(.get, "/health", "/health", key: nil)
            _ = try await call(.get, "/banner", "/banner", key: nil)
            let code = SecondFactor.code(seed: seed, at: fixture.clock.now())
            let login = try await call(.post, "/sessions", "/sessions", key: nil, json: #"{"userID":"officer-9","password":"\#(ServerFixture.password)","code":"\#(code)"}"#)
            let token = try #require(try login.json()["token"] as? String)
            _ = try await call(.get, "/sessions/current", "/sessions/current", key: op1)
            _ = try await call(.delete, "/sessions/current", "/sessions/current", key: op1)
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            _ = try await call(.delete, "/sessions/current", "/sessions/current", key: nil, headers: bearer)
            _ = try await call(.post, "/sessions", "/sessions", key: nil, json: #"{"userID":"officer-9","password":"x","code":"1"}"#)
            _ = try await call(.post, "/sessions", "/sessions", key: nil, json: #"{"userID":"officer-9"}"#)

            let wanted = try await call(.post, "/records", "/records", key: op1, json: Bodies.wanted(), headers: [HTTPField.Name("Idempotency-Key")!: "k1"])
            let w = try number(wanted)
            _ = try await call(.post, "/records", "/records", key: op1, json: Bodies.wanted())
            _ = try await call(.post, "/records", "/records", key: op1, json: #"{"kind":"wantedPerson","facts":{"subject":{}}}"#)
            _ = try await call(.post, "/records", "/records", key: op1, json: "{not json")
            _ = try await call(.post, "/records", "/records", key: op1, json: String(repeating: " ", count: 300_000) + "{}")
            _ = try await call(.post, "/records", "/records", key: officer, json: Bodies.wanted(case: "X-1", stateID: "B1"))
            _ = try await call(.post, "/records", "/records", key: nil, json: Bodies.wanted())
            _ = try await call(.post, "/records/{number}/check", "/records/\(w)/check", key: op2)
            _ = try await call(.post, "/records/{number}/check", "/records/\(w)/check", key: op2)
            _ = try await call(.post, "/records/{number}/check", "/records/W123/check", key: op2)
            _ = try await call(.post, "/records/{number}/check", "/records/W9999999999/check", key: op2)
            _ = try await call(.post, "/records/{number}/validate", "/records/\(w)/validate", key: op1, json: "{}")
            _ = try await call(.post, "/records/{number}/validate", "/records/\(w)/validate", key: op1)
            _ = try await call(.post, "/records/{number}/modify", "/records/\(w)/modify", key: op1, json: #"{"expectedVersion":1,"record":\#(Bodies.wanted())}"#)
            _ = try await call(.post, "/records/{number}/locate", "/records/\(w)/locate", key: officer, json: #"{"locatedOn":"20260601","caseNumber":"L-1","recovered":"the subject"}"#)
            _ = try await call(.post, "/records/{number}/clear", "/records/\(w)/clear", key: op1, json: #"{"clearedOn":"20260601","how":"apprehended"}"#)

            let person = try await call(.post, "/records", "/records", key: op1, json: #"{"kind":"person","facts":\#(Bodies.person("ROE, RICHARD", stateID: "C7654321"))}"#)
            let p = try number(person)
            let history = try await call(.post, "/records", "/records", key: op1, json: #"{"kind":"criminalHistory","facts":{"person":"\#(p)","subject":\#(Bodies.person("ROE, RICHARD", stateID: "C7654321"))}}"#)
            if let c = try? number(history) {
                _ = try await call(.post, "/records/{number}/history-entries", "/records/\(c)/history-entries", key: op1, json: #"{"kind":"arrest","date":"20260520","statute":"PC459","offenseLevel":"felony"}"#)
                _ = try await call(.get, "/records/{number}", "/records/\(c)?purpose=C&caseNumber=9", key: op1)
            }
            _ = try await call(.post, "/records/{number}/cancel", "/records/\(p)/cancel", key: op1, json: #"{"reason":"entered in error","identifierAsEntered":"ROE, RICHARD"}"#)

            let order = try await call(.post, "/records", "/records", key: clerk, json: Bodies.order(fcn: "1234567890123"))
            if let h = try? number(order) {
                _ = try await call(.post, "/records/{number}/serve", "/records/\(h)/serve", key: clerk, json: #"{"servedOn":"20260601","method":"personal service"}"#)
                _ = try await call(.post, "/records/{number}/renew", "/records/\(h)/renew", key: clerk, json: #"{"expiresOn":"20300101"}"#)
                _ = try await call(.post, "/records/{number}/terminate", "/records/\(h)/terminate", key: clerk, json: #"{"terminatedOn":"20260601","reason":"court order"}"#)
                _ = try await call(.get, "/records/{number}", "/records/\(h)?purpose=A", key: op1)
            }
            let registration = try await call(.post, "/records", "/records", key: op1, json: #"{"kind":"offenderRegistration","facts":{"registrant":\#(Bodies.person("LEE, SAM", stateID: "D1111111")),"registrationType":"PC 290","addresses":[{"address":"1 MAIN ST","since":"20250101"}],"registeredOn":"20250101"}}"#)
            if let s = try? number(registration) {
                _ = try await call(.post, "/records/{number}/moves", "/records/\(s)/moves", key: op1, json: #"{"address":"2 ELM ST","since":"20260501"}"#)
                _ = try await call(.post, "/records/{number}/annual-updates", "/records/\(s)/annual-updates", key: op1, json: #"{"on":"20260520"}"#)
            }
            _ = try await call(.post, "/records", "/records", key: op1, json: #"{"kind":"stolenVehicle","facts":{"vin":"1HGCM82633A004352","year":2003,"make":"HOND","model":"ACC","color":"BLK","dateOfTheft":"20260501","caseNumber":"V-1"}}"#)

            _ = try await call(.post, "/searches", "/searches", key: op1, json: Bodies.search())
            _ = try await call(.post, "/searches", "/searches", key: op1, json: #"{"query":{"by":"name","last":"DOE","first":"JOHN","dateOfBirth":"19800115"},"purpose":"C","caseNumber":"1","includeInactive":true}"#)
            _ = try await call(.post, "/searches", "/searches", key: op1, json: #"{"query":{"by":"stateID","value":"A12345678"},"purpose":"C"}"#)
            _ = try await call(.post, "/searches", "/searches", key: clerk, json: #"{"query":{"by":"stateID","value":"A12345678"},"purpose":"A"}"#)
            _ = try await call(.get, "/records/{number}", "/records/\(w)?purpose=C&caseNumber=1", key: op1)
            _ = try await call(.get, "/records/{number}", "/records/\(w)?purpose=C&caseNumber=1&asOfSequence=1", key: op1)
            _ = try await call(.get, "/records/{number}", "/records/\(w)?purpose=C&caseNumber=1&asOf=2026-06-01T10:00:00Z", key: op1)
            _ = try await call(.get, "/records/{number}", "/records/\(w)?purpose=Q", key: op1)
            _ = try await call(.get, "/records/{number}", "/records/W9999999999?purpose=A", key: op1)
            _ = try await call(.get, "/records/{number}/history", "/records/\(w)/history?purpose=C&caseNumber=1", key: op1)
            _ = try await call(.get, "/records/{number}/accesses", "/records/\(w)/accesses", key: auditor)
            _ = try await call(.get, "/records/{number}/accesses", "/records/\(w)/accesses", key: op1)
            _ = try await call(.get, "/agencies/{ori}/quality", "/agencies/CA0194200/quality", key: op1)
            _ = try await call(.get, "/agencies/{ori}/quality", "/agencies/CA0340000/quality", key: op1)

            _ = try await call(.post, "/agencies", "/agencies", key: admin, json: #"{"ori":"CA0550000","name":"Agency 55","access":"inquiryOnly"}"#)
            _ = try await call(.post, "/agencies", "/agencies", key: admin, json: #"{"ori":"CA0550000","name":"Agency 55","access":"inquiryOnly"}"#)
            _ = try await call(.post, "/agencies", "/agencies", key: op1, json: #"{"ori":"CA0560000","name":"Agency 56","access":"full"}"#)
            _ = try await call(.get, "/agencies/{ori}/users", "/agencies/CA0194200/users", key: admin)
            _ = try await call(.post, "/users", "/users", key: admin, json: #"{"userID":"new-1","agency":"CA0550000","name":"New One","roles":["officer"],"assignedOn":"20260601"}"#)
            _ = try await call(.get, "/users/{userID}", "/users/new-1", key: admin)
            _ = try await call(.get, "/users/{userID}", "/users/nobody", key: admin)
            _ = try await call(.put, "/users/{userID}/roles", "/users/new-1/roles", key: admin, json: #"{"roles":["officer","operator"]}"#)
            _ = try await call(.post, "/users/{userID}/password", "/users/new-1/password", key: admin, json: #"{"password":"Quartz-River-88"}"#)
            _ = try await call(.post, "/users/{userID}/second-factor", "/users/new-1/second-factor", key: admin)
            _ = try await call(.post, "/users/{userID}/certifications", "/users/new-1/certifications", key: admin, json: #"{"certifiedOn":"20260601"}"#)
            _ = try await call(.post, "/users/{userID}/disable", "/users/new-1/disable", key: admin, json: #"{"reason":"left"}"#)
            _ = try await call(.post, "/users/{userID}/enable", "/users/new-1/enable", key: admin)
            _ = try await call(.post, "/users/{userID}/unlock", "/users/new-1/unlock", key: admin)
            let apiKey = try await call(.post, "/users/{userID}/api-keys", "/users/new-1/api-keys", key: admin, json: #"{"label":"integration"}"#)
            let keyID = try #require(try apiKey.json()["keyID"] as? String)
            _ = try await call(.get, "/users/{userID}", "/users/new-1", key: admin)
            _ = try await call(.delete, "/users/{userID}/api-keys/{keyID}", "/users/new-1/api-keys/\(keyID)", key: admin)
            _ = try await call(.delete, "/users/{userID}/api-keys/{keyID}", "/users/new-1/api-keys/nokey", key: admin)

            _ = try await call(.get, "/ledger/stats", "/ledger/stats", key: auditor)
            _ = try await call(.post, "/ledger/checkpoints", "/ledger/checkpoints", key: auditor)
            _ = try await call(.get, "/ledger/stats", "/ledger/stats", key: auditor)
            _ = try await call(.get, "/ledger/proofs/{sequence}", "/ledger/proofs/3", key: auditor)
            _ = try await call(.get, "/ledger/proofs/{sequence}", "/ledger/proofs/3?treeSize=5", key: auditor)
            _ = try await call(.get, "/ledger/proofs/{sequence}", "/ledger/proofs/0", key: auditor)
            _ = try await call(.get, "/ledger/proofs/{sequence}", "/ledger/proofs/3?treeSize=999999", key: auditor)
            _ = try await call(.get, "/ledger/proofs/{sequence}", "/ledger/proofs/3?treeSize=abc", key: auditor)
            _ = try await call(.get, "/ledger/stats", "/ledger/stats", key: op1)
        }
        try lines.withLock { $0 }.joined(separator: "\n").write(toFile: "/tmp/blotter-openapi-dump.jsonl", atomically: true, encoding: .utf8)
    }
}
// SCRATCH-END
