import Ledger

/// Where a record stands at a moment: computed from its events and that moment, never stored,
/// so "was it in force at T?" has one answer however late it is asked.
public struct RecordStatus: Hashable, Sendable, Codable {
    public enum State: String, Sendable, Codable {
        /// In force.
        case active
        /// In force, and found by another agency; the owner has yet to clear it.
        case located
        /// A missing person's record, ended by a locate.
        case ended
        case cleared
        case cancelled
        /// A protective order ended by the court.
        case terminated
        /// Past its expiry (an order, a temporary felony want).
        case expired
        /// Gone from current-state views by rule (not validated, located but never cleared,
        /// past its retention period); still in the ledger's history.
        case retired
    }

    public let state: State
    public let reason: String?

    /// Whether the record is a live hit: shown in current-state searches.
    public var isInForce: Bool { state == .active || state == .located }

    init(_ state: State, _ reason: String? = nil) {
        self.state = state
        self.reason = reason
    }
}

extension RecordState {
    /// The record's status at `time` under `policy`.
    public func status(at time: LedgerTime, policy: RetentionPolicy = .standard) -> RecordStatus {
        if let cancelled { return RecordStatus(.cancelled, cancelled.reason) }
        if cleared != nil { return RecordStatus(.cleared) }
        if let terminated { return RecordStatus(.terminated, terminated.details.reason) }
        if kind == .missingPerson, let locate = locates.first {
            return RecordStatus(.ended, "located by \(locate.by.agency)")
        }
        if let lapse = lapse(at: time, policy: policy) { return lapse }
        if !locates.isEmpty { return RecordStatus(.located, "located by \(locates[0].by.agency)") }
        if let due = annualUpdateMissed(at: time) {
            return RecordStatus(.active, "annual update missed: it was due on \(due)")
        }
        return RecordStatus(.active)
    }

    /// Whether the record shows in current-state views at `status`: in force, or a
    /// registration or licence past its expiry (still the vehicle's or driver's record, shown
    /// with its status, as an expired plate is what a stop finds).
    public func isCurrent(_ status: RecordStatus) -> Bool {
        status.isInForce || (status.state == .expired && (kind == .vehicleRegistration || kind == .driverLicence))
    }

    /// The due date of an annual update missed at `time` (the due day over without one); nil if
    /// none is missed or the record is not an offender registration.
    public func annualUpdateMissed(at time: LedgerTime) -> CalendarDate? {
        guard let due = annualUpdateDue, due.isOver(at: time) else { return nil }
        return due
    }

    /// When an offender registration's next annual update falls due: a year after the last
    /// one, or after registering; nil for other kinds.
    public var annualUpdateDue: CalendarDate? {
        guard case .offenderRegistration(let registration) = facts else { return nil }
        let last = registration.lastAnnualUpdate ?? registration.registeredOn
        // A registration on 29 February falls due on the 28th in other years.
        return CalendarDate(year: last.year + 1, month: last.month, day: last.day) ?? CalendarDate(year: last.year + 1, month: last.month, day: 28)
    }

    /// Expiry and retirement by the passage of time.
    private func lapse(at time: LedgerTime, policy: RetentionPolicy) -> RecordStatus? {
        if let locate = locates.first, time >= locate.by.at.adding(seconds: policy.locatedUnclearedDays * 86_400) {
            return RecordStatus(.retired, "located \(policy.locatedUnclearedDays) days ago and never cleared")
        }
        if case .wantedPerson(let want) = facts, want.classification == .temporaryFelony,
           time >= entered.at.adding(seconds: policy.temporaryFelonyHours * 3_600) {
            return RecordStatus(.expired, "a temporary felony want lapses \(policy.temporaryFelonyHours) hours after entry")
        }
        if case .protectiveOrder(let order) = facts, let expiry = order.expiresOn, expiry.isOver(at: time) {
            return RecordStatus(.expired, "the order expired on \(expiry)")
        }
        if case .vehicleRegistration(let registration) = facts, registration.expiresOn.isOver(at: time) {
            return RecordStatus(.expired, "the registration expired on \(registration.expiresOn)")
        }
        if case .driverLicence(let licence) = facts, licence.expiresOn.isOver(at: time) {
            return RecordStatus(.expired, "the licence expired on \(licence.expiresOn)")
        }
        if kind.requiresValidation, let schedule = validationSchedule(policy: policy), time >= schedule.due {
            return RecordStatus(.retired, "not validated by \(CalendarDate(schedule.due))")
        }
        if let retention = retentionEnd(policy: policy), time >= retention {
            return RecordStatus(.retired, "its retention period ended on \(CalendarDate(retention))")
        }
        return nil
    }

    /// When the next validation window opens and when the record is overdue.
    public func validationSchedule(policy: RetentionPolicy = .standard) -> (opens: LedgerTime, due: LedgerTime)? {
        guard kind.requiresValidation else { return nil }
        let day: Int64 = 86_400
        if let last = lastValidated {
            let due = last.at.adding(seconds: policy.validationIntervalDays * day)
            return (due.adding(seconds: -policy.validationWindowDays * day), due)
        }
        return (entered.at.adding(seconds: policy.firstValidationOpensDays * day),
                entered.at.adding(seconds: policy.firstValidationDueDays * day))
    }

    /// Stolen articles and plates: the rest of the entry year plus some years.
    private func retentionEnd(policy: RetentionPolicy) -> LedgerTime? {
        let extra: Int
        switch kind {
        case .stolenArticle: extra = policy.articleExtraYears
        case .stolenPlate: extra = policy.plateExtraYears
        default: return nil
        }
        let entryYear = CalendarDate(entered.at).year
        return CalendarDate(year: entryYear + extra + 1, month: 1, day: 1)?.startOfDay
    }
}
