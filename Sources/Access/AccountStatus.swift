import Ledger
import Records

/// Rules on accounts: lockout, inactivity, certification. All judged at a moment from the
/// account's events, never by a background job.
public struct AccountRules: Hashable, Sendable {
    /// Consecutive failed logins that lock the account.
    public var failuresBeforeLock = 5
    /// An account unused this long is disabled.
    public var inactivityDays: Int64 = 90
    /// A session idle this long is locked.
    public var sessionIdleSeconds: Int64 = 30 * 60
    /// A session ends this long after login, however active.
    public var sessionLifetimeSeconds: Int64 = 12 * 3_600
    /// Training is due this long after assignment…
    public var trainingDueMonths = 6
    /// …and certification lapses this long after it was recorded.
    public var certificationYears = 2
    /// A one-time credential (a new user's, or a reset's) must be used within this.
    public var oneTimeCredentialHours: Int64 = 72

    public init() {}

    public static let standard = AccountRules()
}

/// Why an account cannot log in, if it cannot.
public enum LoginBlock: Hashable, Sendable {
    case disabled(String)
    case locked
    case inactive(since: LedgerTime)
    case noPassword
    /// The user must first enrol with the one-time credential they were given.
    case enrolmentPending
}

/// Whether a user may work with criminal-justice information now.
public enum CertificationStatus: Hashable, Sendable, Codable {
    case certified(until: CalendarDate)
    case lapsed(on: CalendarDate)
    /// Never certified; training is due by this date.
    case untrained(dueBy: CalendarDate)

    public var isCertified: Bool {
        if case .certified = self { return true }
        return false
    }
}

extension UserAccount {
    public func loginBlock(at time: LedgerTime, rules: AccountRules = .standard) -> LoginBlock? {
        if let disabledReason { return .disabled(disabledReason) }
        if isLocked { return .locked }
        if pendingEnrolment != nil { return .enrolmentPending }
        if passwordHash == nil { return .noPassword }
        let lastActive = [lastLoginAt, enabledAt].compactMap { $0 }.max() ?? createdAt
        if time >= lastActive.adding(seconds: rules.inactivityDays * 86_400) { return .inactive(since: lastActive) }
        return nil
    }

    public func certification(at time: LedgerTime, rules: AccountRules = .standard) -> CertificationStatus {
        let today = CalendarDate(time)
        guard let certifiedOn else {
            return .untrained(dueBy: assignedOn.addingMonths(rules.trainingDueMonths))
        }
        let until = certifiedOn.addingMonths(rules.certificationYears * 12)
        return today < until ? .certified(until: until) : .lapsed(on: until)
    }
}

extension CalendarDate {
    /// The same day `months` later (the month's last day when it is shorter).
    func addingMonths(_ months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        let lastDay = [31, (newYear % 4 == 0 && newYear % 100 != 0) || newYear % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][newMonth - 1]
        return CalendarDate(year: newYear, month: newMonth, day: min(day, lastDay)) ?? self
    }
}
