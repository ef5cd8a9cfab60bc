import ArgumentParser
import BundleArchive
import Foundation
import Ledger
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `blotter-discovery export --order ID`: the order's recipient asks the service for the
/// bundle (the service checks the order names them and records the export), then the bundle
/// is written as `<out>/<name>.zip` and unpacked into `<out>/<name>/`, and verified.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the discovery bundle a court's order names, as its recipient, from the agency's service.")

    @Option(help: "The service's base URL (or BLOTTER_SERVICE).")
    var service: String = ProcessInfo.processInfo.environment["BLOTTER_SERVICE"] ?? "http://127.0.0.1:8080"

    @Option(name: .customLong("api-key"), help: "The recipient's API key (better: BLOTTER_API_KEY, which other users' ps cannot see).")
    var apiKey: String?

    @Option(help: "The discovery order's id, as the court entered it.")
    var order: String

    @Option(help: "The tree size of a checkpoint kept from an earlier bundle: the new bundle proves that ledger is the start of this one.")
    var earlierTreeSize: UInt64?

    @Option(help: "Where to write the bundle's folder and .zip.")
    var out: String = "."

    @Option(help: "The ledger's verifier key to check the bundle against (see verify --key).")
    var key: String?

    func run() async throws {
        guard let base = URL(string: service), base.scheme == "http" || base.scheme == "https" else {
            throw ValidationError("--service must be an http:// or https:// URL")
        }
        guard let apiKey = apiKey ?? ProcessInfo.processInfo.environment["BLOTTER_API_KEY"], !apiKey.isEmpty else {
            throw ValidationError("give the recipient's API key in BLOTTER_API_KEY (or --api-key): the service records who exported")
        }
        let archive = try await request(base: base, apiKey: apiKey)
        let files = try BundleArchive.unzip(archive.data)
        let name = archive.name
        let folder = (out as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, bytes) in files {
            try Data(bytes).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(file)), options: .withoutOverwriting)
        }
        let zipPath = (out as NSString).appendingPathComponent(name + ".zip")
        try archive.data.write(to: URL(fileURLWithPath: zipPath), options: .withoutOverwriting)
        print("exported order \(order) as access event \(archive.accessSequence): \(folder)/ and \(zipPath) (\(archive.data.count) bytes)")
        let report = BundleVerifier.verify(files, trustedKey: key)
        print(VerifyCommand.summary(report, trusted: key != nil))
        guard report.holds else {
            for finding in report.findings { print("FAIL \(finding)") }
            throw ExitCode(1)
        }
        print("bundle verified")
    }

    struct Received {
        let data: Data
        let name: String
        let accessSequence: String
    }

    private func request(base: URL, apiKey: String) async throws -> Received {
        let url = base.appendingPathComponent("discovery/orders").appendingPathComponent(order).appendingPathComponent("exports")
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue(apiKey, forHTTPHeaderField: "X-API-Key")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        var body: [String: Any] = [:]
        if let earlierTreeSize { body["earlierTreeSize"] = earlierTreeSize }
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        guard let http, http.statusCode == 200 else {
            let detail = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["detail"] as? String ?? String(decoding: data, as: UTF8.self)
            FileHandle.standardError.write(Data("blotter-discovery: the service answered \(http?.statusCode ?? 0): \(detail)\n".utf8))
            throw ExitCode(1)
        }
        let name = http.value(forHTTPHeaderField: "Blotter-Bundle-Name") ?? "discovery-\(order)"
        guard !name.contains("/"), !name.hasPrefix(".") else { throw ValidationError("the service named the bundle \(name)") }
        return Received(data: data, name: name, accessSequence: http.value(forHTTPHeaderField: "Blotter-Access-Sequence") ?? "?")
    }
}
