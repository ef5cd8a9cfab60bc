import Foundation
import Ledger
import Records

/// Format rules for what the access layer stores: identifiers and free text.
enum AccessValidation {
    /// API keys one user may hold at once.
    static let maximumAPIKeys = 20

    static func userIDProblem(_ userID: String) -> AccessCommandHandler.Refusal? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard (3...64).contains(userID.count), userID.allSatisfy({ allowed.contains($0) }) else {
            return .invalid("userID", "a user id is 3-64 lower-case letters, digits, dots, hyphens or underscores")
        }
        return nil
    }

    static func agencyProblem(_ agency: Agency) -> AccessCommandHandler.Refusal? {
        if let problem = RecordsValidation.agencyProblem(agency.ori) { return .invalid("ori", problem) }
        return textProblem(agency.name, field: "name", maximumLength: 100)
    }

    /// Required text within the text policy and a length.
    static func textProblem(_ text: String, field: String, maximumLength: Int) -> AccessCommandHandler.Refusal? {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return .invalid(field, "is required") }
        if text.count > maximumLength { return .invalid(field, "is \(text.count) characters; at most \(maximumLength)") }
        if let problem = TextPolicy.problem(with: text) { return .invalid(field, problem) }
        return nil
    }

    /// The same checks for callers outside a command (bootstrap), as an error to throw.
    static func check(_ refusal: AccessCommandHandler.Refusal?) throws {
        if let refusal { throw AccessError.invalid(field: refusal.field ?? "input", reason: refusal.reason) }
    }
}
