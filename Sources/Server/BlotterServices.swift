import Access
import Foundation
import Logging
import Ledger
import Records

/// Everything a running service holds: the ledger, its single writer, and the domains over it.
public final class BlotterServices: Sendable {
    public let ledger: Ledger
    public let writer: LedgerWriter
    public let records: RecordsService
    public let access: AccessService
    public let metrics: ServiceMetrics
    public let clock: any LedgerClock
    public let readerWatch: ReaderWatch

    /// The projections every process opening a Blotter ledger must fold.
    public static func projections(policy: RetentionPolicy = .standard) -> [any Projection] {
        RecordsService.projections(policy: policy) + [AccessService.projection]
    }

    public init(
        directory: String, clock: any LedgerClock = SystemClock(), passwordCost: UInt8 = 10, maximumMapMiB: Int = 1 << 20,
        writerConfiguration: LedgerWriterConfiguration = LedgerWriterConfiguration()
    ) throws {
        var configuration = LedgerConfiguration(projections: Self.projections(), clock: clock)
        configuration.maximumMapSizeBytes = max(maximumMapMiB, 1) << 20
        ledger = try Ledger(directory: directory, configuration: configuration)
        writer = LedgerWriter(ledger: ledger, configuration: writerConfiguration)
        access = AccessService(ledger: ledger, writer: writer, secondFactor: try SecondFactor(directory: directory), clock: clock, passwordCost: passwordCost)
        records = RecordsService(ledger: ledger, writer: writer, clock: clock, personnel: AccountHistory(rules: access.rules))
        readerWatch = ReaderWatch()
        metrics = ServiceMetrics(writer: writer, readerWatch: readerWatch)
        self.clock = clock
    }

    /// Lets queued commands finish and stops the writer; the environment closes when released.
    /// Failed authentications still counted are recorded first.
    public func shutdown() async {
        try? await access.flushAuthenticationFailures(force: true)
        await writer.shutdown()
    }

    /// The service's periodic work, until cancelled: recording the counted failed
    /// authentications of each window, and checking the ledger's readers.
    public func maintain(every interval: Duration = .seconds(10), checkpoints: CheckpointSchedule = CheckpointSchedule(intervalSeconds: 0), logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            do {
                try await access.flushAuthenticationFailures()
                checkReaders(logger: logger)
                try await checkpoints.signIfDue(self, logger: logger)
            } catch {
                logger.warning("maintenance failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One round of the reader check: clears dead processes' slots (which would pin old pages
    /// until the next process opens the ledger) and warns of a live reader pinning old pages.
    func checkReaders(logger: Logger) {
        guard let readers = try? ledger.checkReaders() else { return }
        let before = readerWatch.report.pinned
        let report = readerWatch.observe(readers, at: clock.now())
        if readers.staleCleared > 0 {
            logger.notice("cleared reader slots left by processes that died", metadata: ["slots": "\(readers.staleCleared)"])
        }
        if !report.pinned.isEmpty, report.pinned != before {
            logger.warning("a reader has held an old snapshot too long: the data file grows with every write until it ends", metadata: [
                "processes": "\(report.pinned.map(\.processID))", "oldestSeconds": "\(report.oldestAgeSeconds)",
                "lagTransactions": "\(report.oldestLagTransactions)",
            ])
        }
    }

    /// What keeps the service from full health now, each said plainly; empty when healthy.
    public func healthProblems() -> [String] {
        var problems: [String] = []
        if let fault = writer.metrics.storageFault {
            problems.append("writes are failing since \(fault.at): \(fault.description)")
        }
        let readers = readerWatch.report
        if !readers.pinned.isEmpty {
            problems.append("reader process \(readers.pinned.map(\.processID)) has held a snapshot for \(readers.oldestAgeSeconds) s "
                + "(\(readers.oldestLagTransactions) transactions old): freed pages cannot be reused and the data file grows until it ends")
        }
        return problems
    }
}
