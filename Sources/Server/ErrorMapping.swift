import Access
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import NIOCore
import Records

/// Turns every error a route throws into a problem+json answer with a specific message.
enum ErrorMapping {
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let rejection as RecordRejection:
            return problem(forRejection: rejection)
        case let error as AccessError:
            return problem(forAccess: error)
        case let error as DecodingError:
            return Problem.invalid(field: path(of: error), message(of: error))
        case let error as BodyShapeError:
            return Problem.invalid(field: error.field, error.message)
        case let error as LedgerWriterError:
            var problem = Problem(status: .serviceUnavailable, kind: "overloaded", title: "Try again shortly", detail: error.description)
            problem.retryAfterSeconds = 1
            return problem
        case LedgerError.storageFull(let detail):
            return Problem(status: .init(code: 507, reasonPhrase: "Insufficient Storage"), kind: "storage-full", title: "Storage full", detail: detail)
        case LedgerError.storageFailure(let detail):
            var problem = Problem(status: .serviceUnavailable, kind: "storage-unavailable", title: "Storage unavailable", detail: detail)
            problem.retryAfterSeconds = 5
            return problem
        case let error as LedgerError:
            if case .invalidEvent(let field, let reason) = error { return Problem.invalid(field: field, reason) }
            if case .eventNotFound = error { return Problem.notFound(error.description) }
            if case .invalidTreeSize = error { return Problem.invalid(field: "treeSize", error.description) }
            if case .idempotencyKeyReused = error {
                return Problem(status: .unprocessableContent, kind: "idempotency-key-reused", title: "Idempotency key reused", detail: error.description)
            }
            return nil
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, kind: "too-large", title: "Body too large", detail: "the request body is larger than the service accepts")
        case let error as HTTPError:
            return Problem(status: error.status, kind: "http", title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        default:
            return nil
        }
    }

    static func problem(forRejection rejection: RecordRejection) -> Problem {
        var problem: Problem
        switch rejection.rule {
        case .invalidField:
            problem = Problem.invalid(rejection.problems.map { Problem.FieldError(field: $0.field, message: $0.message) })
        case .notFound:
            problem = Problem.notFound(rejection.description)
        case .ownerOnly, .otherAgencyOnly, .outsideScope, .historicalFile, .notRecipient:
            problem = Problem.forbidden(rule: rejection.rule.rawValue, rejection.description)
        case .lifecycle, .duplicate, .versionConflict, .hitNotConfirmed, .orderVacated:
            problem = Problem(status: .conflict, kind: rejection.rule.rawValue, title: "Conflict with the record's state", detail: rejection.description)
            problem.rule = rejection.rule.rawValue
        case .idempotencyKeyReused:
            problem = Problem(status: .unprocessableContent, kind: "idempotency-key-reused", title: "Idempotency key reused", detail: rejection.description)
            problem.rule = rejection.rule.rawValue
            problem.errors = rejection.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        }
        problem.eventSequence = rejection.rejectionSequence
        problem.existingRecord = rejection.existingRecord?.text
        return problem
    }

    static func problem(forAccess error: AccessError) -> Problem {
        var problem: Problem
        switch error {
        case .invalid(let field, let reason, _): problem = Problem.invalid(field: field, reason)
        case .notFound(let what, _): problem = Problem.notFound("\(what) not found")
        case .denied(let rule, let reason, _): problem = Problem.forbidden(rule: rule, reason)
        case .authenticationFailed(let reason): problem = Problem.unauthorized(reason)
        case .accountBlocked: problem = Problem.unauthorized(error.description)
        case .misconfigured(let reason): problem = Problem(status: .internalServerError, kind: "misconfigured", title: "Server misconfigured", detail: reason)
        }
        problem.eventSequence = error.eventSequence
        return problem
    }

    /// The JSON path of the field a decoding error is about, e.g. `facts.subject.dateOfBirth`.
    static func path(of error: DecodingError) -> String? {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let value), .valueNotFound(_, let value), .dataCorrupted(let value): context = value
        case .keyNotFound(let key, let value):
            return (value.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        @unknown default: return nil
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? nil : path.replacingOccurrences(of: ".[", with: "[")
    }

    static func message(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "is required"
        case .valueNotFound: return "must not be null"
        case .typeMismatch(let type, _): return "must be \(describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return EnumerationValues.message(for: context.debugDescription, field: context.codingPath.last?.stringValue) ?? context.debugDescription
        @unknown default: return "is invalid"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt32.Type, is UInt64.Type, is Int64.Type, is UInt8.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        default: return "an object or array of the documented shape"
        }
    }
}

/// Measures and logs every request (one structured line: request id, method, route, status,
/// duration, user, address; never a secret), answers every error as problem+json, and a path
/// that exists under another method 405 with `Allow`.
struct ErrorAndMetricsMiddleware: RouterMiddleware {
    typealias Context = BlotterRequestContext
    let metrics: ServiceMetrics
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try answer(error, request, context)
        }
        response.headers[HTTPField.Name("X-Request-Id")!] = context.trace.requestID
        let duration = ContinuousClock.now - started
        let matched = Self.matchedNoRoute(context) ? nil : context.endpointPath
        metrics.record(route: matched ?? "unmatched", status: response.status.code, duration: duration)
        context.logger.info("request", metadata: [
            "request": .string(context.trace.requestID), "method": .string(request.method.rawValue),
            "route": .string(matched ?? String(request.uri.path.prefix(100))), "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible(Int(Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15)),
            "user": .string(context.trace.userID ?? "-"), "address": .string(context.clientAddress),
        ])
        return response
    }

    /// Whether the router found no route for the path and method. Hummingbird's not-found
    /// responder names the endpoint "NotFound" before it throws, so the endpoint is not nil then.
    private static func matchedNoRoute(_ context: Context) -> Bool {
        context.endpointPath == nil || context.endpointPath == "NotFound"
    }

    private func answer(_ error: any Error, _ request: Request, _ context: Context) throws -> Response {
        if Self.matchedNoRoute(context), let httpError = error as? HTTPError, httpError.status == .notFound {
            let allowed = routes.methods(forPath: request.uri.path)
            if !allowed.isEmpty {
                var response = try Problem(
                    status: .methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
                    detail: "\(request.uri.path) answers \(allowed.map(\.rawValue).joined(separator: ", ")), not \(request.method)"
                ).response(from: request, context: context)
                response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return response
            }
            return try Problem.notFound("no route \(request.method) \(String(request.uri.path.prefix(100)))").response(from: request, context: context)
        }
        let problem = ErrorMapping.problem(for: error)
            ?? Problem(status: .internalServerError, kind: "internal", title: "Internal error", detail: "the server failed to answer; the failure was logged")
        if problem.statusCode >= 500 { context.logger.error("request failed", metadata: ["error": "\(error)", "request": .string(context.trace.requestID)]) }
        return try problem.response(from: request, context: context)
    }
}
