import Foundation

/// One load phase's figures, printed beside its targets.
struct PhaseFigures {
    let name: String
    let tally: LoadPhase.Tally
    /// The status every request should get; any other is counted as an error.
    let expectedStatus: Int
    /// Commands per write transaction while the phase ran (the writer's group commit).
    let meanBatch: Double
    let targetPerSecond: Double
    /// CPU time of the whole process (service and clients) over the phase's wall time.
    let processCores: Double
    static let targetP99Milliseconds = 50.0

    var requestsPerSecond: Double { Double(tally.latenciesMilliseconds.count) / max(tally.seconds, 1e-9) }

    /// The latency below which `fraction` of the requests completed (the samples are sorted).
    func percentile(_ fraction: Double) -> Double {
        let samples = tally.latenciesMilliseconds
        guard !samples.isEmpty else { return .nan }
        return samples[min(samples.count - 1, Int(Double(samples.count) * fraction))]
    }

    /// Requests that did not get the expected status, by status (0: no HTTP answer).
    var errors: [(status: Int, count: Int)] {
        tally.statuses.filter { $0.key != expectedStatus }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    var errorsText: String {
        errors.isEmpty ? "none" : errors.map { "\($0.status == 0 ? "transport" : String($0.status))×\($0.count)" }.joined(separator: ", ")
    }

    var meetsTargets: Bool {
        requestsPerSecond >= targetPerSecond && percentile(0.99) < Self.targetP99Milliseconds && errors.isEmpty
    }

    static let header = "phase               requests/s    (target)   p50 ms   p99 ms (target)   mean batch   cores   verdict   errors by status"

    var line: String {
        let figures = String(
            format: "  %10.0f   (≥ %5.0f)  %7.2f  %7.2f  (< %2.0f)   %10.1f   %5.2f   %@   %@",
            requestsPerSecond, targetPerSecond, percentile(0.5), percentile(0.99), Self.targetP99Milliseconds,
            meanBatch, processCores, meetsTargets ? "meets" : "below", errorsText)
        return name.padding(toLength: 18, withPad: " ", startingAt: 0) + figures
    }
}
