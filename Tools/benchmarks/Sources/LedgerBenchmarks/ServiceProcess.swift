import Foundation

/// The real `blotter serve` as a child process on a free loopback port, the way an agency runs
/// it, so that it can be killed with SIGKILL mid-load and its memory read from /proc.
struct ServiceProcess {
    let process: Process
    let port: Int
    let logPath: String

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The `blotter` executable: `path`, or the one built beside this benchmark
    /// (`swift build -c release --product blotter` in Tools/benchmarks puts both in one directory).
    static func executable(_ path: String?) throws -> String {
        let candidate = path ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("blotter").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw Failure(description: "no blotter executable at \(candidate): build it with `swift build -c release --product blotter` "
                          + "in Tools/benchmarks, or pass --soak-blotter PATH")
        }
        return candidate
    }

    /// Starts `blotter serve` on `data` (created on the first start), its output written to `log`
    /// (replaced). bcrypt's cheapest cost, and the per-address rate limit raised: every client
    /// here shares one address.
    static func start(executable: String, data: String, log: String) throws -> ServiceProcess {
        let port = try FreePort.onLoopback()
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--data", data, "--host", "127.0.0.1", "--port", String(port), "--password-cost", "4"]
        var environment = ProcessInfo.processInfo.environment
        environment["BLOTTER_RATE_LIMIT"] = "1000000000"
        environment["BLOTTER_RATE_BURST"] = "1000000000"
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return ServiceProcess(process: process, port: port, logPath: log)
    }

    /// Polls `GET /health` until it answers 200; the service must not have exited meanwhile.
    func waitUntilServing(_ client: ServiceClient, seconds: Double = 60) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        while ContinuousClock.now < deadline {
            if let answer = try? await client.send(.GET, "/health"), answer.status == 200 { return }
            guard process.isRunning else {
                throw Failure(description: "blotter serve exited with status \(process.terminationStatus): \(logTail())")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Failure(description: "blotter serve did not answer /health within \(Int(seconds)) s: \(logTail())")
    }

    /// SIGKILL: no handler runs, nothing is flushed or drained; then reaps the process.
    func kill() {
        _ = Foundation.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM: a graceful stop (requests in flight finish, the writer drains).
    func terminate() {
        process.terminate()
        process.waitUntilExit()
    }

    /// The resident set from /proc/PID/status, in KiB: all of it, anonymous memory (the heap and
    /// stacks: what a leak grows) and file-backed pages (mostly the ledger's memory map, which
    /// grows with the data the service touches and the kernel can reclaim).
    struct Resident: Sendable {
        var totalKiB = 0
        var anonymousKiB = 0
        var fileKiB = 0
    }

    func resident() -> Resident? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var resident = Resident()
        var found = false
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let value = Int(fields[1]) else { continue }
            switch fields[0] {
            case "VmRSS:": resident.totalKiB = value; found = true
            case "RssAnon:": resident.anonymousKiB = value
            case "RssFile:": resident.fileKiB = value
            default: break
            }
        }
        return found ? resident : nil
    }

    /// The first start's printed administrator: its password and TOTP seed.
    func firstAdministrator() throws -> (password: String, seed: String) {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let lines = log.split(separator: "\n")
        guard let passwordLine = lines.first(where: { $0.hasPrefix("  password ") }),
              let password = passwordLine.split(separator: " ").last,
              let link = lines.first(where: { $0.contains("otpauth://") })?.split(separator: " ").last
        else { throw Failure(description: "the first start printed no administrator credentials: \(logTail())") }
        return (String(password), String(link))
    }

    func logTail(_ characters: Int = 2_000) -> String {
        String(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(characters))
    }
}
