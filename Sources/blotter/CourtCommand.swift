import ArgumentParser
import Foundation

/// `blotter court seal|relief|destroy`: a court clerk's orders, sent to the running service
/// (as `blotter audit` is), so each is authorised and recorded there.
struct CourtCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "court",
        abstract: "Enter a court's order on an arrest through the running service (as a court clerk).",
        subcommands: [CourtSealCommand.self, CourtReliefCommand.self, CourtDestroyCommand.self])
}

/// The record, the arrest and the order every court verb names.
struct CourtOrderOptions: ParsableArguments {
    @Argument(help: "The criminal history's record number, e.g. C0000001234.")
    var number: String

    @Option(help: "The arrest's entry id on the rap sheet.")
    var arrest: String

    @Option(help: "The order's citation: court, case number, date.")
    var order: String

    @Option(help: "The order's date, YYYYMMDD (default today, UTC).")
    var date: String?

    var orderDate: String {
        if let date { return date }
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        return formatter.string(from: Date())
    }

    /// The relief entry that records `statute` for the arrest.
    func reliefEntry(_ statute: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "kind": "relief", "date": orderDate, "arrestID": arrest, "relief": statute, "courtCase": order,
        ])
    }
}

struct CourtSealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal an arrest (PC 851.91): afterwards only criminal-justice purposes see it.")

    @OptionGroup var service: ServiceOptions
    @OptionGroup var order: CourtOrderOptions

    func run() async throws {
        let answer = try await service.client().send("POST", "records/\(order.number)/history-entries", json: try order.reliefEntry("PC 851.91"))
        try ServiceClient.print(answer, json: service.json) { _ in "sealed: arrest \(order.arrest) of \(order.number) under PC 851.91 (\(order.order))" }
    }
}

struct CourtReliefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relief",
        abstract: "Record relief on an arrest: PC 1203.4 dismissal, or PC 851.93 / 1203.425 automatic relief.")

    @OptionGroup var service: ServiceOptions
    @OptionGroup var order: CourtOrderOptions

    @Option(help: "The relief statute: \"PC 1203.4\" or \"PC 851.93\".")
    var statute: String

    func validate() throws {
        guard ["PC 1203.4", "PC 851.93"].contains(statute) else {
            throw ValidationError("--statute is \"PC 1203.4\" or \"PC 851.93\" (seal with blotter court seal, destroy with blotter court destroy)")
        }
    }

    func run() async throws {
        let answer = try await service.client().send("POST", "records/\(order.number)/history-entries", json: try order.reliefEntry(statute))
        try ServiceClient.print(answer, json: service.json) { _ in "relief recorded: arrest \(order.arrest) of \(order.number) under \(statute) (\(order.order))" }
    }
}

struct CourtDestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Destroy an arrest and every entry about it (PC 851.8): removed from the events and every answer.",
        discussion: "Then stop the service and run blotter compact, which rewrites the data file without the old bytes.")

    @OptionGroup var service: ServiceOptions
    @OptionGroup var order: CourtOrderOptions

    func run() async throws {
        let body = try JSONSerialization.data(withJSONObject: ["arrestID": order.arrest, "order": order.order])
        let answer = try await service.client().send("POST", "records/\(order.number)/destructions", json: body)
        try ServiceClient.print(answer, json: service.json) { destruction in
            let removed = (destruction["removedEvents"] as? [Any] ?? []).map { "\($0)" }.joined(separator: ", ")
            return """
                destroyed: arrest \(order.arrest) of \(order.number); payloads of events \(removed) removed; the order is event \(destruction["redactionSequence"] ?? "?")
                the old bytes stay in the data file until it is rewritten: stop the service and run blotter compact
                """
        }
    }
}
