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
        records = RecordsService(ledger: ledger, writer: writer, clock: clock)
        access = AccessService(ledger: ledger, writer: writer, secondFactor: try SecondFactor(directory: directory), clock: clock, passwordCost: passwordCost)
        metrics = ServiceMetrics(writer: writer)
        self.clock = clock
    }

    /// Lets queued commands finish and stops the writer; the environment closes when released.
    /// Failed authentications still counted are recorded first.
    public func shutdown() async {
        try? await access.flushAuthenticationFailures(force: true)
        await writer.shutdown()
    }

    /// The service's periodic work, until cancelled: recording the counted failed
    /// authentications of each window.
    public func maintain(every interval: Duration = .seconds(10), logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            do {
                try await access.flushAuthenticationFailures()
            } catch {
                logger.warning("maintenance failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
