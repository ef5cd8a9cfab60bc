import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a running service is and the API key to call it with: the audit verbs are clients of
/// the service, so each of their reads is authenticated, authorised and recorded there, as
/// any other user's. Nothing here opens the ledger.
struct ServiceOptions: ParsableArguments {
    @Option(help: "The service's base URL (or BLOTTER_SERVICE).")
    var service: String = ProcessInfo.processInfo.environment["BLOTTER_SERVICE"] ?? "http://127.0.0.1:8080"

    @Option(name: .customLong("api-key"), help: "An API key of the user to act as (better: BLOTTER_API_KEY, which other users' ps cannot see).")
    var apiKey: String?

    @Flag(help: "Print the route's JSON answer instead of one line per event.")
    var json = false

    func client() throws -> ServiceClient {
        guard let base = URL(string: service), base.scheme == "http" || base.scheme == "https" else {
            throw ValidationError("--service must be an http:// or https:// URL, e.g. http://127.0.0.1:8080")
        }
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["BLOTTER_API_KEY"], !key.isEmpty else {
            throw ValidationError("give the API key in BLOTTER_API_KEY (or --api-key): the service records who asked")
        }
        return ServiceClient(base: base, apiKey: key)
    }
}

struct ServiceClient {
    /// How the client proves who it acts for: an integration's API key, or a session a user
    /// opened by logging in (the terminal).
    enum Credential {
        case apiKey(String)
        case session(token: String)
        /// Before login: only public routes answer.
        case none
    }

    let base: URL
    var credential: Credential

    init(base: URL, apiKey: String) {
        self.init(base: base, credential: .apiKey(apiKey))
    }

    init(base: URL, credential: Credential) {
        self.base = base
        self.credential = credential
    }

    /// What the service answered: its status and its JSON body.
    struct Answer {
        let status: Int
        let body: Data

        var object: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }

        /// The body re-indented, keys sorted: the route's answer, readable.
        var prettyText: String {
            guard let value = try? JSONSerialization.jsonObject(with: body),
                  let text = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            else { return String(decoding: body, as: UTF8.self) }
            return String(decoding: text, as: UTF8.self)
        }
    }

    func send(_ method: String, _ path: String, query: [URLQueryItem] = [], json: Data? = nil) async throws -> Answer {
        try await send(method, path, query: query, body: json, contentType: json == nil ? nil : "application/json")
    }

    func send(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data?, contentType: String?) async throws -> Answer {
        guard var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw ValidationError("cannot form a URL from \(base) and \(path)")
        }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw ValidationError("cannot form a URL from \(base) and \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        switch credential {
        case .apiKey(let key): request.setValue(key, forHTTPHeaderField: "X-API-Key")
        case .session(let token): request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case .none: break
        }
        if let body {
            request.httpBody = body
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    /// Prints a successful answer to standard output, as the route's JSON or as `text` renders
    /// it; a refusal or error (a problem document) to standard error, exiting 1.
    static func print(_ answer: Answer, json: Bool, text: ([String: Any]) -> String) throws {
        guard (200..<300).contains(answer.status) else {
            let detail = answer.object?["detail"] as? String ?? answer.prettyText
            FileHandle.standardError.write(Data("blotter: the service answered \(answer.status): \(detail)\n".utf8))
            throw ExitCode(1)
        }
        Swift.print(json ? answer.prettyText : text(answer.object ?? [:]))
    }
}
