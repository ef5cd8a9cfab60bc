import Access
import Foundation
import Hummingbird
import Ledger
import Records

/// Records: entering them, every transaction on them, and audited reads of one record.
struct RecordsController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("records") { request, context in
            let facts = try await request.json(RecordFacts.self, context: context)
            return try await run(.enter(facts), request, context, status: .created, bodyPath: { "facts." + $0 })
        }
        group.post("records/{number}/modify") { request, context in
            let body = try await request.json(ModifyRequest.self, context: context)
            return try await run(.modify(try number(context), body.record, expectedVersion: body.expectedVersion), request, context,
                                 bodyPath: { $0 == "expectedVersion" || $0 == "kind" ? $0 : "record.facts." + $0 })
        }
        group.post("records/{number}/cancel") { request, context in
            let body = try await request.json(CancelRequest.self, context: context)
            return try await run(.cancel(try number(context), reason: body.reason, identifierAsEntered: body.identifierAsEntered), request, context)
        }
        group.post("records/{number}/clear") { request, context in
            try await run(.clear(try number(context), try await request.json(ClearDetails.self, context: context)), request, context)
        }
        group.post("records/{number}/disseminations") { request, context in
            try await run(.recordDissemination(try number(context), try await request.json(DisseminationDetails.self, context: context)), request, context)
        }
        group.post("records/{number}/locate") { request, context in
            try await run(.locate(try number(context), try await request.json(LocateDetails.self, context: context)), request, context)
        }
        group.post("records/{number}/hit-confirmations") { request, context in
            try await run(.requestHitConfirmation(try number(context), try await request.json(HitConfirmationRequest.self, context: context)), request, context)
        }
        group.post("records/{number}/hit-confirmations/answers") { request, context in
            try await run(.answerHitConfirmation(try number(context), try await request.json(HitConfirmationAnswer.self, context: context)), request, context)
        }
        group.post("records/{number}/check") { request, context in
            try await run(.checkEntry(try number(context)), request, context)
        }
        group.post("records/{number}/validate") { request, context in
            let body = try await request.json(ValidateRequest.self, context: context)
            return try await run(.validate(try number(context), remarks: body.remarks), request, context)
        }
        addOrderAndHistoryRoutes(to: group)
        addReadRoutes(to: group)
    }

    private func addOrderAndHistoryRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("records/{number}/serve") { request, context in
            try await run(.serveOrder(try number(context), try await request.json(ServiceDetails.self, context: context)), request, context)
        }
        group.post("records/{number}/renew") { request, context in
            let body = try await request.json(RenewRequest.self, context: context)
            return try await run(.renewOrder(try number(context), expiresOn: body.expiresOn), request, context)
        }
        group.post("records/{number}/terminate") { request, context in
            try await run(.terminateOrder(try number(context), try await request.json(TerminationDetails.self, context: context)), request, context)
        }
        group.post("records/{number}/history-entries") { request, context in
            try await run(.addHistoryEntry(try number(context), try await request.json(CriminalHistoryEntry.self, context: context)), request, context,
                          bodyPath: { $0.hasPrefix("entry.") ? String($0.dropFirst(6)) : $0 })
        }
        group.post("records/{number}/history-entries/{id}/corrections") { request, context in
            let body = try await request.json(CorrectionRequest.self, context: context)
            let id = try context.parameters.require("id")
            return try await run(.correctHistoryEntry(try number(context), id: String(id.prefix(20)), entry: body.entry, reason: body.reason), request, context,
                                 bodyPath: { $0 })
        }
        // A court's destruction order (PC 851.8): not a command on the record but a redaction
        // of the events that recorded the arrest, carried out in the domain (DestructionOrder).
        group.post("records/{number}/destructions") { request, context in
            let principal = try await services.authorize(.enterCourtRecords, request, context)
            let body = try await request.json(DestructionRequest.self, context: context)
            let order = DestructionOrder(number: try number(context), arrestID: body.arrestID, citation: body.order)
            return try await services.records.destroy(order, by: principal.actor(clientAddress: context.clientAddress))
        }
        group.post("records/{number}/moves") { request, context in
            let address = try await request.json(OffenderRegistrationFacts.Address.self, context: context)
            return try await run(.reportMove(try number(context), address), request, context,
                                 bodyPath: { $0.hasPrefix("address.") ? String($0.dropFirst(8)) : $0 })
        }
        group.post("records/{number}/annual-updates") { request, context in
            let body = try await request.json(AnnualUpdateRequest.self, context: context)
            return try await run(.recordAnnualUpdate(try number(context), on: body.on), request, context)
        }
    }

    private func addReadRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.get("records/{number}/history") { request, context in
            let principal = try await services.authorize(.readHistory, request, context)
            let number = try number(context)
            let queryContext = try await readContext(request, principal: principal, context: context)
            let answer = try await services.records.history(of: number, context: queryContext, by: principal.actor(clientAddress: context.clientAddress))
            guard !answer.steps.isEmpty else { throw Problem.notFound("no record \(number)", eventSequence: answer.accessSequence) }
            return HistoryResponse(number: number, accessSequence: answer.accessSequence, events: answer.steps)
        }
        group.get("records/{number}") { request, context in
            let principal = try await services.authorize(.readHistory, request, context)
            let number = try number(context)
            let queryContext = try await readContext(request, principal: principal, context: context)
            let read = try moment(request)
            let answer = try await services.records.record(
                number, read: read, context: queryContext, by: principal.actor(clientAddress: context.clientAddress))
            guard let hit = answer.hit else { throw Problem.notFound("no record \(number) at that moment", eventSequence: answer.accessSequence) }
            return RecordResponse(record: hit.record, status: hit.status, accessSequence: answer.accessSequence)
        }
        group.get("records/{number}/accesses") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            let number = try number(context)
            let queryContext = QueryContext(purpose: .administrative)
            let answer = try await services.records.accesses(
                to: number, context: queryContext, scope: AccessPolicy.auditScope(of: principal), by: principal.actor(clientAddress: context.clientAddress))
            return AccessesResponse(number: number, accessSequence: answer.accessSequence, accesses: answer.accesses)
        }
        group.get("agencies/{ori}/quality") { request, context in
            let ori = try await services.authorizeOwnAgency(.readQualityReport, reason: "an agency's quality list is its own", request, context)
            return QualityResponse(agency: ori, report: try services.records.qualityReport(for: ori))
        }
        group.get("agencies/{ori}/hit-confirmations") { request, context in
            let ori = try await services.authorizeOwnAgency(.readQualityReport, reason: "an agency's hit confirmations are its own", request, context)
            let overdue = request.uri.queryParameters.get("overdue")
            guard overdue == nil || overdue == "true" || overdue == "false" else { throw Problem.invalid(field: "overdue", "is true or false") }
            return try services.records.hitConfirmations(for: ori, overdueOnly: overdue == "true")
        }
        group.get("agencies/{ori}/statistics") { request, context in
            let ori = try await services.authorizeOwnAgency(.readQualityReport, reason: "an agency's statistics are its own", request, context)
            let (from, to) = (try request.ledgerTime("from"), try request.ledgerTime("to"))
            if let from, let to, !(from < to) { throw Problem.invalid(field: "to", "must be after from") }
            return try services.records.statistics(for: ori, from: from, to: to)
        }
    }

    /// Runs a command after checking the permission it needs; answers with the record.
    /// `bodyPath` turns a rule's field name into its path in the request body, so a problem
    /// names fields the way the client sent them.
    private func run(
        _ command: RecordCommand, _ request: Request, _ context: BlotterRequestContext, status: HTTPResponse.Status = .ok,
        bodyPath: @escaping (String) -> String = { $0 }
    ) async throws -> EditedResponse<RecordResponse> {
        let permission = AccessPolicy.permission(
            for: command, by: try context.requirePrincipal(), at: services.clock.now(), rules: services.access.rules)
        let principal = try await services.authorize(permission, request, context)
        let state: RecordState
        do {
            state = try await services.records.execute(
                command, by: principal.actor(clientAddress: context.clientAddress), idempotencyKey: try request.idempotencyKey(of: principal))
        } catch let rejection as RecordRejection where rejection.rule == .invalidField {
            var problem = Problem.invalid(rejection.problems.map { problem in
                Problem.FieldError(field: problem.field.map { $0 == "agency" ? $0 : bodyPath($0) }, message: problem.message)
            })
            problem.eventSequence = rejection.rejectionSequence
            throw problem
        }
        // The domain disclosed the record as a criminal-justice user may see it.
        let shown = RecordResponse(record: state, status: state.status(at: services.clock.now(), policy: services.records.policy), accessSequence: nil)
        return EditedResponse(status: status, headers: [.location: "/records/\(state.number)"], response: shown)
    }

    private func number(_ context: BlotterRequestContext) throws -> RecordNumber {
        let text = try context.parameters.require("number")
        guard let number = RecordNumber(text) else {
            throw Problem.invalid(field: "number", "\(text) is not a record number (a file code and ten digits, e.g. W0000001234)")
        }
        return number
    }

    /// The purpose and case number a read by number states, as query parameters.
    private func readContext(_ request: Request, principal: Principal, context: BlotterRequestContext) async throws -> QueryContext {
        guard let purposeText = request.uri.queryParameters.get("purpose") else {
            throw Problem.invalid(field: "purpose", "state the purpose code of this read (A, C, D, F, H, I, J, S, V or X)")
        }
        guard let purpose = PurposeCode(rawValue: purposeText) else {
            throw Problem.invalid(field: "purpose", "\(purposeText) is not a purpose code")
        }
        let asked = QueryContext(purpose: purpose, caseNumber: request.uri.queryParameters.get("caseNumber"), includeInactive: true, limit: 1)
        switch AccessPolicy.readByNumber(asked, by: principal) {
        case .success(let granted): return granted
        case .failure(let denial): throw try await services.deny(denial, request, context)
        }
    }

    /// Which version a read by number asks for: now, or as of a sequence or a time.
    private func moment(_ request: Request) throws -> RecordRead {
        if let text = request.uri.queryParameters.get("asOfSequence") {
            guard let sequence = UInt64(text), sequence > 0 else { throw Problem.invalid(field: "asOfSequence", "must be a positive integer") }
            return .recordAsOfSequence(sequence)
        }
        if let time = try request.ledgerTime("asOf") { return .recordAsOfTime(time) }
        return .record
    }
}

struct SearchController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("searches") { request, context in
            let principal = try await services.authorize(.query, request, context)
            let body = try await request.json(SearchRequest.self, context: context)
            if let denial = AccessPolicy.denial(of: body.context, to: principal) {
                throw try await services.deny(denial, request, context)
            }
            let answer = try await services.records.search(body.query, context: body.context, by: principal.actor(clientAddress: context.clientAddress))
            return SearchResponse(
                position: answer.position, asOf: answer.asOf, accessSequence: answer.accessSequence,
                hits: answer.hits)
        }
    }
}
