import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Records

/// One terminal session: its credential, the agency it speaks for, and the loop that sends
/// messages and the terminal's own commands.
struct TerminalSession {
    var client: ServiceClient
    let editor: LineEditor
    /// The user's agency: the ORI every message carries and the prompt shows.
    private(set) var agency = ""

    /// Most login attempts before the terminal gives up (the service locks the account after five).
    static let loginAttempts = 3

    init(client: ServiceClient, editor: LineEditor) {
        self.client = client
        self.editor = editor
    }

    mutating func useAPIKey(_ key: String) async throws {
        client.credential = .apiKey(key)
        let answer = try await client.send("GET", "sessions/current")
        guard answer.status == 200, let agency = answer.object?["agency"] as? String else {
            throw TerminalFailure("the API key was refused (\(answer.status)): \(Self.detail(of: answer))")
        }
        self.agency = agency
    }

    /// Asks for the user, the password and the one-time code until the service opens a session.
    mutating func logIn(user given: String?) async throws {
        for _ in 0..<Self.loginAttempts {
            guard let user = given ?? editor.line(prompt: "USER: "), let password = editor.secret(prompt: "PASSWORD: "),
                  let code = editor.secret(prompt: "CODE: ") else { throw TerminalFailure("no login given") }
            let body = try JSONSerialization.data(withJSONObject: ["userID": user, "password": password, "code": code])
            client.credential = .none
            let answer = try await client.send("POST", "sessions", json: body)
            if answer.status == 201, let token = answer.object?["token"] as? String,
               let userView = answer.object?["user"] as? [String: Any], let agency = userView["agency"] as? String {
                client.credential = .session(token: token)
                self.agency = agency
                Console.say((answer.object?["banner"] as? String ?? "") + "\nLOGGED IN \(user) \(agency)")
                return
            }
            Console.say("LOGIN REFUSED: \(Self.detail(of: answer))")
        }
        throw TerminalFailure("login refused \(Self.loginAttempts) times")
    }

    mutating func runInteractive() async throws {
        Console.say("Type a message (EW.\(agency).NAM/…), /help, or /quit.")
        while let line = editor.line(prompt: "\(agency)> ") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text == "/quit" || text == "/exit" {
                await logOut()
                return
            }
            try await handle(text)
        }
        await logOut()
    }

    /// Sends every message of `lines` in turn; returns how many were refused.
    mutating func runBatch(lines: [String]) async throws -> Int {
        var sent = 0
        var refused = 0
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            Console.say("> " + text)
            let reply = try await send(text)
            sent += 1
            if !(200..<300).contains(reply.status) { refused += 1 }
        }
        Console.say("\(sent) MESSAGES SENT, \(refused) REFUSED")
        await logOut()
        return refused
    }

    private mutating func handle(_ text: String) async throws {
        guard text.hasPrefix("/") else {
            _ = try await send(text)
            return
        }
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch words[0] {
        case "/help": Console.say(TerminalHelp.text(for: words.count > 1 ? words[1] : nil))
        case "/inbox": try await showMailbox("inbox")
        case "/outbox": try await showMailbox("outbox")
        case "/read": try await readMessage(words.count > 1 ? words[1] : "")
        case "/hits": try await showHitConfirmations(overdueOnly: words.count > 1 && words[1] == "overdue")
        default: Console.say("UNKNOWN COMMAND \(words[0]); /help lists them")
        }
    }

    /// Sends one message and prints the reply; a lapsed session is said plainly.
    private func send(_ message: String) async throws -> ServiceClient.Answer {
        let answer = try await client.send("POST", "messages", body: Data(message.utf8), contentType: "text/plain; charset=utf-8")
        if answer.status == 401 {
            Console.say("SESSION ENDED: \(Self.detail(of: answer)); log in again")
        } else {
            Console.say(String(decoding: answer.body, as: UTF8.self), terminator: "")
        }
        return answer
    }

    private func showMailbox(_ which: String) async throws {
        let answer = try await client.send("GET", "agencies/\(agency)/\(which)")
        guard answer.status == 200 else { return Console.say("REFUSED: \(Self.detail(of: answer))") }
        Console.say(TerminalText.mailbox(answer.object ?? [:], which: which))
    }

    private func readMessage(_ id: String) async throws {
        guard let number = UInt64(id) else { return Console.say("USAGE: /read ID (the number /inbox shows)") }
        let answer = try await client.send("POST", "agency-messages/\(number)/reads")
        guard answer.status == 200 else { return Console.say("REFUSED: \(Self.detail(of: answer))") }
        Console.say(TerminalText.openedMessage(answer.object ?? [:]))
    }

    private func showHitConfirmations(overdueOnly: Bool) async throws {
        let query = overdueOnly ? [URLQueryItem(name: "overdue", value: "true")] : []
        let answer = try await client.send("GET", "agencies/\(agency)/hit-confirmations", query: query)
        guard answer.status == 200 else { return Console.say("REFUSED: \(Self.detail(of: answer))") }
        Console.say(TerminalText.hitConfirmations(answer.object ?? [:]))
    }

    private func logOut() async {
        guard case .session = client.credential else { return }
        _ = try? await client.send("DELETE", "sessions/current")
        Console.say("LOGGED OUT")
    }

    static func detail(of answer: ServiceClient.Answer) -> String {
        answer.object?["detail"] as? String ?? String(decoding: answer.body.prefix(200), as: UTF8.self)
    }
}

struct TerminalFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The terminal's output, written straight to standard output so replies and prompts keep
/// their order on a terminal, a pipe or a file.
enum Console {
    static func say(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }
}
