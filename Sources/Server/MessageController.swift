import Access
import Foundation
import Hummingbird
import Ledger
import NIOCore
import Records

/// `POST /messages`: one NCIC-style message in (text/plain), its terminal reply out. Each
/// message runs exactly the command, search or read its JSON route runs, with the same
/// permission, the same validation and the same events; a message refused before it becomes
/// one (unknown key, bad field, wrong ORI, oversized) is recorded too, and nothing else is.
struct MessageController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("messages") { request, context in
            try await reply(to: request, context)
        }
    }

    private func reply(to request: Request, _ context: BlotterRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let actor = principal.actor(clientAddress: context.clientAddress)
        let message: Message
        do {
            message = try MessageParser.parse(try await text(of: request))
        } catch let refusal as MessageRefusal {
            return try await refused(refusal, ori: "", actor: actor)
        }
        guard message.ori == principal.agency.ori else {
            let denial = AccessPolicy.Denial(rule: "own-agency", reason: "a message carries the sender's ORI, \(principal.agency.ori), not \(message.ori)")
            return respond(to: try await services.deny(denial, target: target(of: message), request, context), message: message)
        }
        do {
            return try await run(message, principal: principal, request, context)
        } catch let refusal as MessageRefusal {
            return try await refused(refusal, ori: message.ori, actor: actor)
        } catch let rejection as RecordRejection {
            let status = HTTPResponse.Status(code: ErrorMapping.problem(forRejection: rejection).statusCode)
            return Self.text(MessageReply.refused(rejection, key: message.key, ori: message.ori), status: status)
        } catch {
            guard let problem = ErrorMapping.problem(for: error) else { throw error }
            return respond(to: problem, message: message)
        }
    }

    private func run(_ message: Message, principal: Principal, _ request: Request, _ context: BlotterRequestContext) async throws -> Response {
        let actor = principal.actor(clientAddress: context.clientAddress)
        switch try MessageTranslator.request(for: message) {
        case .command(let command):
            let permission = AccessPolicy.permission(for: command, by: principal, at: services.clock.now(), rules: services.access.rules)
            try await authorize(permission, message, principal, request, context)
            return try await execute(command, message, principal, request, context)
        case .modify(let number, let changes, let expectedVersion):
            let permission = AccessPolicy.held(AccessPolicy.permissions(forChanging: number), by: principal, at: services.clock.now(), rules: services.access.rules)
            try await authorize(permission, message, principal, request, context)
            let command = try await services.records.modifyCommand(changes, number: number, expectedVersion: expectedVersion, by: actor)
            return try await execute(command, message, principal, request, context)
        case .search(let query, let queryContext):
            try await authorize(.query, message, principal, request, context)
            if let denial = AccessPolicy.denial(of: queryContext, to: principal) {
                throw try await services.deny(denial, target: target(of: message), request, context)
            }
            let answer = try await services.records.search(query, context: queryContext, by: actor)
            return Self.text(MessageReply.hits(message.key, ori: message.ori, hits: answer.hits, accessSequence: answer.accessSequence))
        case .read(let number, let asked):
            try await authorize(.readHistory, message, principal, request, context)
            let queryContext: QueryContext
            switch AccessPolicy.readByNumber(asked, by: principal) {
            case .success(let granted): queryContext = granted
            case .failure(let denial): throw try await services.deny(denial, target: target(of: message), request, context)
            }
            let answer = try await services.records.record(number, context: queryContext, by: actor)
            return Self.text(MessageReply.hits(message.key, ori: message.ori, hits: answer.hit.map { [$0] } ?? [], accessSequence: answer.accessSequence))
        }
    }

    private func execute(
        _ command: RecordCommand, _ message: Message, _ principal: Principal, _ request: Request, _ context: BlotterRequestContext
    ) async throws -> Response {
        let state = try await services.records.execute(
            command, by: principal.actor(clientAddress: context.clientAddress), idempotencyKey: try request.idempotencyKey(of: principal))
        let status = state.status(at: services.clock.now(), policy: services.records.policy)
        return Self.text(MessageReply.accepted(message.key, ori: message.ori, record: state, status: status),
                         status: message.key.action == .enter ? .created : .ok)
    }

    /// The permission check of every route, its refusal recorded with the message's target.
    private func authorize(
        _ permission: Permission, _ message: Message, _ principal: Principal, _ request: Request, _ context: BlotterRequestContext
    ) async throws {
        if let denial = AccessPolicy.denial(of: permission, to: principal, at: services.clock.now(), rules: services.access.rules) {
            throw try await services.deny(denial, target: target(of: message), request, context)
        }
    }

    /// What a refusal records a message was aimed at: its key and the record it names.
    private func target(of message: Message) -> String {
        (["MKE=\(message.key.text)"] + (message.value("NIC").map { ["NIC=\(String($0.prefix(20)))"] } ?? [])).joined(separator: " ")
    }

    /// The body as text: at most a message's length, UTF-8, composed.
    private func text(of request: Request) async throws -> String {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Message.maximumLength)
        } catch is NIOTooManyBytesError {
            throw MessageRefusal(keyText: "", field: "MSG", "is more than \(Message.maximumLength) bytes; a message holds at most \(Message.maximumLength)")
        }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw MessageRefusal(keyText: "", field: "MSG", "is not UTF-8 text")
        }
        return text.utf8.contains { $0 >= 0x80 } ? TextPolicy.normalized(text) : text
    }

    private func refused(_ refusal: MessageRefusal, ori: String, actor: EventActor) async throws -> Response {
        let rejection = try await services.records.refuse(refusal, by: actor)
        let reply = MessageReply.refused(keyText: refusal.keyText, ori: ori, rule: rejection.rule.rawValue, problems: refusal.problems,
                                         sequence: rejection.rejectionSequence)
        return Self.text(reply, status: .unprocessableContent)
    }

    private func respond(to problem: Problem, message: Message) -> Response {
        var problems = (problem.errors ?? []).map { FieldProblem(field: $0.field, $0.message) }
        if problems.isEmpty { problems = [FieldProblem(field: nil, problem.detail)] }
        let rule = problem.rule ?? String(problem.type.split(separator: "/").last ?? "refused")
        let reply = MessageReply.refused(keyText: message.key.text, ori: message.ori, rule: rule, problems: problems, sequence: problem.eventSequence)
        var response = Self.text(reply, status: HTTPResponse.Status(code: problem.statusCode))
        if let seconds = problem.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }

    static func text(_ reply: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: reply)))
    }
}
