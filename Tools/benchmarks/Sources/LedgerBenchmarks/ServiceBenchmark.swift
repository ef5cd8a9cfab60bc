import Foundation
import Ledger
import Records
import Server

/// The HTTP service under load: the real application in-process on a loopback port, then many
/// clients sending audited searches, then entries, each request through the socket, Hummingbird,
/// the rate limiter, authentication and the route, and each answered only once its event is
/// durable. Figures beside the targets.
enum ServiceBenchmark {
    struct Options {
        /// Records of the synthetic population entered (in-process) before the load.
        var records = 20_000
        var seconds = 20.0
        var clients = 64
    }

    static let searchesPerSecondTarget = 5_000.0
    static let entriesPerSecondTarget = 2_000.0

    static func run(_ options: Options, scratch: String) async throws {
        precondition(options.records > 0 && options.seconds > 0 && (1..<100).contains(options.clients))
        let directory = try ScratchDirectory(root: scratch, name: "service")
        defer { directory.remove() }
        let service = try InProcessService.start(directory: directory.path)
        let http = ServiceClient(baseURL: service.baseURL, connections: options.clients)
        do {
            try await measure(options, service, http)
        } catch {
            try? await http.shutdown()
            await service.stop()
            throw error
        }
        try await http.shutdown()
        await service.stop()
    }

    private static func measure(_ options: Options, _ service: InProcessService, _ http: ServiceClient) async throws {
        try await http.waitUntilServing()
        let operators = try await OperatorEnrolment.enrol(service, client: http)
        print("service over HTTP/1.1 on loopback: \(options.clients) clients, \(Int(options.seconds)) s a phase, "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores (clients and service share them)")
        try await seed(records: options.records, service.services)
        let load = LoadPhase(clients: options.clients, duration: .milliseconds(Int(options.seconds * 1_000)))
        let searches = await searchPhase(load, people: SearchLatencies.items(inRecords: options.records), service.services, http, operators)
        let entries = try await entryPhase(load, service.services, http, operators)
        print(PhaseFigures.header)
        print(searches.line)
        print(entries.line)
        printLegend(searches, people: SearchLatencies.items(inRecords: options.records))
    }

    /// The synthetic population, entered in-process (not over HTTP) so searches find something.
    private static func seed(records: Int, _ services: BlotterServices) async throws {
        let started = ContinuousClock.now
        let summary = try await SyntheticPopulation(seed: 7).enter(
            records: records, into: services.records, clients: 32, today: CalendarDate(services.clock.now()))
        let seconds = (ContinuousClock.now - started).seconds
        print(String(format: "population: %d records entered in-process in %.1f s (%.0f/s)%@\n",
                     summary.recordsEntered, seconds, Double(summary.recordsEntered) / seconds,
                     summary.firstRejection.map { "; \(summary.rejected) refused, first: \($0)" } ?? ""))
    }

    /// Key searches by the state id of a random item of the population.
    private static func searchPhase(
        _ load: LoadPhase, people: Int, _ services: BlotterServices, _ http: ServiceClient, _ operators: [Operator]
    ) async -> PhaseFigures {
        // Answers are encoded with sorted keys and no spaces, so an empty answer holds exactly this.
        let noHits = Array(#""hits":[]"#.utf8)
        return await phase("audited searches", target: searchesPerSecondTarget, expecting: 200, services: services, load: load) { client, _ in
            let stateID = "A" + Int.random(in: 0..<people).zeroPadded(to: 8)
            let body = #"{"query":{"by":"stateID","value":""# + stateID + #""},"purpose":"C","caseNumber":"BENCH-1"}"#
            guard let answer = try? await http.send(.POST, "/searches", json: body, token: operators[client % operators.count].token) else {
                return LoadPhase.Outcome(status: 0)
            }
            return LoadPhase.Outcome(status: answer.status, found: answer.status == 200 && !answer.contains(noHits))
        }
    }

    /// New stolen guns and wanted persons, none a duplicate.
    private static func entryPhase(
        _ load: LoadPhase, _ services: BlotterServices, _ http: ServiceClient, _ operators: [Operator]
    ) async throws -> PhaseFigures {
        let bodies = try EntryBodies(today: CalendarDate(services.clock.now()))
        return await phase("entries", target: entriesPerSecondTarget, expecting: 201, services: services, load: load) { client, request in
            let body = bodies.body(client: client, request: request)
            guard let answer = try? await http.send(.POST, "/records", json: body, token: operators[client % operators.count].token) else {
                return LoadPhase.Outcome(status: 0)
            }
            return LoadPhase.Outcome(status: answer.status)
        }
    }

    /// Runs one load phase and reads the writer's batching and the process's CPU time around it.
    private static func phase(
        _ name: String, target: Double, expecting status: Int, services: BlotterServices, load: LoadPhase,
        _ send: @escaping @Sendable (Int, Int) async -> LoadPhase.Outcome
    ) async -> PhaseFigures {
        let before = services.writer.metrics
        let cpuBefore = processCPUSeconds()
        let tally = await load.run(send)
        let cpuSeconds = processCPUSeconds() - cpuBefore
        let after = services.writer.metrics
        let batch = Double(after.commandsCommitted - before.commandsCommitted)
            / Double(max(1, after.transactionsCommitted - before.transactionsCommitted))
        return PhaseFigures(name: name, tally: tally, expectedStatus: status, meanBatch: batch, targetPerSecond: target,
                            processCores: cpuSeconds / tally.seconds)
    }

    private static func printLegend(_ searches: PhaseFigures, people: Int) {
        let found = 100 * Double(searches.tally.found) / Double(max(1, searches.tally.latenciesMilliseconds.count))
        print(String(format: """

            searches: key searches by state id (A + 8 digits of a random item of the population, %d items), purpose C;
            %.0f%% of the answers held a hit. Each answer leaves only after its access event is committed.
            entries: stolen guns and wanted persons, every serial and case number new (so 201, never a duplicate).
            p50/p99: per request, from sending to the whole answer read. mean batch: commands per commit while the phase ran.
            cores: CPU time of this process (service and clients together) over the phase's wall time, of %d.
            """, people, found, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// User and system CPU time of this process so far: how much of the machine the service and
    /// its clients got, on a machine that others may be using too.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
