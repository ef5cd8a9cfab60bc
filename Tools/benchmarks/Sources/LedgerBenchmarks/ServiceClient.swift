import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP/1.1 to the in-process service over loopback, pooling a connection for each concurrent
/// client so that no request waits for a connection.
struct ServiceClient: Sendable {
    let http: HTTPClient
    let baseURL: String

    struct Answer: Sendable {
        let status: Int
        let body: ByteBuffer

        var text: String { String(buffer: body) }

        /// Whether the body holds `bytes` (a plain scan: bodies are a few kilobytes).
        func contains(_ bytes: [UInt8]) -> Bool {
            body.withUnsafeReadableBytes { buffer in
                guard buffer.count >= bytes.count, !bytes.isEmpty else { return bytes.isEmpty }
                return (0...(buffer.count - bytes.count)).contains { start in
                    buffer[start] == bytes[0] && bytes.indices.allSatisfy { buffer[start + $0] == bytes[$0] }
                }
            }
        }
    }

    struct UnexpectedAnswer: Error, CustomStringConvertible {
        let description: String
    }

    init(baseURL: String, connections: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL
    }

    func shutdown() async throws {
        try await http.shutdown()
    }

    /// Sends one request and reads its whole answer (so the connection can carry the next).
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, token: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await http.execute(request, timeout: .seconds(60))
        return Answer(status: Int(response.status.code), body: try await response.body.collect(upTo: 16 << 20))
    }

    /// Sends `body` as JSON and decodes the answer, which must have `status`.
    func exchange<Answered: Decodable>(
        _ path: String, _ body: some Encodable, token: String?, expecting status: Int, as type: Answered.Type
    ) async throws -> Answered {
        let answer = try await post(path, body, token: token, expecting: status)
        return try JSONDecoder().decode(type, from: Data(answer.body.readableBytesView))
    }

    /// Sends `body` as JSON; the answer must have `status`.
    @discardableResult
    func post(_ path: String, _ body: some Encodable, token: String?, expecting status: Int) async throws -> Answer {
        let answer = try await send(.POST, path, json: try Self.json(body), token: token)
        guard answer.status == status else {
            throw UnexpectedAnswer(description: "POST \(path) answered \(answer.status), not \(status): \(answer.text)")
        }
        return answer
    }

    /// Waits (at most `seconds`) until `GET /health` answers 200.
    func waitUntilServing(seconds: Int = 30) async throws {
        for _ in 0..<(seconds * 10) {
            if let answer = try? await send(.GET, "/health"), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw UnexpectedAnswer(description: "the service at \(baseURL) did not answer /health within \(seconds) s")
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
