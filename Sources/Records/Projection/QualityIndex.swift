import Ledger

/// The record-quality lists of each agency: entries awaiting their second-party check, and
/// records by the date their validation falls due.
enum QualityIndex {
    /// `owner 0x00 recordNumber` for each record not yet checked (and still open).
    static func uncheckedKey(_ state: RecordState) -> [UInt8]? {
        guard state.checked == nil, state.isOpen else { return nil }
        return Array(state.owner.utf8) + [0] + Array(state.number.text.utf8)
    }

    /// `owner 0x00 due (i64 µs) 0x00 recordNumber` for each open record that must be validated.
    static func validationKey(_ state: RecordState, policy: RetentionPolicy) -> [UInt8]? {
        guard state.isOpen, let schedule = state.validationSchedule(policy: policy) else { return nil }
        return agencyPrefix(state.owner) + dueBytes(schedule.due) + [0] + Array(state.number.text.utf8)
    }

    static func agencyPrefix(_ agency: String) -> [UInt8] {
        Array(agency.utf8) + [0]
    }

    static func dueBytes(_ time: LedgerTime) -> [UInt8] {
        withUnsafeBytes(of: UInt64(bitPattern: time.microsecondsSinceEpoch).bigEndian) { Array($0) }
    }
}

extension RecordState {
    /// Not ended by its owner or the court: quality lists and lifecycle rules still apply.
    var isOpen: Bool {
        cancelled == nil && cleared == nil && terminated == nil && !(kind == .missingPerson && !locates.isEmpty)
    }
}
