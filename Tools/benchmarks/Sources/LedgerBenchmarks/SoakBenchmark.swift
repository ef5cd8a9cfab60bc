import Access
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Ledger
import NIOCore
import NIOHTTP1
import Records
import Server
import Synchronization

/// The soak's options, grouped so that the main command only includes them.
struct SoakOptions: ParsableArguments {
    @Flag(help: "Only the soak: SIGKILL rounds of the real `blotter serve` under load, then a long memory run (neither runs in the full run).")
    var onlySoak = false

    @Option(help: "SIGKILL rounds of the soak (0 skips them).")
    var soakRounds = 1_000

    @Option(help: "Seconds of the soak's memory run: steady load on one service while its resident set is sampled every second (0 skips it).")
    var soakMemorySeconds = 600

    @Option(help: "Concurrent HTTP clients of the soak (at most 99).")
    var soakClients = 8

    @Option(help: "How long the service is loaded before each SIGKILL, in milliseconds: a random time in this range.")
    var soakLifetime = "300-1500"

    @Option(help: "Every this many rounds (and after the last), check every entry acknowledged and every search answered so far, and run `blotter verify`.")
    var soakCheckEvery = 100

    @Option(help: "The blotter executable the soak runs (default: the one beside this benchmark, built by `swift build -c release --product blotter` here).")
    var soakBlotter: String?

    @Flag(help: "Keep the soak's data directories (they are kept anyway when a check fails).")
    var soakKeep = false

    var lifetimeMilliseconds: ClosedRange<Int>? {
        let bounds = soakLifetime.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] > 0, bounds[0] <= bounds[1] else { return nil }
        return bounds[0]...bounds[1]
    }

    func validate() throws {
        guard soakRounds >= 0, soakMemorySeconds >= 0, (1...99).contains(soakClients), soakCheckEvery > 0 else {
            throw ValidationError("--soak-rounds and --soak-memory-seconds must not be negative, --soak-clients is 1-99, --soak-check-every positive")
        }
        guard lifetimeMilliseconds != nil else { throw ValidationError("--soak-lifetime takes MIN-MAX milliseconds, e.g. 300-1500") }
    }
}

/// Issue 13: the real service killed with SIGKILL a thousand times under HTTP load, and its
/// memory over a long run.
///
/// Each round starts `blotter serve` on the same data directory, waits for `/health`, lets the
/// clients enter stolen guns and search for them for a random time, kills the service with
/// SIGKILL while requests are in flight, and remembers every entry answered 201 (its record
/// number and serial) and every search answered 200 (its `accessSequence`, the event the service
/// said recorded it). After each round the ledger is opened read-only in this process (the same
/// modules the service is built from) and that round's entries and searches are looked up; every
/// `--soak-check-every` rounds and after the last, all of them since the first round are, and
/// `blotter verify` (the real tool, a separate process) must pass.
///
/// An entry counts as lost if its record is missing or is not the gun entered; a search's access
/// event counts as missing unless the event at its `accessSequence` is a `RecordsQueried` of that
/// serial whose results name the record the answer showed.
enum SoakBenchmark {
    static func run(_ options: SoakOptions, scratch: String) async throws {
        let executable = try ServiceProcess.executable(options.soakBlotter)
        print("soak: \(executable), \(options.soakClients) clients, \(ProcessInfo.processInfo.activeProcessorCount) cores "
              + "(clients and service share them)")
        var failed = false
        if options.soakRounds > 0 {
            failed = try await KillRounds(options: options, executable: executable, scratch: scratch).run() || failed
        }
        if options.soakMemorySeconds > 0 {
            if options.soakRounds > 0 { print("") }
            failed = try await MemoryRun(options: options, executable: executable, scratch: scratch).run() || failed
        }
        if failed { throw ExitCode.failure }
    }
}

// MARK: - What the clients were told

struct AcknowledgedEntry: Sendable {
    let number: String
    let serial: String
    let round: Int
}

struct AnsweredSearch: Sendable {
    let accessSequence: UInt64
    let serial: String
    /// The record the answer showed (every search is for the serial of an acknowledged entry).
    let number: String
    let round: Int
}

/// What one client saw in one round.
struct ClientTally: Sendable {
    var entries: [AcknowledgedEntry] = []
    var searches: [AnsweredSearch] = []
    var entryStatuses: [Int: Int] = [:]
    var searchStatuses: [Int: Int] = [:]
    /// Searches answered 200 that did not show the acknowledged entry searched for.
    var searchesMissingEntry: [String] = []
    /// The first answer that was neither a success nor a 503, for the report.
    var firstRefusal: String?

    mutating func add(_ other: ClientTally) {
        firstRefusal = firstRefusal ?? other.firstRefusal
        entries += other.entries
        searches += other.searches
        entryStatuses.merge(other.entryStatuses, uniquingKeysWith: +)
        searchStatuses.merge(other.searchStatuses, uniquingKeysWith: +)
        searchesMissingEntry += other.searchesMissingEntry
    }
}

final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)
    func stop() { stopped.store(true, ordering: .releasing) }
    var isStopped: Bool { stopped.load(ordering: .acquiring) }
}

/// The soak's load: each client enters a stolen gun with a serial no other entry has, then
/// searches by gun serial, alternately for the gun it just entered and for a random entry
/// acknowledged in an earlier round. Status 0 is a request with no whole answer (the service
/// was killed under it, or refused the connection after).
struct SoakLoad: Sendable {
    let http: ServiceClient
    let apiKey: String
    let round: Int
    /// Entries acknowledged before this round, searched for at random.
    let earlier: [AcknowledgedEntry]
    static let operatorID = "soak-operator"

    private struct Entered: Decodable {
        struct Record: Decodable { let number: String }
        let record: Record
    }

    private struct Searched: Decodable {
        struct Hit: Decodable { let record: Entered.Record }
        let accessSequence: UInt64
        let hits: [Hit]
    }

    func client(_ client: Int, until stop: StopFlag) async -> ClientTally {
        var tally = ClientTally()
        var request = 0
        while !stop.isStopped {
            request += 1
            // 16 characters, and its case number 17 (at most 20).
            let serial = "S" + round.zeroPadded(to: 5) + "C" + client.zeroPadded(to: 2) + "N" + request.zeroPadded(to: 6)
            let entry = #"{"kind":"stolenGun","facts":{"serialNumber":""# + serial
                + #"","make":"GLOCK","caliber":"9MM","gunType":"PISTOL","dateOfTheft":"20261101","caseNumber":"C"# + serial + #""}}"#
            let entered = await send("/records", entry)
            tally.entryStatuses[entered.status, default: 0] += 1
            if ![0, 201, 503].contains(entered.status), tally.firstRefusal == nil {
                tally.firstRefusal = "POST /records answered \(entered.status): " + String(decoding: entered.body.prefix(600), as: UTF8.self)
            }
            var target: AcknowledgedEntry?
            if entered.status == 201, let answer = try? JSONDecoder().decode(Entered.self, from: entered.body) {
                let acknowledged = AcknowledgedEntry(number: answer.record.number, serial: serial, round: round)
                tally.entries.append(acknowledged)
                target = acknowledged
            }
            if request % 2 == 0 || target == nil, let old = earlier.randomElement() { target = old }
            guard let target, !stop.isStopped else { continue }
            let search = #"{"query":{"by":"gunSerial","value":""# + target.serial + #""},"purpose":"C","caseNumber":"SOAK-1"}"#
            let searched = await send("/searches", search)
            tally.searchStatuses[searched.status, default: 0] += 1
            if ![0, 200, 503].contains(searched.status), tally.firstRefusal == nil {
                tally.firstRefusal = "POST /searches answered \(searched.status): " + String(decoding: searched.body.prefix(600), as: UTF8.self)
            }
            guard searched.status == 200, let answer = try? JSONDecoder().decode(Searched.self, from: searched.body) else { continue }
            tally.searches.append(AnsweredSearch(accessSequence: answer.accessSequence, serial: target.serial, number: target.number, round: round))
            if !answer.hits.contains(where: { $0.record.number == target.number }) {
                tally.searchesMissingEntry.append("round \(round): search for \(target.serial) (entry \(target.number), acknowledged in round \(target.round)) "
                                                  + "answered without it, access event \(answer.accessSequence)")
            }
        }
        return tally
    }

    private func send(_ path: String, _ json: String) async -> (status: Int, body: Data) {
        guard let answer = try? await http.send(.POST, path, json: json, apiKey: apiKey) else { return (0, Data()) }
        return (answer.status, Data(answer.body.readableBytesView))
    }

    /// Runs every client until `stop` is set.
    static func run(clients: Int, _ load: SoakLoad, until stop: StopFlag) async -> ClientTally {
        await withTaskGroup(of: ClientTally.self) { group in
            for client in 0..<clients {
                group.addTask { await load.client(client, until: stop) }
            }
            var total = ClientTally()
            for await part in group { total.add(part) }
            return total
        }
    }
}

// MARK: - Setting up who the load runs as

enum SoakEnrolment {
    /// On the first start: logs in as the administrator the service printed, registers an
    /// agency, creates and certifies an operator and gives it an API key (sessions live in the
    /// service's memory and die with it; API keys are in the ledger and survive the kills).
    static func apiKey(_ service: ServiceProcess, _ http: ServiceClient) async throws -> String {
        let administrator = try service.firstAdministrator()
        guard let seed = SecondFactor.seed(fromLinkOrSeed: administrator.seed) else {
            throw ServiceProcess.Failure(description: "cannot read the administrator's authenticator link \(administrator.seed)")
        }
        let code = SecondFactor.code(seed: seed, at: SystemClock().now())
        let login = try await http.send(.POST, "/sessions", json: #"{"userID":"admin","password":""# + administrator.password + #"","code":""# + code + #""}"#)
        guard login.status == 201, let token = (try? JSONSerialization.jsonObject(with: Data(login.body.readableBytesView)) as? [String: Any])?["token"] as? String else {
            throw ServiceProcess.Failure(description: "the administrator's login answered \(login.status): \(login.text)")
        }
        let today = CalendarDate(SystemClock().now())
        let steps: [(String, String, Int)] = [
            ("/agencies", #"{"ori":"CA0194200","name":"SOAK AGENCY","access":"full"}"#, 201),
            ("/users", #"{"userID":"\#(SoakLoad.operatorID)","agency":"CA0194200","name":"OPERATOR, SOAK","roles":["operator"],"assignedOn":"\#(today)"}"#, 201),
            ("/users/\(SoakLoad.operatorID)/certifications", #"{"certifiedOn":"\#(today)"}"#, 200),
        ]
        for (path, body, status) in steps {
            let answer = try await http.send(.POST, path, json: body, token: token)
            guard answer.status == status else { throw ServiceProcess.Failure(description: "POST \(path) answered \(answer.status): \(answer.text)") }
        }
        let key = try await http.send(.POST, "/users/\(SoakLoad.operatorID)/api-keys", json: #"{"label":"soak"}"#, token: token)
        guard key.status == 201, let apiKey = (try? JSONSerialization.jsonObject(with: Data(key.body.readableBytesView)) as? [String: Any])?["key"] as? String else {
            throw ServiceProcess.Failure(description: "the API key answered \(key.status): \(key.text)")
        }
        return apiKey
    }
}

extension ServiceClient {
    /// Sends one request with an API key and reads its whole answer.
    func send(_ method: HTTPMethod, _ path: String, json: String, apiKey: String) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await http.execute(request, timeout: .seconds(60))
        return Answer(status: Int(response.status.code), body: try await response.body.collect(upTo: 16 << 20))
    }
}

// MARK: - Checking the ledger

/// What the ledger holds of what the clients were told, read in this process with the ledger
/// opened read-only (the service is not running then).
struct LedgerCheck {
    var entriesChecked = 0
    var searchesChecked = 0
    var lostEntries: [String] = []
    var missingAccessEvents: [String] = []

    static func run(data: String, entries: ArraySlice<AcknowledgedEntry>, searches: ArraySlice<AnsweredSearch>) throws -> LedgerCheck {
        var configuration = LedgerConfiguration(projections: BlotterServices.projections())
        configuration.readOnly = true
        configuration.createsMissingLedger = false
        configuration.maximumMapSizeBytes = 1 << 40
        let ledger = try Ledger(directory: data, configuration: configuration)
        return try ledger.read { transaction in
            var check = LedgerCheck()
            let records = transaction.tables(of: RecordsProjection.self)
            for entry in entries {
                check.entriesChecked += 1
                guard let number = RecordNumber(entry.number) else {
                    check.lostEntries.append("round \(entry.round): \(entry.number) (\(entry.serial)) is not a record number")
                    continue
                }
                let state = try RecordsProjection.state(of: number, in: records)
                guard case .stolenGun(let gun)? = state?.facts, gun.serialNumber == entry.serial else {
                    check.lostEntries.append("round \(entry.round): entry \(entry.number) (serial \(entry.serial)) acknowledged 201 is "
                                             + (state == nil ? "missing" : "not the gun entered: \(String(describing: state?.facts))"))
                    continue
                }
            }
            for search in searches {
                check.searchesChecked += 1
                let event = try transaction.event(at: search.accessSequence)
                var problem: String?
                if let event {
                    if event.type != AccessRecord.eventType {
                        problem = "is a \(event.type)"
                    } else if event.actor.userID != SoakLoad.operatorID {
                        problem = "is by \(event.actor.userID)"
                    } else if let payload = event.payload {
                        let access = try AccessRecord(canonicalJSON: payload)
                        if access.query != .gunSerial(search.serial) {
                            problem = "is of another query: \(access.query)"
                        } else if !access.results.contains(where: { $0.number.description == search.number }) {
                            problem = "does not name \(search.number) among its results"
                        }
                    } else {
                        problem = "has no payload"
                    }
                } else {
                    problem = "is missing"
                }
                if let problem {
                    check.missingAccessEvents.append("round \(search.round): search for \(search.serial) answered 200 with access sequence "
                                                     + "\(search.accessSequence): the event \(problem)")
                }
            }
            return check
        }
    }
}

/// `blotter verify` run on the data directory, as an operator would.
struct VerifyRun {
    let passed: Bool
    let events: Int?
    let seconds: Double
    let output: String

    static func run(executable: String, data: String) throws -> VerifyRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["verify", "--data", data]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let started = ContinuousClock.now
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - started).seconds
        let events = output.split(separator: "\n").first(where: { $0.hasPrefix("events checked") })
            .flatMap { $0.split(separator: " ").last }.flatMap { Int($0) }
        return VerifyRun(passed: process.terminationStatus == 0 && output.contains("verified: the ledger is intact"),
                         events: events, seconds: seconds, output: output)
    }
}

// MARK: - The SIGKILL rounds

struct KillRounds {
    let options: SoakOptions
    let executable: String
    let scratch: String

    /// Returns whether anything failed.
    func run() async throws -> Bool {
        let directory = try ScratchDirectory(root: scratch, name: "soak-kills")
        let data = directory.path + "/data"
        let log = directory.path + "/serve.log"
        let lifetimes = options.lifetimeMilliseconds!
        print("SIGKILL rounds: \(options.soakRounds), each loaded \(lifetimes.lowerBound)-\(lifetimes.upperBound) ms, "
              + "checked every round and in full every \(options.soakCheckEvery); data \(data)")
        print("  rounds  acknowledged  answered   lost  missing  no-answer  503s  other  start s (mean/max)  round s  RSS MiB at kill (max)  events   verify")
        var entries: [AcknowledgedEntry] = []
        var searches: [AnsweredSearch] = []
        var lost: [String] = []
        var missing: [String] = []
        var missedBySearch: [String] = []
        var verifyFailures: [String] = []
        var apiKey: String?
        var firstRefusal: String?
        var block = Block()
        var lastVerify: VerifyRun?
        var peakResidentKiB = 0
        let clientCount = options.soakClients
        let started = ContinuousClock.now
        for round in 0..<options.soakRounds {
            let startedAt = ContinuousClock.now
            let service = try ServiceProcess.start(executable: executable, data: data, log: log)
            let http = ServiceClient(baseURL: service.baseURL, connections: options.soakClients)
            let tally: ClientTally
            do {
                try await service.waitUntilServing(http)
                block.startSeconds.append((ContinuousClock.now - startedAt).seconds)
                if apiKey == nil { apiKey = try await SoakEnrolment.apiKey(service, http) }
                let load = SoakLoad(http: http, apiKey: apiKey!, round: round, earlier: entries)
                let stop = StopFlag()
                let lifetime = Int.random(in: lifetimes)
                let clients = Task { await SoakLoad.run(clients: clientCount, load, until: stop) }
                try await Task.sleep(for: .milliseconds(lifetime))
                if let resident = service.resident() {
                    block.residentKiB = max(block.residentKiB, resident.totalKiB)
                    peakResidentKiB = max(peakResidentKiB, resident.totalKiB)
                }
                service.kill()
                stop.stop()
                // The HTTP client would keep retrying connections to the dead port until its connect
                // timeout; cancelled, the requests outstanding end at once (with no answer).
                clients.cancel()
                tally = await clients.value
            } catch {
                service.kill()
                try? await http.shutdown()
                print("round \(round): \(error)")
                throw error
            }
            try? await http.shutdown()
            if let refusal = tally.firstRefusal, firstRefusal == nil {
                firstRefusal = refusal
                print("  round \(round), first refusal: \(refusal)")
            }
            block.add(tally)
            missedBySearch += tally.searchesMissingEntry
            // This round's own entries and searches, looked up at once, to name the round of any loss.
            let check = try LedgerCheck.run(data: data, entries: tally.entries[...], searches: tally.searches[...])
            lost += check.lostEntries
            missing += check.missingAccessEvents
            for problem in check.lostEntries + check.missingAccessEvents { print("  FAILED \(problem)") }
            entries += tally.entries
            searches += tally.searches

            block.roundSeconds.append((ContinuousClock.now - startedAt).seconds)
            let done = round + 1
            if done % options.soakCheckEvery == 0 || done == options.soakRounds {
                // Everything acknowledged since the first round: a later kill must not lose an earlier entry.
                let full = try LedgerCheck.run(data: data, entries: entries[...], searches: searches[...])
                block.lost = full.lostEntries.count
                block.missing = full.missingAccessEvents.count
                if !full.lostEntries.isEmpty || !full.missingAccessEvents.isEmpty {
                    print("  FAILED full check after round \(done): \(full.lostEntries.count) lost, \(full.missingAccessEvents.count) missing; first: "
                          + ((full.lostEntries + full.missingAccessEvents).first ?? ""))
                    lost = Array(Set(lost + full.lostEntries)).sorted()
                    missing = Array(Set(missing + full.missingAccessEvents)).sorted()
                }
                let verify = try VerifyRun.run(executable: executable, data: data)
                lastVerify = verify
                if !verify.passed {
                    verifyFailures.append("after round \(done):\n\(verify.output)")
                    print("  FAILED blotter verify after round \(done):\n\(verify.output)")
                }
                print(block.line(rounds: done, entries: entries.count, searches: searches.count, verify: verify))
                block = Block()
            }
        }
        let minutes = (ContinuousClock.now - started).seconds / 60
        let failed = !lost.isEmpty || !missing.isEmpty || !verifyFailures.isEmpty || !missedBySearch.isEmpty
        print(String(format: """

            %d rounds in %.1f min: %d entries acknowledged (201), %d searches answered (200), %d events in the ledger
            lost acknowledged entries: %d; answered searches without their access event: %d; \
            searches that did not find an acknowledged entry: %d
            blotter verify: %@; peak RSS of the service at a kill: %.0f MiB (data.mdb is %.0f MiB)
            """, options.soakRounds, minutes, entries.count, searches.count, lastVerify?.events ?? 0, lost.count, missing.count,
            missedBySearch.count, verifyFailures.isEmpty ? "passed every time" : "FAILED \(verifyFailures.count) times",
            Double(peakResidentKiB) / 1024, dataFileMiB(data)))
        for problem in (lost + missing + missedBySearch).prefix(20) { print("  \(problem)") }
        print("""
            no-answer: requests with no whole answer (in flight at the kill, or refused after it) — never counted as acknowledged.
            start s: from launching `blotter serve` on the ledger to its first 200 from /health; round s: a whole round, its checks included.
            lost: an acknowledged entry whose record is missing or not the gun entered; missing: an answered search whose
            accessSequence is not a RecordsQueried event by the operator for that serial naming the record shown.
            """)
        if failed || options.soakKeep {
            print("data kept for inspection: \(data)")
        } else {
            directory.remove()
        }
        return failed
    }

    /// Figures of the rounds since the last full check.
    struct Block {
        var acknowledged = 0
        var answered = 0
        var statuses: [Int: Int] = [:]
        var startSeconds: [Double] = []
        var roundSeconds: [Double] = []
        var residentKiB = 0
        var lost = 0
        var missing = 0

        mutating func add(_ tally: ClientTally) {
            acknowledged += tally.entries.count
            answered += tally.searches.count
            statuses.merge(tally.entryStatuses, uniquingKeysWith: +)
            statuses.merge(tally.searchStatuses, uniquingKeysWith: +)
        }

        func line(rounds: Int, entries: Int, searches: Int, verify: VerifyRun) -> String {
            let noAnswer = statuses[0] ?? 0
            let unavailable = statuses[503] ?? 0
            let other = statuses.filter { ![0, 200, 201, 503].contains($0.key) }.values.reduce(0, +)
            let mean = startSeconds.reduce(0, +) / Double(max(1, startSeconds.count))
            let round = roundSeconds.reduce(0, +) / Double(max(1, roundSeconds.count))
            return String(format: "  %6d  %12d  %8d  %5d  %7d  %9d  %4d  %5d  %8.2f / %5.2f  %7.2f      %8.0f            %8d   %@ (%.1f s)",
                          rounds, entries, searches, lost, missing, noAnswer, unavailable, other, mean, startSeconds.max() ?? 0, round,
                          Double(residentKiB) / 1024, verify.events ?? 0, verify.passed ? "passed" : "FAILED", verify.seconds)
        }
    }
}

// MARK: - The memory run

/// One service under steady load for a long time, its resident set read from /proc every
/// second: it should level off rather than grow with the requests served.
struct MemoryRun {
    let options: SoakOptions
    let executable: String
    let scratch: String

    struct Sample {
        let seconds: Double
        let resident: ServiceProcess.Resident
        let entries: Int
        let searches: Int
    }

    func run() async throws -> Bool {
        let directory = try ScratchDirectory(root: scratch, name: "soak-memory")
        let data = directory.path + "/data"
        let service = try ServiceProcess.start(executable: executable, data: data, log: directory.path + "/serve.log")
        let http = ServiceClient(baseURL: service.baseURL, connections: options.soakClients)
        let samples: [Sample]
        var tally = ClientTally()
        do {
            try await service.waitUntilServing(http)
            let apiKey = try await SoakEnrolment.apiKey(service, http)
            print("memory run: \(options.soakMemorySeconds) s of steady load (\(options.soakClients) clients entering and searching), "
                  + "the service's /proc/\(service.pid)/status read every second")
            print("  minute  VmRSS MiB  RssAnon MiB  RssFile MiB   entries  searches")
            let stop = StopFlag()
            let counters = Counters()
            let clients = options.soakClients
            let idle = service.resident().map { Sample(seconds: 0, resident: $0, entries: 0, searches: 0) }
            if let idle { print(Self.line(idle) + "  (before the load)") }
            // The load in slices of ten seconds: each slice searches the entries of those before it.
            let loading = Task {
                var total = ClientTally()
                var round = 0
                while !stop.isStopped {
                    let slice = StopFlag()
                    let load = SoakLoad(http: http, apiKey: apiKey, round: round, earlier: total.entries)
                    async let part = SoakLoad.run(clients: clients, load, until: slice)
                    try? await Task.sleep(for: .seconds(10))
                    slice.stop()
                    let done = await part
                    total.add(done)
                    counters.entries.store(total.entries.count, ordering: .relaxed)
                    counters.searches.store(total.searches.count, ordering: .relaxed)
                    round += 1
                }
                return total
            }
            samples = (idle.map { [$0] } ?? []) + (await sample(service, counters: counters, stop: stop))
            tally = await loading.value
        } catch {
            service.kill()
            try? await http.shutdown()
            throw error
        }
        service.terminate()
        try? await http.shutdown()
        let verify = try VerifyRun.run(executable: executable, data: data)
        report(samples, tally: tally, verify: verify, dataFileMiB: dataFileMiB(data))
        let failed = !verify.passed || !tally.searchesMissingEntry.isEmpty
        if failed || options.soakKeep {
            print("data kept for inspection: \(data)")
        } else {
            directory.remove()
        }
        return failed
    }

    final class Counters: Sendable {
        let entries = Atomic<Int>(0)
        let searches = Atomic<Int>(0)
    }

    private func sample(_ service: ServiceProcess, counters: Counters, stop: StopFlag) async -> [Sample] {
        let started = ContinuousClock.now
        var samples: [Sample] = []
        var second = 0
        while second <= options.soakMemorySeconds {
            if let resident = service.resident() {
                let sample = Sample(seconds: (ContinuousClock.now - started).seconds, resident: resident,
                                    entries: counters.entries.load(ordering: .relaxed), searches: counters.searches.load(ordering: .relaxed))
                samples.append(sample)
                if second % 60 == 0 && second > 0 { print(Self.line(sample)) }
            }
            second += 1
            try? await Task.sleep(until: started + .seconds(second))
        }
        stop.stop()
        return samples
    }

    private static func line(_ sample: Sample) -> String {
        String(format: "  %6.1f  %9.1f  %11.1f  %11.1f  %8d  %8d", sample.seconds / 60, Double(sample.resident.totalKiB) / 1024,
               Double(sample.resident.anonymousKiB) / 1024, Double(sample.resident.fileKiB) / 1024, sample.entries, sample.searches)
    }

    private func report(_ samples: [Sample], tally: ClientTally, verify: VerifyRun, dataFileMiB: Double) {
        guard let first = samples.first, let last = samples.last else { return }
        if Int(last.seconds) % 60 != 0 { print(Self.line(last)) }
        func mib(_ kib: Int) -> Double { Double(kib) / 1024 }
        let peak = samples.max { $0.resident.totalKiB < $1.resident.totalKiB }!
        let peakAnonymous = samples.map(\.resident.anonymousKiB).max()!
        let half = samples[samples.count / 2]
        let tenth = samples[samples.count / 10]
        let secondHalfMinutes = max(1e-9, (last.seconds - half.seconds) / 60)
        let statuses = tally.entryStatuses.merging(tally.searchStatuses, uniquingKeysWith: +)
        print(String(format: """

            memory run: %.1f min, %d entries acknowledged, %d searches answered (%.0f requests/s); statuses %@
            VmRSS MiB:   start %.1f (before the load), peak %.1f (at %.1f min), end %.1f
            RssAnon MiB: start %.1f, at 10%% %.1f, at half time %.1f, peak %.1f, end %.1f: %+.2f MiB a minute over the second half
            RssFile MiB: start %.1f, end %.1f (the executable, its libraries and the ledger's memory map as the service touched it; \
            data.mdb is %.1f MiB: %d events, verify %@ in %.1f s)
            """, last.seconds / 60, tally.entries.count, tally.searches.count,
            Double(tally.entries.count + tally.searches.count) / max(1, last.seconds), statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "),
            mib(first.resident.totalKiB), mib(peak.resident.totalKiB), peak.seconds / 60, mib(last.resident.totalKiB),
            mib(first.resident.anonymousKiB), mib(tenth.resident.anonymousKiB), mib(half.resident.anonymousKiB), mib(peakAnonymous),
            mib(last.resident.anonymousKiB), mib(last.resident.anonymousKiB - half.resident.anonymousKiB) / secondHalfMinutes,
            mib(first.resident.fileKiB), mib(last.resident.fileKiB), dataFileMiB, verify.events ?? 0, verify.passed ? "passed" : "FAILED", verify.seconds))
        for problem in tally.searchesMissingEntry.prefix(10) { print("  FAILED \(problem)") }
        if !verify.passed { print(verify.output) }
    }
}

/// The size of the ledger's data file, in MiB (0 when it cannot be read).
func dataFileMiB(_ data: String) -> Double {
    let size = (try? FileManager.default.attributesOfItem(atPath: data + "/ledger/data.mdb"))?[.size] as? Int
    return Double(size ?? 0) / 1_048_576
}
