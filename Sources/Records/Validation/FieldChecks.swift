import Ledger

/// Collects field problems while a validator walks the facts, prefixing nested field names.
struct FieldChecks {
    private(set) var problems: [FieldProblem] = []
    let today: CalendarDate
    private let prefix: String

    init(today: CalendarDate, prefix: String = "") {
        self.today = today
        self.prefix = prefix
    }

    func path(_ field: String) -> String { prefix.isEmpty ? field : prefix + "." + field }

    mutating func fail(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: path(field), message))
    }

    /// Validates a nested object under `field`.
    mutating func nested(_ field: String, _ body: (inout FieldChecks) -> Void) {
        var inner = FieldChecks(today: today, prefix: path(field))
        body(&inner)
        problems += inner.problems
    }

    mutating func required(_ value: String?, _ field: String, maximumLength: Int = 100) {
        guard let value, !value.trimmingSpaces.isEmpty else {
            fail(field, "is required")
            return
        }
        if value.count > maximumLength { fail(field, "is \(value.count) characters; at most \(maximumLength)") }
    }

    mutating func optional(_ value: String?, _ field: String, maximumLength: Int = 200) {
        if let value, value.count > maximumLength { fail(field, "is \(value.count) characters; at most \(maximumLength)") }
    }

    mutating func code(_ value: String?, _ field: String, in list: Set<String>, listName: String, required: Bool = true) {
        guard let value else {
            if required { fail(field, "is required") }
            return
        }
        if !list.contains(value) { fail(field, "\(value) is not a \(listName) code") }
    }

    mutating func code(_ value: String?, _ field: String, in list: [String: String], listName: String, required: Bool = true) {
        code(value, field, in: Set(list.keys), listName: listName, required: required)
    }

    mutating func notInFuture(_ date: CalendarDate, _ field: String) {
        if date > today { fail(field, "\(date) is in the future") }
    }

    /// Upper-case letters and digits only (plates, serial numbers, case numbers allow a hyphen too).
    mutating func identifier(_ value: String?, _ field: String, maximumLength: Int, allowHyphen: Bool = true) {
        required(value, field, maximumLength: maximumLength)
        guard let value else { return }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + (allowHyphen ? "-" : ""))
        if !value.isEmpty, !value.allSatisfy({ allowed.contains($0) }) {
            fail(field, "\(value) may hold only upper-case letters and digits" + (allowHyphen ? " (and hyphens)" : ""))
        }
    }

    /// A list no longer than its limit (a record is not a place to store ten thousand aliases).
    mutating func count<Element>(_ list: [Element], _ field: String, maximum: Int) {
        if list.count > maximum { fail(field, "holds \(list.count) entries; at most \(maximum)") }
    }

    mutating func vehicleYear(_ year: Int, _ field: String) {
        if year < 1900 || year > today.year + 1 { fail(field, "\(year) is not a model year between 1900 and \(today.year + 1)") }
    }
}

/// The longest lists a record may hold.
enum FieldLimits {
    static let aliases = 10
    static let scarsMarksTattoos = 20
    static let protectedPersons = 20
    static let conditions = 9
    static let addresses = 50
}
