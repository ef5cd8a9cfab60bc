import Ledger

/// What the rules decided about a command, before anything is written.
enum CommandDecision {
    /// Append these events to the record's stream; the first expects the record at `expectedVersion`.
    case accept(RecordNumber, [RecordEvent], expectedVersion: ExpectedVersion)
    /// The same, for a record already read (`prior`), so its state after the events is a fold away.
    case acceptChange(RecordState, [RecordEvent], expectedVersion: ExpectedVersion)
    case reject(RecordRejection.Rule, [FieldProblem], existing: RecordNumber? = nil)

    static func reject(_ rule: RecordRejection.Rule, field: String?, _ message: String) -> CommandDecision {
        .reject(rule, [FieldProblem(field: field, message)])
    }
}

/// What a decision needs to read: the acting user, the moment, and the records as they stand
/// in the write transaction (so commands in one batch see each other).
struct CommandContext {
    let transaction: LedgerWriteTransaction
    let actor: EventActor
    let now: LedgerTime
    let policy: RetentionPolicy

    var today: CalendarDate { CalendarDate(now) }

    var records: any ProjectionReader {
        get throws { try transaction.tables(of: RecordsProjection.self) }
    }

    func state(of number: RecordNumber) throws -> RecordState? {
        try RecordsProjection.state(of: number, in: records)
    }

    /// The record numbers filed under `key`.
    func numbers(under key: IndexKey) throws -> [RecordNumber] {
        var numbers: [RecordNumber] = []
        try records.forEach(in: RecordsProjection.keys, keyPrefix: key.prefix) { stored, _ in
            if let number = RecordNumber(String(decoding: stored.dropFirst(key.prefix.count), as: UTF8.self)) {
                numbers.append(number)
            }
            return true
        }
        return numbers
    }
}
