import Ledger

/// An agency's record-quality work list.
public struct QualityReport: Hashable, Sendable, Codable {
    public struct DueRecord: Hashable, Sendable, Codable {
        public let number: RecordNumber
        public let opens: LedgerTime
        public let due: LedgerTime
    }

    /// Entries still awaiting a second user's check.
    public let unchecked: [RecordNumber]
    /// Records whose validation window is open.
    public let dueForValidation: [DueRecord]
    /// Records past their validation date: retired from current-state views until re-entered.
    public let overdue: [DueRecord]

    static func make(for agency: String, in reader: any ProjectionReader, at now: LedgerTime, policy: RetentionPolicy) throws -> QualityReport {
        var unchecked: [RecordNumber] = []
        let prefix = QualityIndex.agencyPrefix(agency)
        try reader.forEach(in: RecordsProjection.unchecked, keyPrefix: prefix) { key, _ in
            if let number = RecordNumber(String(decoding: key.dropFirst(prefix.count), as: UTF8.self)) { unchecked.append(number) }
            return true
        }
        var due: [DueRecord] = []
        var overdue: [DueRecord] = []
        let horizon = now.adding(seconds: (policy.firstValidationDueDays - policy.firstValidationOpensDays + policy.validationWindowDays) * 86_400)
        try reader.forEach(in: RecordsProjection.validation, keyPrefix: prefix) { key, _ in
            guard key.count > prefix.count + 9,
                  let number = RecordNumber(String(decoding: key.dropFirst(prefix.count + 9), as: UTF8.self)),
                  let state = try RecordsProjection.state(of: number, in: reader),
                  let schedule = state.validationSchedule(policy: policy)
            else { return true }
            if schedule.due > horizon { return false }
            let item = DueRecord(number: number, opens: schedule.opens, due: schedule.due)
            if now >= schedule.due { overdue.append(item) } else if now >= schedule.opens { due.append(item) }
            return true
        }
        return QualityReport(unchecked: unchecked, dueForValidation: due, overdue: overdue)
    }
}
