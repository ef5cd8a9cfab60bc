import Hummingbird
import Ledger

extension Request {
    /// The query parameter `name` as a ledger time (ISO 8601, UTC), nil when absent; a
    /// malformed one is a 400 naming the parameter.
    func ledgerTime(_ name: String) throws -> LedgerTime? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let time = LedgerTime(iso8601: text) else {
            throw Problem.invalid(field: name, "write the time as YYYY-MM-DDTHH:MM:SS.ffffffZ")
        }
        return time
    }
}
