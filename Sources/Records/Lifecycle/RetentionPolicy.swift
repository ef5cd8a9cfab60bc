import Ledger

/// The periods that retire, expire or require validation of records. Where the domain brief
/// marks a rule unverified these are configurable defaults.
public struct RetentionPolicy: Hashable, Sendable {
    /// A temporary felony want lapses this long after entry.
    public var temporaryFelonyHours: Int64 = 48
    /// A located record its owner never clears is retired this long after the first locate.
    public var locatedUnclearedDays: Int64 = 14
    /// The first validation is due in this window after entry…
    public var firstValidationOpensDays: Int64 = 60
    public var firstValidationDueDays: Int64 = 90
    /// …then every year, the window opening this many days before the anniversary.
    public var validationIntervalDays: Int64 = 365
    public var validationWindowDays: Int64 = 30
    /// Stolen articles live the rest of the entry year plus this many years.
    public var articleExtraYears = 1
    /// Stolen licence plates live the rest of the entry year plus this many years.
    public var plateExtraYears = 4

    public init() {}

    public static let standard = RetentionPolicy()
}
