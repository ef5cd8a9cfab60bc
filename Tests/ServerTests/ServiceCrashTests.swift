import Access
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ledger
import Records
import Server
import Testing
import TestSupport

/// The service runs as its own process with concurrent clients entering and searching over a
/// real socket; it is killed with SIGKILL at random moments and restarted, 20 rounds. After
/// each, every entry that was acknowledged (201) and every search that was answered (200) has
/// its event in the log, and the chain and the projections verify.
@Suite("Crash safety of the service")
struct ServiceCrashTests {
    struct Acknowledged: Sendable {
        var entries: [(number: String, serial: String)] = []
        var accesses: [UInt64] = []
    }

    @Test func aKilledServiceLosesNoAcknowledgedEntryAndNoAnsweredSearch() async throws {
        let seed = TestSeed.make()
        var random = SeededGenerator(seed: seed)
        let binary = try BuiltProducts.executable(named: "blotter")
        let directory = TemporaryDirectory()
        let data = directory.path + "/data"
        var apiKey: String?
        var totalEntries = 0
        var totalAccesses = 0
        for round in 0..<20 {
            let server = try await ServiceProcess.start(binary: binary, data: data, log: directory.path + "/round-\(round).log")
            if apiKey == nil { apiKey = try await server.provisionOperator() }
            let lifetime = Int.random(in: 150...700, using: &random)
            let acknowledged = await ClientLoad.run(port: server.port, key: apiKey!, round: round, for: .milliseconds(lifetime))
            server.kill()
            totalEntries += acknowledged.entries.count
            totalAccesses += acknowledged.accesses.count
            try check(acknowledged, data: data, round: round, seed: seed)
        }
        #expect(totalEntries > 40 && totalAccesses > 40, "seed \(seed): the rounds must do real work")
    }

    private func check(_ acknowledged: Acknowledged, data: String, round: Int, seed: UInt64) throws {
        let ledger = try Ledger(directory: data, configuration: LedgerConfiguration(projections: BlotterServices.projections()))
        try ledger.read { transaction throws in
            let records = transaction.tables(of: RecordsProjection.self)
            for entry in acknowledged.entries {
                let state = try RecordsProjection.state(of: RecordNumber(entry.number)!, in: records)
                guard case .stolenGun(let gun)? = state?.facts else {
                    Issue.record("round \(round), seed \(seed): acknowledged entry \(entry.number) is missing")
                    continue
                }
                #expect(gun.serialNumber == entry.serial)
            }
            for sequence in acknowledged.accesses {
                #expect(try transaction.event(at: sequence)?.type == "RecordsQueried", "round \(round), seed \(seed): answered search \(sequence) has no access event")
            }
        }
        let report = try LedgerVerifier.verify(ledger)
        #expect(report.isValid, "round \(round), seed \(seed): \(report.failures) \(report.derivedTables?.differences ?? [])")
    }
}

/// `blotter serve` as a child process on a free loopback port.
struct ServiceProcess {
    let process: Process
    let port: Int
    let logPath: String

    /// Starts the service; a random port another process took meanwhile (the kernel hands out
    /// ports of this range to outgoing connections too) is tried again on another, a few times.
    static func start(binary: URL, data: String, log: String) async throws -> ServiceProcess {
        for attempt in 1...3 {
            do {
                // A retry appends to the log: the first start's output (the administrator's
                // credentials, printed before the port is bound) must stay in it.
                return try await startOnce(binary: binary, data: data, log: log, appending: attempt > 1)
            } catch let failure as ServiceFailure where failure.description.contains("Address already in use") && attempt < 3 {
                continue
            }
        }
        preconditionFailure("the last attempt returns or throws")
    }

    private static func startOnce(binary: URL, data: String, log: String, appending: Bool) async throws -> ServiceProcess {
        let port = Int.random(in: 20_000...60_000)
        if !appending { FileManager.default.createFile(atPath: log, contents: nil) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data", data, "--port", String(port), "--password-cost", "4"]
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try output.seekToEnd()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let server = ServiceProcess(process: process, port: port, logPath: log)
        for _ in 0..<600 {
            if (try? await HTTP.call(port: port, "GET", "/health")).map({ $0.status == 200 }) == true { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.kill()
        try? output.synchronize()
        throw ServiceFailure(description: "the service did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// On the first start: logs the printed administrator in and creates an operator with an API key.
    func provisionOperator() async throws -> String {
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        func value(after label: String) throws -> String {
            guard let line = log.split(separator: "\n").first(where: { $0.contains(label) }),
                  let last = line.split(separator: " ").last
            else { throw ServiceFailure(description: "no \(label) in the first start's output") }
            return String(last)
        }
        let password = try value(after: "  password ")
        guard let seed = SecondFactor.seed(fromLinkOrSeed: try value(after: "otpauth://")) else {
            throw ServiceFailure(description: "the first start printed no authenticator link")
        }
        let code = SecondFactor.code(seed: seed, at: SystemClock().now())
        let login = try await HTTP.call(port: port, "POST", "/sessions", json: #"{"userID":"admin","password":"\#(password)","code":"\#(code)"}"#)
        guard let token = login.json["token"] as? String else { throw ServiceFailure(description: "login failed: \(login.text)") }
        let bearer = ["Authorization": "Bearer \(token)"]
        _ = try await HTTP.call(port: port, "POST", "/agencies", json: #"{"ori":"CA0194200","name":"LAPD","access":"full"}"#, headers: bearer)
        _ = try await HTTP.call(port: port, "POST", "/users", json: #"{"userID":"crash-op","agency":"CA0194200","name":"Operator","roles":["operator"],"assignedOn":"20260101"}"#, headers: bearer)
        _ = try await HTTP.call(port: port, "POST", "/users/crash-op/certifications", json: #"{"certifiedOn":"20260101"}"#, headers: bearer)
        let key = try await HTTP.call(port: port, "POST", "/users/crash-op/api-keys", json: #"{"label":"crash test"}"#, headers: bearer)
        guard let apiKey = key.json["key"] as? String else { throw ServiceFailure(description: "no API key: \(key.text)") }
        return apiKey
    }
}

struct ServiceFailure: Error, CustomStringConvertible {
    let description: String
}

/// Concurrent clients entering stolen guns and searching for them until the time is up.
enum ClientLoad {
    static func run(port: Int, key: String, round: Int, for duration: Duration) async -> ServiceCrashTests.Acknowledged {
        let deadline = ContinuousClock.now + duration
        return await withTaskGroup(of: ServiceCrashTests.Acknowledged.self) { group in
            for client in 0..<8 {
                group.addTask {
                    var acknowledged = ServiceCrashTests.Acknowledged()
                    var count = 0
                    while ContinuousClock.now < deadline {
                        count += 1
                        let serial = "K\(round)X\(client)X\(count)"
                        let body = #"{"kind":"stolenGun","facts":{"serialNumber":"\#(serial)","make":"GLOCK","caliber":"9MM","gunType":"PISTOL","dateOfTheft":"20260101","caseNumber":"C-\#(serial)"}}"#
                        guard let entered = try? await HTTP.call(port: port, "POST", "/records", json: body, headers: ["X-API-Key": key]),
                              entered.status == 201, let number = (entered.json["record"] as? [String: Any])?["number"] as? String
                        else { continue }
                        acknowledged.entries.append((number, serial))
                        let search = #"{"query":{"by":"gunSerial","value":"\#(serial)"},"purpose":"C","caseNumber":"C-1"}"#
                        if let answer = try? await HTTP.call(port: port, "POST", "/searches", json: search, headers: ["X-API-Key": key]),
                           answer.status == 200, let sequence = answer.json["accessSequence"] as? Int {
                            acknowledged.accesses.append(UInt64(sequence))
                        }
                    }
                    return acknowledged
                }
            }
            var total = ServiceCrashTests.Acknowledged()
            for await part in group {
                total.entries += part.entries
                total.accesses += part.accesses
            }
            return total
        }
    }
}

/// A minimal JSON-over-HTTP client on URLSession.
enum HTTP {
    struct Answer {
        let status: Int
        let text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:] }
    }

    static func call(port: Int, _ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, text: String(decoding: data, as: UTF8.self))
    }
}
