import Foundation
import Ledger
import Prometheus

/// Request counts and latencies by route and status, and the writer's queue depth and commit
/// batches, in the Prometheus text format (`GET /metrics`), through swift-prometheus.
public final class ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let writer: LedgerWriter
    let readerWatch: ReaderWatch
    private let queueDepth: Gauge
    private let commits: Gauge
    private let commands: Gauge
    private let meanBatch: Gauge
    private let largestBatch: Gauge
    private let refused: Gauge
    private let storageFailures: Gauge
    private let writesFailing: Gauge
    private let readers: Gauge
    private let oldestReaderAge: Gauge
    private let oldestReaderLag: Gauge
    private let staleReadersCleared: Gauge

    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                             .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)]

    init(writer: LedgerWriter, readerWatch: ReaderWatch) {
        self.writer = writer
        self.readerWatch = readerWatch
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        func gauge(_ name: String, _ help: String, subsystem: String = "writer") -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "blotter", subsystem: subsystem, metricName: name, unitName: "", helpText: help))
        }
        queueDepth = gauge("queue_depth", "Commands waiting for the single writer.")
        commits = gauge("commits", "Write transactions committed since start.")
        commands = gauge("commands", "Commands committed since start.")
        meanBatch = gauge("batch_size_mean", "Commands per commit, on average.")
        largestBatch = gauge("batch_size_max", "The largest batch committed.")
        refused = gauge("refused", "Commands refused because the queue was full.")
        storageFailures = gauge("storage_failures", "Commits the storage refused (disk full, I/O error) since start.")
        writesFailing = gauge("failing", "1 while the last commit failed in storage and none has succeeded since.")
        readers = gauge("readers", "Read transactions open on the ledger, in every process.", subsystem: "ledger")
        oldestReaderAge = gauge("oldest_reader_seconds", "How long the oldest open reader has held its snapshot.", subsystem: "ledger")
        oldestReaderLag = gauge("oldest_reader_lag_transactions", "How many commits the oldest open snapshot lags behind.", subsystem: "ledger")
        staleReadersCleared = gauge("stale_readers_cleared", "Reader slots of dead processes cleared since start.", subsystem: "ledger")
    }

    func record(route: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "blotter", subsystem: "http", metricName: "requests", unitName: "total", helpText: "Requests answered, by route and status."),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "blotter", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "Request latency."),
            labels: labels, buckets: Self.latencyBuckets
        ).record(duration)
    }

    public func prometheusText() -> String {
        let figures = writer.metrics
        queueDepth.set(Double(figures.queueDepth))
        commits.set(Double(figures.transactionsCommitted))
        commands.set(Double(figures.commandsCommitted))
        meanBatch.set(figures.meanBatchSize)
        largestBatch.set(Double(figures.largestBatch))
        refused.set(Double(figures.commandsRefusedOverloaded))
        storageFailures.set(Double(figures.commitsFailedInStorage))
        writesFailing.set(figures.storageFault == nil ? 0.0 : 1.0)
        let readerReport = readerWatch.report
        readers.set(Double(readerReport.readers))
        oldestReaderAge.set(Double(readerReport.oldestAgeSeconds))
        oldestReaderLag.set(Double(readerReport.oldestLagTransactions))
        staleReadersCleared.set(Double(readerReport.staleClearedTotal))
        return registry.emitToString()
    }
}
