import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `blotter terminal`: a dispatcher's terminal on a running service. It logs in with password
/// and one-time code (or acts with an integration's API key), then sends each line typed as an
/// NCIC-style message and prints the service's reply; lines starting with `/` are the
/// terminal's own commands (help, the agency's inbox, hit confirmations, logout).
struct TerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal",
        abstract: "An operator's terminal: log in to a running service and send NCIC-style messages (EW, QW, YQ, …).",
        discussion: """
            Interactive: line editing and a history kept in --history. With --batch FILE (or - for
            standard input) every non-blank line not starting with # is sent in turn, each
            reply printed; the exit status is 1 if any message was refused. Without an API key
            (BLOTTER_API_KEY) the terminal asks for the user, password and one-time code.
            Docs/messages.md lists every message key and field code.
            """)

    @Option(help: "The service's base URL (or BLOTTER_SERVICE).")
    var service: String = ProcessInfo.processInfo.environment["BLOTTER_SERVICE"] ?? "http://127.0.0.1:8080"

    @Option(help: "The user to log in as (asked for when not given).")
    var user: String?

    @Option(help: "Send the messages of this file (- for standard input), one a line, then exit.")
    var batch: String?

    @Option(help: "Where the line history is kept between sessions.")
    var history: String = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".blotter_history").path

    func run() async throws {
        guard let base = URL(string: service), base.scheme == "http" || base.scheme == "https" else {
            throw ValidationError("--service must be an http:// or https:// URL, e.g. http://127.0.0.1:8080")
        }
        let editor = LineEditor(historyFile: batch == nil ? history : nil)
        var session = TerminalSession(client: ServiceClient(base: base, credential: .none), editor: editor)
        if let key = ProcessInfo.processInfo.environment["BLOTTER_API_KEY"], !key.isEmpty {
            try await session.useAPIKey(key)
        } else {
            try await session.logIn(user: user)
        }
        if let batch {
            let refused = try await session.runBatch(lines: try Self.lines(of: batch))
            if refused > 0 { throw ExitCode(1) }
        } else {
            try await session.runInteractive()
        }
    }

    private static func lines(of path: String) throws -> [String] {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
