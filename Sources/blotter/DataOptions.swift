import ArgumentParser
import Ledger
import Records
import Server

/// The options every command shares: where the ledger lives and how large it may grow.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The ledger's data directory.")
    var directory = "blotter-data"

    @Option(name: .customLong("maximum-map-mib"), help: "The largest the ledger's memory map may grow, in MiB (it starts small and doubles as it fills).")
    var maximumMapMiB = 1 << 20

    /// What a command does with the ledger, which decides how it is opened.
    enum Use {
        /// Reads only (verify, stats, proofs, rebuild --check): opened read-only, so nothing is
        /// created, written or rebuilt, and the service may run meanwhile.
        case inspect
        /// Reads only, as `inspect`, after checking the structure of every page in use
        /// (verify, and backup's check of its copy).
        case verify
        /// Writes to an existing ledger (checkpoint, rebuild); a missing one is refused.
        case maintain
        /// Fills a ledger (demo, seed): created when the directory holds none.
        case populate
    }

    func openLedger(for use: Use) throws -> Ledger {
        var configuration = LedgerConfiguration(projections: BlotterProjections.all)
        configuration.maximumMapSizeBytes = max(maximumMapMiB, 1) << 20
        configuration.createsMissingLedger = use == .populate
        configuration.readOnly = use == .inspect || use == .verify
        configuration.checksPages = use == .verify
        return try Ledger(directory: directory, configuration: configuration)
    }
}

/// The projections every process that opens a Blotter ledger folds: all of them must register
/// the same set, or events one process appends would be missing from another's projections.
enum BlotterProjections {
    static let all: [any Projection] = BlotterServices.projections()
}
