import Foundation
import Testing
import TestSupport

/// The built `blotter` executable, run as a user runs it, over a temporary data directory.
struct BlotterCommandLine {
    struct Run {
        let status: Int32
        /// Whether the process died of a signal (SIGBUS, SIGSEGV…) instead of exiting.
        let crashed: Bool
        let output: String
    }

    let directory = TemporaryDirectory()
    /// The data directory the tests fill (it does not exist until a command creates it).
    var data: String { (directory.path as NSString).appendingPathComponent("data") }
    var ledgerFile: String { ((data as NSString).appendingPathComponent("ledger") as NSString).appendingPathComponent("data.mdb") }

    func run(_ arguments: [String], executable: String = "blotter") throws -> Run {
        let process = Process()
        process.executableURL = try BuiltProducts.executable(named: executable)
        process.arguments = arguments
        let outputPath = (directory.path as NSString).appendingPathComponent("output-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outputPath)), as: UTF8.self)
        return Run(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal, output: text)
    }

    func run(_ arguments: String...) throws -> Run {
        try run(arguments)
    }

    /// A small ledger of demo events (300 events over 20 streams), verified.
    func demo() throws {
        let run = try run("demo", "--data", data, "--events", "300", "--streams", "20", "--clients", "4")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("verified: the ledger is intact"))
    }
}
