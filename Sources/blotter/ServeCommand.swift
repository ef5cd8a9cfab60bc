import Access
import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Ledger
import Logging
import Records
import Server
import SystemPackage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the agency service (HTTP API) on the ledger.",
        discussion: """
            Settings come from flags, then the environment (BLOTTER_DATA, BLOTTER_HOST, BLOTTER_PORT, \
            BLOTTER_TLS_CERTIFICATE, BLOTTER_TLS_KEY, BLOTTER_ALLOW_PLAIN_HTTP, BLOTTER_PASSWORD_COST, \
            BLOTTER_RATE_LIMIT, BLOTTER_RATE_BURST, BLOTTER_MAXIMUM_MAP_MI_B), then the JSON file given with \
            --config ({"blotter": {"port": 8443, "tls": {"certificate": "…", "key": "…"}}}), then \
            defaults; an unknown setting or a value of the wrong type stops it, naming the setting. Plain \
            HTTP is served only on loopback; elsewhere give a TLS certificate and key. On a ledger with \
            no users the first administrator is created and its credentials printed once. SIGTERM or \
            SIGINT stops it gracefully: requests in flight finish and the writer drains.
            """)

    @Option(name: .customLong("data"), help: "The ledger's data directory.")
    var directory: String?
    @Option(help: "The address to listen on.")
    var host: String?
    @Option(help: "The port to listen on.")
    var port: Int?
    @Option(name: .customLong("config"), help: "A JSON configuration file.")
    var configFile: String?
    @Option(name: .customLong("tls-certificate"), help: "PEM certificate chain for HTTPS.")
    var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for HTTPS.")
    var tlsKey: String?
    @Option(help: "bcrypt cost for passwords (4-16).")
    var passwordCost: UInt8?
    @Option(name: .customLong("maximum-map-mib"), help: "The largest the ledger's memory map may grow, in MiB.")
    var maximumMapMiB: Int?
    @Option(name: .customLong("checkpoint-interval"), help: "Seconds between scheduled signed checkpoints (default 3600; 0: none).")
    var checkpointInterval: Int64?

    func run() async throws {
        let configuration = try await resolveConfiguration()
        try configuration.check()
        // A file-size limit (ulimit -f) must fail a commit with an error the client is told
        // (503), not kill the service with SIGXFSZ mid-commit.
        signal(SIGXFSZ, SIG_IGN)
        var logger = Logger(label: "blotter")
        logger.logLevel = .info
        let services = try BlotterServices(
            directory: configuration.dataDirectory, passwordCost: configuration.passwordCost, maximumMapMiB: configuration.maximumMapMiB)
        if try !services.access.hasUsers() {
            try await FirstAdministrator.create(services: services, configuration: configuration)
        }
        let application = try BlotterApplication.buildApplication(
            services: services, configuration: configuration, openAPIDocument: OpenAPIDocument.text, logger: logger)
        logger.info("serving", metadata: [
            "address": "\(configuration.usesTLS ? "https" : "http")://\(configuration.host):\(configuration.port)",
            "data": "\(configuration.dataDirectory)",
        ])
        let maintenanceLogger = logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            let schedule = CheckpointSchedule(intervalSeconds: configuration.checkpointIntervalSeconds)
            group.addTask { await services.maintain(checkpoints: schedule, logger: maintenanceLogger) }
            try await application.runService()
            group.cancelAll()
        }
        await services.shutdown()
        logger.info("stopped; the writer drained")
    }

    /// Flags over the environment over the configuration file over defaults.
    func resolveConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ServerConfiguration {
        try ServeSettings.checkEnvironment(environment)
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: environment)]
        if let configFile {
            try ServeSettings.checkFile(configFile)
            providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
        }
        let reader = ConfigReader(providers: providers)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory ?? reader.string(forKey: "blotter.data", default: configuration.dataDirectory)
        configuration.host = host ?? reader.string(forKey: "blotter.host", default: configuration.host)
        configuration.port = port ?? reader.int(forKey: "blotter.port", default: configuration.port)
        configuration.tlsCertificatePath = tlsCertificate ?? reader.string(forKey: "blotter.tls.certificate")
        configuration.tlsPrivateKeyPath = tlsKey ?? reader.string(forKey: "blotter.tls.key", isSecret: true)
        configuration.allowPlainHTTPOffLoopback = reader.bool(forKey: "blotter.allowPlainHTTP", default: false)
        configuration.passwordCost = passwordCost ?? UInt8(reader.int(forKey: "blotter.passwordCost", default: Int(configuration.passwordCost)))
        configuration.requestsPerSecondPerClient = reader.double(forKey: "blotter.rateLimit", default: configuration.requestsPerSecondPerClient)
        configuration.requestBurstPerClient = reader.double(forKey: "blotter.rateBurst", default: configuration.requestBurstPerClient)
        configuration.maximumMapMiB = maximumMapMiB ?? reader.int(forKey: "blotter.maximumMapMiB", default: configuration.maximumMapMiB)
        configuration.checkpointIntervalSeconds = checkpointInterval
            ?? Int64(reader.int(forKey: "blotter.checkpointIntervalSeconds", default: Int(configuration.checkpointIntervalSeconds)))
        guard (4...16).contains(configuration.passwordCost) else { throw ValidationError("the password cost is 4 to 16") }
        return configuration
    }
}

/// The first start of a ledger: the first agency (the state administration, whose auditors
/// audit every agency) and its administrator, printed once.
enum FirstAdministrator {
    static func create(services: BlotterServices, configuration: ServerConfiguration) async throws {
        let password = randomPassword()
        let agency = Agency(ori: "CA0000000", name: "Blotter administration", access: .full, jurisdiction: .state)
        let seed = try await services.access.bootstrap(administrator: "admin", name: "First administrator", agency: agency, password: password)
        let scheme = configuration.usesTLS ? "https" : "http"
        let message = """
            Blotter: this ledger had no users, so the first administrator was created.
              user id    admin
              password   \(password)
              second factor: add this to an authenticator app (most take it pasted as a link):
                \(SecondFactor.authenticatorURL(seed: seed, userID: "admin"))
            Log in with the password and the app's current six-digit code (each code works once):
              curl -s -X POST \(scheme)://\(configuration.host):\(configuration.port)/sessions \\
                -H 'Content-Type: application/json' \\
                -d '{"userID":"admin","password":"\(password)","code":"CODE"}'
            (Without an app: blotter totp '<the otpauth link>' prints the current code.)
            These credentials are shown only now. Change the password after logging in.

            """
        // Written straight to the descriptor: printed output can sit in a buffer when stdout is a file.
        FileHandle.standardOutput.write(Data(message.utf8))
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

struct TOTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp", abstract: "Print the current six-digit code for a TOTP seed (an authenticator app, on the command line).")

    @Argument(help: "The otpauth:// link shown when the second factor was enrolled (or its seed).")
    var seed: String

    func run() throws {
        guard let seed = SecondFactor.seed(fromLinkOrSeed: seed) else {
            throw ValidationError("give the otpauth:// link the enrolment showed, or its seed")
        }
        print(SecondFactor.code(seed: seed, at: SystemClock().now()))
    }
}
