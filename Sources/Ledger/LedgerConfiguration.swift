import LMDB

/// How a ledger is opened.
public struct LedgerConfiguration: Sendable {
    public var environment = EnvironmentConfiguration()
    /// Folded live with every append; rebuilt at open when new or of another version.
    public var projections: [any Projection] = []
    public var clock: any LedgerClock = SystemClock()

    public init(projections: [any Projection] = [], clock: any LedgerClock = SystemClock()) {
        self.projections = projections
        self.clock = clock
    }
}
