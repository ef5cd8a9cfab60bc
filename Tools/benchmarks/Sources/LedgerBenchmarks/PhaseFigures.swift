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
    static let targetP99Milliseconds = 50.0

    var requestsPerSecond: Double { Double(tally.latenciesMilliseconds.count) / max(tally.seconds, 1e-9) }

    /// The latency below which `fraction` of the requests completed (the samples are sorted).
    func percentile(_ fraction: Double) -> Double {
        let samples = tally.latenciesMilliseconds
        guard !samples.isEmpty else { return .nan }
        return samples[min(samples.count - 1, Int(Double(samples.count) * fraction))]
    }

    /// Requests that did not get the expected status, by status ("transport" for no answer).
    var errors: String {
        let wrong = tally.statuses.filter { $0.key != expectedStatus }.sorted { $0.key < $1.key }
        if wrong.isEmpty { return "none" }
        return wrong.map { "\($0.key == 0 ? "transport" : String($0.key))×\($0.value)" }.joined(separator: ", ")
    }

    var meetsTargets: Bool {
        requestsPerSecond >= targetPerSecond && percentile(0.99) < Self.targetP99Milliseconds && errors == "none"
    }

    static let header = "phase               requests/s    (target)   p50 ms   p99 ms (target)   mean batch   verdict   errors by status"

    var line: String {
        String(format: "%-18@  %10.0f   (≥ %5.0f)  %7.2f  %7.2f  (< %2.0f)   %10.1f   %-7@   %@",
               name, requestsPerSecond, targetPerSecond, percentile(0.5), percentile(0.99), Self.targetP99Milliseconds,
               meanBatch, meetsTargets ? "meets" : "below", errors)
    }
}
