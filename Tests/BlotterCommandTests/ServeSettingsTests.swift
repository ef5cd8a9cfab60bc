import Foundation
import ArgumentParser
import Server
import Testing
import TestSupport
@testable import blotter

/// The settings Docs/operations.md lists are exactly the ones the service reads, under exactly
/// the names it lists; misspelt or mistyped settings stop it.
@Suite("Service settings")
struct ServeSettingsTests {
    static let operations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docs/operations.md")

    /// (environment variables, file key) of each row of the settings table.
    static func documentedSettings() throws -> [(environment: String, key: String)] {
        let text = try String(contentsOf: operations, encoding: .utf8)
        return text.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("`blotter.") }.map { row in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (cells[2].replacingOccurrences(of: "`", with: ""), cells[3].replacingOccurrences(of: "`", with: ""))
        }
    }

    /// A valid value for a setting, and what the resolved configuration must then hold.
    static func probe(_ key: String) -> (value: String, check: (ServerConfiguration) -> Bool) {
        switch key {
        case "blotter.data": return ("/tmp/probe-data", { $0.dataDirectory == "/tmp/probe-data" })
        case "blotter.host": return ("127.0.0.2", { $0.host == "127.0.0.2" })
        case "blotter.port": return ("9191", { $0.port == 9191 })
        case "blotter.tls.certificate": return ("/tmp/probe.pem", { $0.tlsCertificatePath == "/tmp/probe.pem" })
        case "blotter.tls.key": return ("/tmp/probe.key", { $0.tlsPrivateKeyPath == "/tmp/probe.key" })
        case "blotter.allowPlainHTTP": return ("true", { $0.allowPlainHTTPOffLoopback })
        case "blotter.passwordCost": return ("7", { $0.passwordCost == 7 })
        case "blotter.rateLimit": return ("12.5", { $0.requestsPerSecondPerClient == 12.5 })
        case "blotter.rateBurst": return ("33", { $0.requestBurstPerClient == 33 })
        case "blotter.maximumMapMiB": return ("4096", { $0.maximumMapMiB == 4096 })
        case "blotter.checkpointIntervalSeconds": return ("600", { $0.checkpointIntervalSeconds == 600 })
        default: return ("", { _ in false })
        }
    }

    @Test func everyDocumentedEnvironmentVariableIsHonoured() async throws {
        let documented = try Self.documentedSettings()
        #expect(Set(documented.map(\.key)) == Set(ServeSettings.all.map(\.key)), "the table lists every setting, no more")
        let command = try ServeCommand.parse([])
        for (variable, key) in documented {
            let (value, check) = Self.probe(key)
            #expect(ServeSettings.all.first { $0.key == key }?.environmentVariable == variable, "\(key)")
            let configuration = try await command.resolveConfiguration(environment: [variable: value])
            #expect(check(configuration), "\(variable)=\(value) was not honoured")
        }
    }

    @Test func aConfigurationFileWithAnUnknownKeyOrAWrongTypeIsRefused() async throws {
        let directory = TemporaryDirectory()
        for (content, expected) in [
            (#"{"blotter":{"prot":8080}}"#, "blotter.prot is not a setting"),
            (#"{"blotter":{"port":"8080"}}"#, "blotter.port must be an integer"),
            (#"{"blotter":{"allowPlainHTTP":1}}"#, "blotter.allowPlainHTTP must be a boolean"),
            (#"{"blotter":{"rateLimit":true}}"#, "blotter.rateLimit must be a number"),
            (#"[1,2]"#, "is not a JSON object"),
        ] {
            let path = directory.path + "/config.json"
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            let command = try ServeCommand.parse(["--config", path])
            await #expect(performing: { _ = try await command.resolveConfiguration(environment: [:]) }, throws: { error in
                "\(error)".contains(expected)
            })
        }
        try Data(#"{"blotter":{"port":8443,"tls":{"certificate":"/c.pem","key":"/k.pem"},"allowPlainHTTP":false}}"#.utf8)
            .write(to: URL(fileURLWithPath: directory.path + "/config.json"))
        let good = try await ServeCommand.parse(["--config", directory.path + "/config.json"]).resolveConfiguration(environment: [:])
        #expect(good.port == 8443 && good.tlsCertificatePath == "/c.pem")
    }

    @Test func anEnvironmentValueOfTheWrongTypeIsRefused() async throws {
        let command = try ServeCommand.parse([])
        for (variable, value) in [("BLOTTER_PORT", "eighty"), ("BLOTTER_ALLOW_PLAIN_HTTP", "sure"), ("BLOTTER_RATE_LIMIT", "fast")] {
            await #expect(performing: { _ = try await command.resolveConfiguration(environment: [variable: value]) }, throws: { error in
                "\(error)".contains(variable)
            })
        }
    }

    @Test func serveTakesTheMaximumMapSizeUnderItsDocumentedFlag() throws {
        #expect(try ServeCommand.parse(["--maximum-map-mib", "2048"]).maximumMapMiB == 2048)
        #expect(try VerifyCommand.parse(["--maximum-map-mib", "2048"]).data.maximumMapMiB == 2048)
    }
}
