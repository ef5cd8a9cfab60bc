/// How long a protective order may last from the day it is issued (or renewed), by its type
/// (domain brief, section 4; California law): an emergency order 7 calendar days (the 5th court
/// day or the 7th calendar day, whichever comes first: court days need the court's calendar,
/// so the calendar bound is the one enforced); a temporary order until its hearing, 25 days at
/// most (21, or 25 with good cause), a gun violence order 21; after a hearing, domestic
/// violence, elder or dependent adult abuse, civil harassment and gun violence orders 5 years,
/// workplace violence orders 3; a criminal protective order 10 years. An order may carry no
/// expiry (NCIC's "no expiration": one renewed permanently), except an emergency or temporary
/// one, which always ends.
struct ProtectiveOrderTerm: Hashable, Sendable, CustomStringConvertible {
    let days: Int
    let years: Int

    static func days(_ days: Int) -> ProtectiveOrderTerm { ProtectiveOrderTerm(days: days, years: 0) }
    static func years(_ years: Int) -> ProtectiveOrderTerm { ProtectiveOrderTerm(days: 0, years: years) }

    static func maximum(_ type: ProtectiveOrderFacts.OrderType, temporary: Bool) -> ProtectiveOrderTerm {
        switch type {
        case .emergency: return .days(7)
        case .criminalProtective: return .years(10)
        case .gunViolence: return temporary ? .days(21) : .years(5)
        case .workplaceViolence: return temporary ? .days(25) : .years(3)
        case .domesticViolence, .elderOrDependentAdultAbuse, .civilHarassment: return temporary ? .days(25) : .years(5)
        }
    }

    /// Whether an order of this type must give its expiry.
    static func mustExpire(_ type: ProtectiveOrderFacts.OrderType, temporary: Bool) -> Bool {
        type == .emergency || (temporary && type != .criminalProtective)
    }

    /// The last day an order of this term from `start` may run to.
    func latestExpiry(from start: CalendarDate) -> CalendarDate {
        guard years > 0 else { return start.adding(days: days) }
        // The same day `years` later; 29 February becomes 28 February in a common year.
        return CalendarDate(year: start.year + years, month: start.month, day: start.day)
            ?? CalendarDate(year: start.year + years, month: start.month, day: start.day - 1)!
    }

    var description: String {
        years > 0 ? "\(years) year\(years == 1 ? "" : "s")" : "\(days) day\(days == 1 ? "" : "s")"
    }
}

extension ProtectiveOrderFacts {
    /// What its type and kind of order allow of an expiry counted from `start` (the day it was
    /// issued, or renewed), or nil when `expiresOn` is within them.
    func termProblem(expiresOn: CalendarDate?, from start: CalendarDate) -> String? {
        let kind = "\(isTemporary ? "a temporary" : "an") \(orderType.rawValue) order"
        guard let expiresOn else {
            return ProtectiveOrderTerm.mustExpire(orderType, temporary: isTemporary) ? "\(kind) must give the day it expires" : nil
        }
        let term = ProtectiveOrderTerm.maximum(orderType, temporary: isTemporary)
        let latest = term.latestExpiry(from: start)
        return expiresOn > latest ? "\(kind) runs \(term) at most: from \(start), until \(latest), not \(expiresOn)" : nil
    }
}
