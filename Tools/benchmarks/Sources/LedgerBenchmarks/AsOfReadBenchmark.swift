import Foundation
import Ledger
import Records

/// A record's state "as of" a point in its life, for a record with a long history: a wanted
/// person entered and then modified until its stream holds `events` events (entered through
/// `RecordsService`, like any other record, beside a small synthetic population), then reads of
/// it as of its latest and its middle event.
///
/// Two costs are shown: the state alone (`record(_:foldedThrough:)`: the record's events read
/// through the stream index and folded), which is what the target (< 5 ms at 1,000 events)
/// is about, and the audited read a user makes (`record(_:read:context:by:)`), which also waits
/// for its access event to be durable, so it can be no faster than one LMDB commit.
enum AsOfReadBenchmark {
    static let targetMilliseconds = 5.0
    static let owner = EventActor(userID: "benchmark-records", agency: "CA0194200", clientAddress: "127.0.0.1")

    struct Options {
        var events = 1_000
        var reads = 200
        /// Records of the synthetic population entered around the long record.
        var population = 5_000
    }

    static func run(_ options: Options, scratch: String) async throws {
        precondition(options.events >= 2 && options.reads > 0 && options.population >= 0)
        let directory = try ScratchDirectory(root: scratch, name: "as-of")
        defer { directory.remove() }
        var configuration = LedgerConfiguration(projections: RecordsService.projections())
        configuration.environment.initialMapSizeBytes = 1 << 30
        let ledger = try Ledger(directory: directory.path, configuration: configuration)
        let writer = LedgerWriter(ledger: ledger)
        let service = RecordsService(ledger: ledger, writer: writer)
        let today = CalendarDate(SystemClock().now())
        if options.population > 0 {
            _ = try await SyntheticPopulation(seed: 7).enter(records: options.population, into: service, clients: 32, today: today)
        }
        let number = try await enterLongRecord(events: options.events, service: service, today: today)
        let stream = try ledger.read { try $0.streamEvents(number.stream) }
        precondition(stream.count == options.events, "the long record has \(stream.count) events, not \(options.events)")
        let latest = stream[stream.count - 1]
        let middle = stream[stream.count / 2 - 1]
        let total = try ledger.read { try $0.lastSequence() }
        print("As-of reads of \(number): \(stream.count) events in its stream (sequences \(stream[0].sequence)…\(latest.sequence) "
              + "of \(total) in the ledger), \(options.reads) reads of each kind, one at a time\n")

        let commit = try SearchLatencies.rawCommits(options.reads, scratch: scratch)
        let context = QueryContext(purpose: .criminalJustice, caseNumber: "BENCH-1")
        var rows: [(String, Percentiles, Bool)] = []
        for (name, point) in [("latest", latest), ("middle", middle)] {
            let version = point.streamVersion
            rows.append(("state as of sequence, \(name) (v\(version))", try latencies(options.reads) {
                let state = try service.record(number, foldedThrough: point.sequence)
                precondition(state?.version == version, "the fold through \(point.sequence) is not at version \(version)")
            }, true))
            rows.append(("audited as-of sequence, \(name)", try await asyncLatencies(options.reads) {
                let answer = try await service.record(number, read: .recordAsOfSequence(point.sequence), context: context, by: owner)
                precondition(answer.hit?.record.version == version, "the as-of read of \(point.sequence) is not at version \(version)")
            }, false))
            rows.append(("audited as-of time, \(name)", try await asyncLatencies(options.reads) {
                let answer = try await service.record(number, read: .recordAsOfTime(point.recordedAt), context: context, by: owner)
                precondition(answer.hit?.record.version ?? 0 >= version, "the as-of-time read found an earlier version")
            }, false))
        }
        rows.append(("audited read now (projection)", try await asyncLatencies(options.reads) {
            _ = try await service.record(number, read: .record, context: context, by: owner)
        }, false))
        await writer.shutdown()

        print("read                                       p50 ms   p99 ms")
        for (name, percentiles, targeted) in rows {
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + String(format: "  %7.3f  %7.3f", percentiles.p50, percentiles.p99)
                  + (targeted ? String(format: "  (target < %.0f ms: %@)", targetMilliseconds, percentiles.p99 < targetMilliseconds ? "met" : "missed") : ""))
        }
        print(String(format: """

            state as of sequence: RecordsService.record(_:foldedThrough:), the record's events up to the sequence read through
            the stream index and folded in memory, no access event. audited: RecordsService.record(_:read:context:by:), the same
            state (as of a moment: its events up to that time) disclosed for purpose C and returned after its access event
            committed; its floor is one durable LMDB commit: raw commit p50 %.2f ms, p99 %.2f ms (same run).
            """, commit.p50, commit.p99))
    }

    /// A wanted person entered once and modified `events - 1` times (a new caution each time),
    /// so that its stream holds exactly `events` events.
    static func enterLongRecord(events: Int, service: RecordsService, today: CalendarDate) async throws -> RecordNumber {
        let subject = PersonIdentity(
            name: PersonName("LONGHISTORY, ASOF BENCH"), dateOfBirth: CalendarDate(year: 1979, month: 3, day: 14)!, sex: "M",
            race: "W", height: "511", weight: 190, eyes: "BRO", hair: "BLK", stateID: "B00001000")
        func facts(_ caution: String?) -> RecordFacts {
            .wantedPerson(WantedPersonFacts(
                subject: subject, warrantDate: today.adding(days: -30), offense: "PC 459 BURGLARY", classification: .felony,
                extradition: .full, caseNumber: "ASOF-1000", caution: caution))
        }
        var state = try await service.execute(.enter(facts(nil)), by: owner)
        for modification in 1..<events {
            state = try await service.execute(
                .modify(state.number, facts("MODIFICATION \(modification) OF \(events - 1)"), expectedVersion: state.version), by: owner)
        }
        return state.number
    }

    private static func latencies(_ count: Int, _ body: () throws -> Void) throws -> Percentiles {
        var samples: [Double] = []
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return Percentiles(samples)
    }

    private static func asyncLatencies(_ count: Int, _ body: () async throws -> Void) async throws -> Percentiles {
        var samples: [Double] = []
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return Percentiles(samples)
    }
}
