import Foundation
import LMDB
import Records

/// Audited search latencies, one client and one query at a time, beside their floor: an audited
/// search returns only after its access event is durable, so it can be no faster than one
/// single-put LMDB commit, measured in the same run.
struct SearchLatencies {
    static let header = "key search p50/p99 ms (found)   name search p50/p99 ms   p99 ÷ raw commit p99 (key, name)"

    let key: Percentiles
    let name: Percentiles
    /// The share of key searches that returned at least one record.
    let keyFound: Double

    func line(against commit: Percentiles) -> String {
        String(format: "%9.2f / %-6.2f (%3.0f%%)   %9.2f / %-9.2f   %6.1f, %-6.1f",
               key.p50, key.p99, 100 * keyFound, name.p50, name.p99, key.p99 / commit.p99, name.p99 / commit.p99)
    }

    static func legend(_ commit: Percentiles) -> String {
        "searches: one client, one query at a time, each answer returned after its access event was committed. "
            + "found: key searches that returned a record.\n"
            + String(format: "raw commit: one 300-byte put per durable LMDB commit, p50 %.2f ms, p99 %.2f ms (same run).", commit.p50, commit.p99)
    }

    /// Items, not records, carry the state ids (`A` and the item's index), and a person with a
    /// history (28% of items) is two records: a population of `records` has this many items.
    static func items(inRecords records: Int) -> Int {
        max(1, records * 100 / 128)
    }

    /// `count` searches by state identification number and `count` by name and date of birth
    /// over a synthetic population of `population` records.
    static func measure(_ count: Int, _ service: RecordsService, population: Int) async throws -> SearchLatencies {
        let items = items(inRecords: population)
        let (key, keyFound) = try await latencies(count, service) { random in
            .stateID(String(format: "A%08d", Int.random(in: 0..<items, using: &random)))
        }
        let (name, _) = try await latencies(count, service) { random in
            let surname = ["SMITH", "GARCIA", "NGUYEN", "JOHNSON", "LEE", "PATEL", "OKAFOR"].randomElement(using: &random)!
            let first = ["JOHN", "MARIA", "JAMES", "AN", "ROBERT", "MARY"].randomElement(using: &random)!
            let born = CalendarDate(year: Int.random(in: 1950...2004, using: &random), month: 6, day: 15)!
            return .name(last: surname, first: first, dateOfBirth: born, sex: nil, toleranceDays: 365)
        }
        return SearchLatencies(key: key, name: name, keyFound: keyFound)
    }

    /// The latencies of `count` searches, and the share of them that found something.
    private static func latencies(
        _ count: Int, _ service: RecordsService, _ query: (inout SystemRandomNumberGenerator) -> RecordQuery
    ) async throws -> (Percentiles, found: Double) {
        var random = SystemRandomNumberGenerator()
        var samples: [Double] = []
        var found = 0
        let context = QueryContext(purpose: .criminalJustice, caseNumber: "BENCH-1")
        for _ in 0..<count {
            let next = query(&random)
            let start = DispatchTime.now().uptimeNanoseconds
            let answer = try await service.search(next, context: context, by: RecordsBenchmark.actor)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            if !answer.hits.isEmpty { found += 1 }
        }
        return (Percentiles(samples), Double(found) / Double(max(1, count)))
    }

    /// `count` durable commits of one 300-byte append each, on a fresh environment.
    static func rawCommits(_ count: Int, scratch: String) throws -> Percentiles {
        let directory = try ScratchDirectory(root: scratch, name: "raw-commits")
        defer { directory.remove() }
        let environment = try Environment(directory: directory.path)
        let log = try environment.openDatabase(named: "log")
        let record = [UInt8](repeating: 7, count: 300)
        var samples: [Double] = []
        for sequence in 1...UInt64(count) {
            let start = DispatchTime.now().uptimeNanoseconds
            try environment.write { transaction in
                try withUnsafeBytes(of: sequence.bigEndian) { key in
                    try record.withUnsafeBytes { try transaction.put($0, forKey: key, in: log, flags: .append) }
                }
            }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return Percentiles(samples)
    }
}

struct Percentiles {
    let p50: Double
    let p99: Double

    init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "percentiles of no samples")
        let sorted = samples.sorted()
        p50 = sorted[sorted.count / 2]
        p99 = sorted[sorted.count * 99 / 100]
    }
}
