import Ledger
import Records

/// The accounts as misuse reports need them: each user's account after every event of their
/// own streams (`user/…`, `auth/…`), so a report can judge each access by the account as it
/// stood then, not as it stands now.
public struct AccountHistory: PersonnelHistory {
    let rules: AccountRules

    public init(rules: AccountRules = .standard) {
        self.rules = rules
    }

    public func personnel(in transaction: LedgerReadTransaction, through position: UInt64) -> any PersonnelLookup {
        AccountTimelines(transaction: transaction, position: position, rules: rules)
    }
}

/// Each user's account versions, folded on first need and kept for the rest of the report.
final class AccountTimelines: PersonnelLookup {
    private let transaction: LedgerReadTransaction
    private let position: UInt64
    private let rules: AccountRules
    /// Each user's account after each of their events, with its standing before time-bound rules.
    private var versions: [String: [Version]] = [:]

    struct Version {
        let sequence: UInt64
        let account: UserAccount
        let standing: UserStanding
    }

    init(transaction: LedgerReadTransaction, position: UInt64, rules: AccountRules) {
        self.transaction = transaction
        self.position = position
        self.rules = rules
    }

    func standing(of userID: String, before sequence: UInt64, at time: LedgerTime) throws -> UserStanding? {
        let versions = try self.versions(of: userID)
        // The last version made by an event before `sequence` (versions ascend by sequence).
        var low = 0, high = versions.count
        while low < high {
            let middle = (low + high) / 2
            if versions[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let version = versions[low - 1]
        let account = version.account
        return version.standing.judged(
            disabled: account.disabledReason.map { "disabled (\($0))" }, unused: Self.unused(account, at: time, rules: rules),
            uncertified: Self.uncertified(account, at: time, rules: rules))
    }

    /// Why `account` could not log in at `time` for want of use, if so. A lock after failed
    /// logins is not such a reason (it says nothing of whether the user still has the job), so
    /// inactivity is judged past it.
    static func unused(_ account: UserAccount, at time: LedgerTime, rules: AccountRules) -> String? {
        guard account.passwordHash != nil else { return nil }
        var unlocked = account
        unlocked.isLocked = false
        guard case .inactive(let since)? = unlocked.loginBlock(at: time, rules: rules) else { return nil }
        return "unused since \(CalendarDate(since)), past the \(rules.inactivityDays)-day limit"
    }

    /// Why `account`'s holder could not touch records at `time` for want of certification, for
    /// roles that need one: lapsed, or training overdue.
    static func uncertified(_ account: UserAccount, at time: LedgerTime, rules: AccountRules) -> String? {
        let needsCertification = account.roles.sorted.contains { AccessPolicy.permissions(of: $0).contains(where: \.needsCertification) }
        guard needsCertification else { return nil }
        switch account.certification(at: time, rules: rules) {
        case .certified: return nil
        case .lapsed(let on): return "certification lapsed on \(on)"
        case .untrained(let dueBy): return CalendarDate(time) > dueBy ? "never certified (training was due by \(dueBy))" : nil
        }
    }

    private func versions(of userID: String) throws -> [Version] {
        if let known = versions[userID] { return known }
        let events = (try transaction.streamEvents(AccessEvent.stream(user: userID), throughSequence: position)
            + transaction.streamEvents(AccessEvent.loginStream(user: userID), throughSequence: position)).sorted { $0.sequence < $1.sequence }
        let projection = AccessProjection()
        let store = MemoryProjectionStore(projection: projection)
        var folded: [Version] = []
        for event in events {
            try projection.apply(event, to: store)
            guard let account = try AccessProjection.user(userID, in: store) else { continue }
            let standing = UserStanding(
                name: account.name, purposes: account.roles.sorted.reduce(into: Set()) { $0.formUnion($1.purposes) }, address: account.homeAddress)
            folded.append(Version(sequence: event.sequence, account: account, standing: standing))
        }
        versions[userID] = folded
        return folded
    }
}
