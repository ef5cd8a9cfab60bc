import Foundation
import Ledger
import LMDB

/// The ledger's own appends: one single-event command per event, `batch` commands per commit,
/// with the stream-catalog projection folded live (one projection put per event).
enum LedgerAppendBenchmark {
    static let actor = EventActor(userID: "benchmark", agency: "CA0194200", clientAddress: "127.0.0.1")

    static func openLedger(_ directory: String) throws -> Ledger {
        var configuration = LedgerConfiguration(projections: ProcessInfo.processInfo.environment["NOPROJ"] != nil ? [] : [StreamCatalogProjection()])
        configuration.environment.initialMapSizeBytes = 1 << 30
        return try Ledger(directory: directory, configuration: configuration)
    }

    static func run(_ workload: Workload, batch: Int, directory: String) throws -> Double {
        let ledger = try openLedger(directory)
        return try measure {
            var next = 0
            while next < workload.eventCount {
                try ledger.write { transaction in
                    BodyClock.shared.begin()
                    defer { BodyClock.shared.end() }
                    let end = min(next + batch, workload.eventCount)
                    for index in next..<end {
                        try transaction.append(
                            EventDraft(type: "RecordNoted", stream: workload.streams[index], payload: workload.payload),
                            actor: actor)
                    }
                    next = end
                }
            }
        }
    }
}
