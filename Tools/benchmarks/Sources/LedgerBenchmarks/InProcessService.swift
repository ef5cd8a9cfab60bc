import Foundation
import Hummingbird
import Logging
import Server
import ServiceLifecycle

/// The real application (router, middleware, controllers, the group-commit writer) served
/// in-process on a free loopback port from a scratch data directory.
struct InProcessService {
    let services: BlotterServices
    let baseURL: String
    private let group: ServiceGroup
    private let serving: Task<Void, any Error>

    /// Opens the ledger in `directory` and starts serving; the caller waits for `/health`.
    static func start(directory: String) throws -> InProcessService {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.port = try FreePort.onLoopback()
        // bcrypt's cheapest cost: logins are setup here, not the load being measured.
        configuration.passwordCost = 4
        // Every benchmark request comes from one address; the per-address limit is meant for
        // many clients on a network, so it is raised for this server only (production keeps it).
        configuration.requestsPerSecondPerClient = 1_000_000_000
        configuration.requestBurstPerClient = 1_000_000_000
        try configuration.check()
        let services = try BlotterServices(
            directory: directory, passwordCost: configuration.passwordCost, maximumMapMiB: configuration.maximumMapMiB)
        var logger = Logger(label: "blotter-benchmark")
        logger.logLevel = .warning
        let application = try BlotterApplication.buildApplication(
            services: services, configuration: configuration, openAPIDocument: "", logger: logger)
        // What `runService()` does, keeping the group so that `stop` can shut it down gracefully
        // (cancelling it instead logs errors for the connections it cuts). No signal handlers:
        // an interrupt ends the benchmark, not just the server.
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)
        let serving = Task { try await group.run() }
        return InProcessService(services: services, baseURL: "http://127.0.0.1:\(configuration.port)", group: group, serving: serving)
    }

    /// Stops serving (requests in flight finish), then lets the writer drain its queue.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await serving.result
        await services.shutdown()
    }
}
