import Foundation

/// The events every append benchmark writes: the same streams, in the same order, with the
/// same payloads, so that the baselines and the ledger do identical work.
struct Workload {
    static let streamCount = 100_000
    /// Receives every 1,000th event, so a million-event ledger holds one 1,000-event stream.
    static let hotStream = "hot"

    let eventCount: Int
    let streams: [String]
    let payload: [UInt8]

    init(eventCount: Int, seed: UInt64 = 42) {
        self.eventCount = eventCount
        var state = seed
        let names = (0..<Workload.streamCount).map { "record/\($0)" }
        streams = (0..<eventCount).map { index in
            if index % 1_000 == 999 { return Workload.hotStream }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return names[Int((state >> 33) % UInt64(Workload.streamCount))]
        }
        // About the size of a typical record event's facts.
        payload = Array(#"{"name":"SMITH, JOHN A","dob":"19800101","sex":"M","offense":"PC 459","agency":"CA0194200","case":"24-000123"}"#.utf8)
    }
}

/// A fresh directory for one benchmark, removed afterwards.
struct ScratchDirectory {
    let path: String

    init(root: String, name: String) throws {
        path = (root as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Wall-clock seconds of `body`.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Time spent inside transaction bodies, to tell the work of an append from its commit.
final class BodyClock: @unchecked Sendable {
    static let shared = BodyClock()
    var seconds = 0.0
    var start: UInt64 = 0

    func begin() { start = DispatchTime.now().uptimeNanoseconds }
    func end() { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
