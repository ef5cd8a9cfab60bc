import Ledger

/// The week a weekly audit review covers (the FBI CJIS policy asks for the audit records to be
/// reviewed at least weekly): Monday 00:00 UTC to the next Monday, excluded.
public struct ReviewWeek: Hashable, Sendable {
    public let monday: CalendarDate

    /// The week holding `date`.
    public init(containing date: CalendarDate) {
        // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
        let sinceMonday = ((date.dayNumber + 3) % 7 + 7) % 7
        monday = date.adding(days: -sinceMonday)
    }

    /// The last week that ended at or before `time`.
    public static func lastComplete(before time: LedgerTime) -> ReviewWeek {
        ReviewWeek(containing: ReviewWeek(containing: CalendarDate(time)).monday.adding(days: -7))
    }

    public var from: LedgerTime { monday.startOfDay }
    public var to: LedgerTime { monday.adding(days: 7).startOfDay }
}
