import Access
import Foundation
import Hummingbird
import Ledger
import Records

/// The auditors' routes: a record's timeline, a subject investigation, and the reproduction of
/// any past answer. Each is itself recorded (an access event, or for a reproduction an
/// `AccessReproduced` event), and each is scoped: an auditor of one agency sees that agency's
/// records and its own users' reads.
struct AuditController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.get("audit/records/{number}/timeline") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            let text = try context.parameters.require("number")
            guard let number = RecordNumber(text) else {
                throw Problem.invalid(field: "number", "\(text) is not a record number (a file code and ten digits, e.g. W0000001234)")
            }
            let answer = try await services.records.timeline(
                of: number, context: QueryContext(purpose: .administrative, caseNumber: request.uri.queryParameters.get("caseNumber")),
                scope: AccessPolicy.auditScope(of: principal), by: principal.actor(clientAddress: context.clientAddress))
            guard !answer.timeline.isEmpty else { throw Problem.notFound("no record \(number)", eventSequence: answer.accessSequence) }
            return TimelineResponse(number: number, position: answer.position, accessSequence: answer.accessSequence, timeline: answer.timeline)
        }
        group.post("audit/subjects") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            let body = try await request.json(SubjectRequest.self, context: context)
            let answer = try await services.records.investigate(
                body.subject, context: QueryContext(purpose: .administrative, caseNumber: body.caseNumber),
                scope: AccessPolicy.auditScope(of: principal), by: principal.actor(clientAddress: context.clientAddress))
            return SubjectResponse(
                position: answer.position, asOf: answer.asOf, accessSequence: answer.accessSequence, subject: answer.investigation.subject,
                records: answer.investigation.records, timeline: answer.investigation.timeline)
        }
        group.get("audit/users/{userID}/activity") { request, context in
            try await activity(of: .user(try context.parameters.require("userID")), request, context)
        }
        group.get("audit/agencies/{ori}/activity") { request, context in
            try await activity(of: .agency(try context.parameters.require("ori")), request, context)
        }
        group.get("audit/reports/misuse") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            var (from, to) = (try request.ledgerTime("from"), try request.ledgerTime("to"))
            if let week = try week(request) {
                guard from == nil, to == nil else { throw Problem.invalid(field: "week", "give a week, or from and to, not both") }
                (from, to) = (week.from, week.to)
            }
            return try await services.records.misuseReport(
                from: from, to: to, scope: AccessPolicy.auditScope(of: principal), agency: request.uri.queryParameters.get("agency"),
                user: request.uri.queryParameters.get("user"), by: principal.actor(clientAddress: context.clientAddress))
        }
        group.get("audit/watchlist") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            let answer = try services.records.watchList(scope: AccessPolicy.auditScope(of: principal))
            let read = try await services.access.recordAuditTrailRead("watchlist", by: principal, clientAddress: context.clientAddress)
            return WatchListListing(position: answer.position, readSequence: read, flags: answer.flags.map(WatchListListing.Flag.init))
        }
        group.post("audit/watchlist") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            let body = try await request.json(FlagRequest.self, context: context)
            let sequence = try await services.records.flag(body.subject, reason: body.reason, by: principal.actor(clientAddress: context.clientAddress))
            return EditedResponse(status: .created, response: WatchListResponse(eventSequence: sequence))
        }
        group.post("audit/watchlist/{sequence}/removal") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            guard let flag = UInt64(try context.parameters.require("sequence")), flag > 0 else {
                throw Problem.invalid(field: "sequence", "must be a positive integer")
            }
            let body = try await request.json(UnflagRequest.self, context: context)
            let sequence = try await services.records.unflag(flag, reason: body.reason, by: principal.actor(clientAddress: context.clientAddress))
            return WatchListResponse(eventSequence: sequence)
        }
        group.get("audit/accesses/{sequence}/reproduction") { request, context in
            let principal = try await services.authorize(.readAccessLog, request, context)
            guard let sequence = UInt64(try context.parameters.require("sequence")), sequence > 0 else {
                throw Problem.invalid(field: "sequence", "must be a positive integer")
            }
            return try await services.records.reproduce(
                accessSequence: sequence, scope: AccessPolicy.auditScope(of: principal), by: principal.actor(clientAddress: context.clientAddress))
        }
    }
}

extension AuditController {
    private func activity(of subject: RecordQuery, _ request: Request, _ context: BlotterRequestContext) async throws -> ActivityResponse {
        let principal = try await services.authorize(.readAccessLog, request, context)
        let answer = try await services.records.activity(
            of: subject, from: try request.ledgerTime("from"), to: try request.ledgerTime("to"),
            context: QueryContext(purpose: .administrative, caseNumber: request.uri.queryParameters.get("caseNumber")),
            scope: AccessPolicy.auditScope(of: principal), by: principal.actor(clientAddress: context.clientAddress))
        return ActivityResponse(
            position: answer.position, accessSequence: answer.accessSequence, subject: subject,
            truncated: answer.investigation.truncated, entries: answer.investigation.entries)
    }

    /// `week=CCYYMMDD` (the week holding that day) or `week=last` (the last complete week).
    private func week(_ request: Request) throws -> ReviewWeek? {
        guard let text = request.uri.queryParameters.get("week") else { return nil }
        if text == "last" { return ReviewWeek.lastComplete(before: services.clock.now()) }
        guard let date = CalendarDate(text) else { throw Problem.invalid(field: "week", "write a day of the week as CCYYMMDD, or last") }
        return ReviewWeek(containing: date)
    }
}

struct ActivityResponse: ResponseEncodable {
    let position: UInt64
    let accessSequence: UInt64
    let subject: RecordQuery
    let truncated: Bool
    let entries: [ActivityEntry]
}

struct FlagRequest: Decodable {
    /// The person: `{"by": "stateID" | "fbiNumber", "value"}` or a name query.
    let subject: RecordQuery
    let reason: String
}

struct UnflagRequest: Decodable {
    let reason: String
}

/// The flags in force; reading them is recorded (`AuditTrailRead`, `readSequence`).
struct WatchListListing: ResponseEncodable {
    let position: UInt64
    let readSequence: UInt64
    let flags: [Flag]

    struct Flag: Encodable {
        let sequence: UInt64
        let subject: RecordQuery
        let reason: String
        let flaggedBy: String
        let agency: String

        init(_ flag: WatchList.Flag) {
            sequence = flag.sequence
            subject = flag.subject
            reason = flag.reason
            flaggedBy = flag.flaggedBy.userID
            agency = flag.flaggedBy.agency
        }
    }
}

/// The watch-list event a request appended (the flag's sequence, for a new flag).
struct WatchListResponse: ResponseEncodable {
    let eventSequence: UInt64
}

struct SubjectRequest: Decodable {
    /// The person: `{"by": "stateID" | "fbiNumber", "value"}` or `{"by": "name", "last", "first", "dateOfBirth", …}`.
    let subject: RecordQuery
    /// The complaint or case the investigation serves.
    let caseNumber: String?
}

struct TimelineResponse: ResponseEncodable {
    let number: RecordNumber
    let position: UInt64
    let accessSequence: UInt64
    let timeline: [TimelineEntry]
}

struct SubjectResponse: ResponseEncodable {
    let position: UInt64
    let asOf: LedgerTime
    let accessSequence: UInt64
    let subject: RecordQuery
    let records: [SearchHit]
    let timeline: [TimelineEntry]
}

extension Reproduction: ResponseEncodable {}

extension MisuseReportAnswer: ResponseEncodable {}
