import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
@testable import Server
import Synchronization
import Testing

/// Every request leaves one structured log line an operator can follow traffic by, and no
/// line carries a secret.
@Suite("Request log")
struct RequestLogTests {
    /// Keeps every log line's message and metadata.
    final class CapturedLines: Sendable {
        struct Line { let message: String; let metadata: [String: String] }
        let lines = Mutex<[Line]>([])
        var all: [Line] { lines.withLock { $0 } }
    }

    struct CapturingHandler: LogHandler {
        let captured: CapturedLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            captured.lines.withLock { $0.append(.init(message: "\(event.message)", metadata: merged.mapValues { "\($0)" })) }
        }
    }

    @Test func everyRequestLogsOneLineWithItsIDRouteStatusDurationAndUserButNoSecret() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: "CA0194200", roles: [.operator])
        let captured = CapturedLines()
        let logger = Logger(label: "request-log-test") { _ in CapturingHandler(captured: captured) }
        let password = "Secret-Password-99"
        let answered = try await fixture.application(logger: logger).test(.router) { client in
            var answered: [(id: String, status: Int)] = []
            for (method, uri, key, body) in [
                (HTTPRequest.Method.get, "/ledger/stats", operatorKey, nil as String?),
                (.post, "/sessions", nil, #"{"userID":"op-la","password":"\#(password)","code":"123456"}"#),
                (.get, "/records/W0000000001?purpose=C", operatorKey, nil),
                (.get, "/no-such-route", nil, nil),
            ] {
                let response = try await client.send(method, uri, key: key, json: body)
                answered.append((response.headers[HTTPField.Name("X-Request-Id")!] ?? "", Int(response.status.code)))
            }
            return answered
        }
        let requestLines = captured.all.filter { $0.message == "request" }
        #expect(requestLines.map { $0.metadata["request"] ?? "" } == answered.map(\.id), "one line per request, in order, by its id")
        #expect(requestLines.map { Int($0.metadata["status"] ?? "") ?? 0 } == answered.map(\.status))
        #expect(requestLines.map { $0.metadata["route"] ?? "" } == ["/ledger/stats", "/sessions", "/records/{number}", "/no-such-route"])
        #expect(requestLines.first?.metadata["user"] == "op-la", "an authenticated request names its user")
        #expect(requestLines.allSatisfy { $0.metadata["ms"].flatMap(Int.init) != nil && $0.metadata["method"] != nil })
        for line in captured.all {
            let text = line.message + line.metadata.values.joined(separator: " ")
            #expect(!text.contains(password) && !text.contains(operatorKey), "a log line carries a secret: \(line)")
        }
    }
}
