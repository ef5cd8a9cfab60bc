import Foundation

/// The `blotter` command-line tool run as a child process, the way an operator runs it, timed
/// from outside: wall time from launch to exit (process start and ledger open included), and,
/// through `/usr/bin/time` when the machine has it, the child's CPU time and peak memory.
struct BlotterProcess {
    let executable: String

    struct Run {
        let output: String
        let exitStatus: Int32
        let wallSeconds: Double
        /// User plus system CPU seconds of the child (nil without `/usr/bin/time`).
        let cpuSeconds: Double?
        /// The child's peak resident set, in KiB (nil without `/usr/bin/time`).
        let maximumResidentKiB: Int?
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let timeTool = "/usr/bin/time"

    /// The `blotter` built beside this benchmark (`swift build -c release --product blotter` in
    /// Tools/benchmarks puts both in the same directory), unless `path` names another.
    static func locate(_ path: String?) throws -> BlotterProcess {
        let candidate = path ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("blotter").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw Failure(description: "no blotter executable at \(candidate): build it with `swift build -c release --product blotter` "
                          + "in Tools/benchmarks, or pass --blotter PATH")
        }
        return BlotterProcess(executable: candidate)
    }

    /// Runs `blotter arguments…` to its end, its output captured.
    func run(_ arguments: [String]) throws -> Run {
        let timed = FileManager.default.isExecutableFile(atPath: Self.timeTool)
        let usageFile = NSTemporaryDirectory() + "blotter-usage-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: usageFile) }
        let process = Process()
        if timed {
            // Elapsed, user and system seconds, peak RSS in KiB.
            process.executableURL = URL(fileURLWithPath: Self.timeTool)
            process.arguments = ["-f", "%e %U %S %M", "-o", usageFile, executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        // Read to the end before waiting, so a chatty child never blocks on a full pipe.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var cpuSeconds: Double?
        var maximumResidentKiB: Int?
        if timed, let usage = try? String(contentsOfFile: usageFile, encoding: .utf8) {
            // The last line holds the figures (a failing child adds a "Command exited…" line first).
            let fields = usage.split(separator: "\n").last?.split(separator: " ") ?? []
            if fields.count == 4, let user = Double(fields[1]), let system = Double(fields[2]) {
                cpuSeconds = user + system
                maximumResidentKiB = Int(fields[3])
            }
        }
        return Run(output: String(decoding: output, as: UTF8.self), exitStatus: process.terminationStatus,
                   wallSeconds: wallSeconds, cpuSeconds: cpuSeconds, maximumResidentKiB: maximumResidentKiB)
    }

    /// The integer after `label` in `text` (e.g. "replayed " → the event count), if any.
    static func integer(after label: String, in text: String) -> Int? {
        guard let range = text.range(of: label) else { return nil }
        let digits = text[range.upperBound...].drop(while: { $0 == " " }).prefix(while: { $0.isNumber })
        return Int(digits)
    }
}
