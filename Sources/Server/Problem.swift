import Foundation
import HTTPTypes
import Hummingbird

/// An error answer as RFC 9457 `application/problem+json`: a type, a title, the status, a
/// specific detail, and (for invalid input) every field at fault.
public struct Problem: HTTPResponseError, Codable, Sendable {
    public struct FieldError: Codable, Sendable, Equatable {
        public let field: String?
        public let message: String
    }

    public let type: String
    public let title: String
    public let statusCode: Int
    public let detail: String
    public var errors: [FieldError]?
    /// The access rule that refused the request.
    public var rule: String?
    /// The event that recorded the refusal.
    public var eventSequence: UInt64?
    /// For duplicates: the record that already exists.
    public var existingRecord: String?
    public var retryAfterSeconds: Int?

    public init(status: HTTPResponse.Status, kind: String, title: String, detail: String) {
        self.type = "https://blotter.example/problems/\(kind)"
        self.title = title
        self.statusCode = status.code
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey {
        case type, title, statusCode = "status", detail, errors, rule, eventSequence, existingRecord, retryAfterSeconds
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self))))
    }

    static func invalid(_ errors: [FieldError], detail: String? = nil) -> Problem {
        var problem = Problem(status: .badRequest, kind: "invalid-input", title: "Invalid input",
                              detail: detail ?? errors.map { ($0.field.map { "\($0): " } ?? "") + $0.message }.joined(separator: "; "))
        problem.errors = errors
        return problem
    }

    static func invalid(field: String?, _ message: String) -> Problem {
        invalid([FieldError(field: field, message: message)])
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, kind: "unauthenticated", title: "Authentication required", detail: detail)
    }

    static func forbidden(rule: String, _ detail: String) -> Problem {
        var problem = Problem(status: .forbidden, kind: "forbidden", title: "Not allowed", detail: detail)
        problem.rule = rule
        return problem
    }

    static func notFound(_ detail: String, eventSequence: UInt64? = nil) -> Problem {
        var problem = Problem(status: .notFound, kind: "not-found", title: "Not found", detail: detail)
        problem.eventSequence = eventSequence
        return problem
    }
}
