import Ledger

/// An agency's record-quality work list.
public struct QualityReport: Hashable, Sendable, Codable {
    public struct DueRecord: Hashable, Sendable, Codable {
        public let number: RecordNumber
        public let opens: LedgerTime
        public let due: LedgerTime
    }

    /// An entry whose second-party check is overdue.
    public struct OverdueCheck: Hashable, Sendable, Codable {
        public let number: RecordNumber
        public let enteredAt: LedgerTime
        public let due: LedgerTime
    }

    /// A second user checks an entry within this long [unverified default: three days]: an entry
    /// unchecked past it is flagged (it stays in force; the check is a quality control).
    public static let checkDueHours: Int64 = 72

    /// Entries still awaiting a second user's check.
    public let unchecked: [RecordNumber]
    /// Those of them entered more than `checkDueHours` ago, oldest entry first.
    public let checksOverdue: [OverdueCheck]
    /// Records whose validation window is open.
    public let dueForValidation: [DueRecord]
    /// Records past their validation date: retired from current-state views until re-entered.
    public let overdue: [DueRecord]
    /// Open offender registrations whose annual update is past due, longest overdue first.
    public let missedAnnualUpdates: [MissedAnnualUpdate]

    public struct MissedAnnualUpdate: Hashable, Sendable, Codable {
        public let number: RecordNumber
        public let due: CalendarDate
    }

    static func make(for agency: String, in reader: any ProjectionReader, at now: LedgerTime, policy: RetentionPolicy) throws -> QualityReport {
        var unchecked: [RecordNumber] = []
        var checksOverdue: [OverdueCheck] = []
        let prefix = QualityIndex.agencyPrefix(agency)
        try reader.forEach(in: RecordsProjection.unchecked, keyPrefix: prefix) { key, _ in
            guard let number = RecordNumber(String(decoding: key.dropFirst(prefix.count), as: UTF8.self)) else { return true }
            unchecked.append(number)
            if let entered = try RecordsProjection.state(of: number, in: reader)?.entered.at {
                let due = entered.adding(seconds: checkDueHours * 3_600)
                if now >= due { checksOverdue.append(OverdueCheck(number: number, enteredAt: entered, due: due)) }
            }
            return true
        }
        checksOverdue.sort { ($0.enteredAt, $0.number) < ($1.enteredAt, $1.number) }
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
        return QualityReport(unchecked: unchecked, checksOverdue: checksOverdue, dueForValidation: due, overdue: overdue,
                             missedAnnualUpdates: try missedAnnualUpdates(of: agency, in: reader, at: now))
    }

    static func missedAnnualUpdates(of agency: String, in reader: any ProjectionReader, at now: LedgerTime) throws -> [MissedAnnualUpdate] {
        let prefix = IndexKey(type: .offenderRegistrationOwner, value: agency).prefix
        var missed: [MissedAnnualUpdate] = []
        try reader.forEach(in: RecordsProjection.keys, keyPrefix: prefix) { key, _ in
            guard let number = RecordNumber(String(decoding: key.dropFirst(prefix.count), as: UTF8.self)),
                  let state = try RecordsProjection.state(of: number, in: reader), state.isOpen,
                  let due = state.annualUpdateMissed(at: now)
            else { return true }
            missed.append(MissedAnnualUpdate(number: number, due: due))
            return true
        }
        return missed.sorted { ($0.due, $0.number) < ($1.due, $1.number) }
    }
}
