import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `blotter audit subject|record`: the auditors' investigations, asked of a running service.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Investigate a person or a record through the running service (as an auditor; every investigation is recorded).",
        subcommands: [AuditSubjectCommand.self, AuditRecordCommand.self, AuditUserCommand.self, AuditAgencyCommand.self, AuditReportCommand.self])
}

struct AuditSubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: "Everything about one person: their records, every event, every access and every search that named them.",
        discussion: "Name the person by --state-id, --fbi-number, or --name with --dob. Prints the answer of POST /audit/subjects.")

    @OptionGroup var service: ServiceOptions

    @Option(name: .customLong("state-id"), help: "The person's state identification number.")
    var stateID: String?

    @Option(name: .customLong("fbi-number"), help: "The person's FBI number.")
    var fbiNumber: String?

    @Option(help: "The person's name as NCIC writes it, LAST, FIRST MIDDLE.")
    var name: String?

    @Option(help: "The date of birth, YYYYMMDD (with --name).")
    var dob: String?

    @Option(help: "M, F, X or U (with --name).")
    var sex: String?

    @Option(name: .customLong("tolerance-days"), help: "The birth-date window either side, in days (with --name).")
    var toleranceDays = 0

    @Option(name: .customLong("case-number"), help: "The complaint or case the investigation serves (recorded with it).")
    var caseNumber: String?

    func subject() throws -> [String: Any] {
        switch (stateID, fbiNumber, name) {
        case (let id?, nil, nil): return ["by": "stateID", "value": id]
        case (nil, let number?, nil): return ["by": "fbiNumber", "value": number]
        case (nil, nil, let name?):
            guard let dob else { throw ValidationError("--name needs --dob YYYYMMDD") }
            let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            var query: [String: Any] = ["by": "name", "last": parts[0], "dateOfBirth": dob, "toleranceDays": toleranceDays]
            if parts.count == 2, let first = parts[1].split(separator: " ").first { query["first"] = String(first) }
            if let sex { query["sex"] = sex }
            return query
        default:
            throw ValidationError("name the person by exactly one of --state-id, --fbi-number, or --name with --dob")
        }
    }

    func run() async throws {
        var body: [String: Any] = ["subject": try subject()]
        if let caseNumber { body["caseNumber"] = caseNumber }
        let answer = try await service.client().send("POST", "audit/subjects", json: try JSONSerialization.data(withJSONObject: body))
        try ServiceClient.print(answer, json: service.json, text: AuditText.subject)
    }
}

struct AuditRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "A record's history with every access that showed it, as one timeline (GET /audit/records/NUMBER/timeline).")

    @OptionGroup var service: ServiceOptions

    @Argument(help: "The record number, e.g. W0000001234.")
    var number: String

    @Option(name: .customLong("case-number"), help: "The complaint or case the audit serves (recorded with it).")
    var caseNumber: String?

    func run() async throws {
        let query = caseNumber.map { [URLQueryItem(name: "caseNumber", value: $0)] } ?? []
        let answer = try await service.client().send("GET", "audit/records/\(number)/timeline", query: query)
        try ServiceClient.print(answer, json: service.json, text: AuditText.record)
    }
}

/// The time range and case number an activity investigation takes.
struct ActivityOptions: ParsableArguments {
    @Option(help: "From this moment (included), UTC, YYYY-MM-DDTHH:MM:SS[.ffffff]Z.")
    var from: String?

    @Option(help: "To this moment (excluded), UTC, YYYY-MM-DDTHH:MM:SS[.ffffff]Z.")
    var to: String?

    @Option(name: .customLong("case-number"), help: "The complaint or case the investigation serves (recorded with it).")
    var caseNumber: String?

    var query: [URLQueryItem] {
        [("from", from), ("to", to), ("caseNumber", caseNumber)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
    }

    /// Asks the service for the activity at `path` and prints it.
    func run(_ path: String, _ service: ServiceOptions) async throws {
        try ServiceClient.print(try await service.client().send("GET", path, query: query), json: service.json, text: AuditText.activity)
    }
}

struct AuditUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Everything one user did in a time range: searches, reads, commands, refusals, logins (GET /audit/users/ID/activity).")

    @OptionGroup var service: ServiceOptions
    @OptionGroup var range: ActivityOptions

    @Argument(help: "The user id.")
    var userID: String

    func run() async throws {
        try await range.run("audit/users/\(userID)/activity", service)
    }
}

struct AuditAgencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agency",
        abstract: "Everything an agency's users did in a time range (GET /audit/agencies/ORI/activity).")

    @OptionGroup var service: ServiceOptions
    @OptionGroup var range: ActivityOptions

    @Argument(help: "The agency's ORI.")
    var ori: String

    func run() async throws {
        try await range.run("audit/agencies/\(ori)/activity", service)
    }
}

struct AuditReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The misuse signals over a period's searches and reads, each finding with its events (GET /audit/reports/misuse).",
        discussion: "Review every week (--week last: Monday to Monday, UTC): the FBI CJIS policy asks for a weekly review of the audit records.")

    @OptionGroup var service: ServiceOptions

    @Option(help: "From this moment (included), UTC, YYYY-MM-DDTHH:MM:SS[.ffffff]Z.")
    var from: String?

    @Option(help: "To this moment (excluded), UTC, YYYY-MM-DDTHH:MM:SS[.ffffff]Z.")
    var to: String?

    @Option(help: "Only this agency's users (an auditor of one agency: its own).")
    var agency: String?

    @Option(help: "Only this user's findings (judged against everyone in scope).")
    var user: String?

    @Option(help: "The review week holding this day (CCYYMMDD), Monday 00:00 UTC to the next Monday; or last, the last complete week. Instead of --from and --to.")
    var week: String?

    @Option(help: "Also write the report as a self-contained HTML page (charts inline, printable) to this file.")
    var html: String?

    func validate() throws {
        if week != nil && (from != nil || to != nil) { throw ValidationError("give --week, or --from and --to, not both") }
    }

    func run() async throws {
        let query = [("from", from), ("to", to), ("week", week), ("agency", agency), ("user", user)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let answer = try await service.client().send("GET", "audit/reports/misuse", query: query)
        try ServiceClient.print(answer, json: service.json, text: AuditText.misuse)
        if let html, let object = answer.object {
            try Data(try MisuseReportPage.render(object).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            FileHandle.standardError.write(Data("the report's page is in \(html)\n".utf8))
        }
    }
}

/// `blotter reproduce SEQ`: computes a past answer again through the service.
struct ReproduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Compute the answer of access event SEQ again and say whether it equals what was shown (GET /audit/accesses/SEQ/reproduction).",
        discussion: "Exits 0 when it matches, 3 when it differs (the finding says why), 1 on a refusal or error.")

    @OptionGroup var service: ServiceOptions

    @Argument(help: "The access event's sequence.")
    var sequence: UInt64

    func run() async throws {
        let answer = try await service.client().send("GET", "audit/accesses/\(sequence)/reproduction")
        try ServiceClient.print(answer, json: service.json, text: AuditText.reproduction)
        if answer.object?["matches"] as? Bool == false { throw ExitCode(3) }
    }
}
