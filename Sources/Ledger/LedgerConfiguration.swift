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

    /// The largest the memory map may grow; past it, writes fail with `LedgerError.storageFull`.
    public var maximumMapSizeBytes: Int {
        get { environment.maximumMapSizeBytes }
        set {
            environment.maximumMapSizeBytes = max(newValue, 1 << 20)
            environment.initialMapSizeBytes = min(environment.initialMapSizeBytes, environment.maximumMapSizeBytes)
        }
    }

    /// Whether opening a directory holding no ledger creates one. Tools that inspect or repair a
    /// ledger set it false, so that a lost data file is reported instead of replaced by an
    /// empty ledger that would verify as intact.
    public var createsMissingLedger = true

    /// Check every page in use before reading any (see `EnvironmentConfiguration.checksPages`).
    public var checksPages: Bool {
        get { environment.checksPages }
        set { environment.checksPages = newValue }
    }

    /// Opened only to read: nothing is created, written or rebuilt.
    public var readOnly: Bool {
        get { environment.readOnly }
        set { environment.readOnly = newValue }
    }
}
