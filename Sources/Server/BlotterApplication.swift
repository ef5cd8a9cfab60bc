import Access
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL

/// Builds the router and the application, shared by `blotter serve` and the tests.
public enum BlotterApplication {
    public static func buildRouter(services: BlotterServices, configuration: ServerConfiguration, openAPIDocument: String) -> Router<BlotterRequestContext> {
        let router = Router(context: BlotterRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: ErrorAndMetricsMiddleware(metrics: services.metrics, routes: routes))
        router.add(middleware: RateLimitMiddleware(
            limiter: RateLimiter(rate: configuration.requestsPerSecondPerClient, burst: configuration.requestBurstPerClient), services: services))
        let operations = OperationsController(services: services, openAPIDocument: openAPIDocument)
        operations.addPublicRoutes(to: router)
        let sessions = SessionController(services: services)
        sessions.addPublicRoutes(to: router)
        let authenticated = router.group()
            .add(middleware: AuthenticationMiddleware(services: services))
            .add(middleware: RefusalRecordingMiddleware(services: services))
        sessions.addRoutes(to: authenticated)
        RecordsController(services: services).addRoutes(to: authenticated)
        SearchController(services: services).addRoutes(to: authenticated)
        AuditController(services: services).addRoutes(to: authenticated)
        DiscoveryController(services: services).addRoutes(to: authenticated)
        MessageController(services: services).addRoutes(to: authenticated)
        AgencyMessageController(services: services).addRoutes(to: authenticated)
        AdministrationController(services: services).addRoutes(to: authenticated)
        operations.addRoutes(to: authenticated)
        routes.load(router.routes.map { ($0.method, "\($0.path)") })
        return router
    }

    public static func buildApplication(
        services: BlotterServices, configuration: ServerConfiguration, openAPIDocument: String, logger: Logger
    ) throws -> some ApplicationProtocol {
        let router = buildRouter(services: services, configuration: configuration, openAPIDocument: openAPIDocument)
        let address = BindAddress.hostname(configuration.host, port: configuration.port)
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsPrivateKeyPath {
            try ServerConfiguration.checkPrivateKeyFile(key)
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            // TLS 1.2 at least (1.3 preferred by the handshake), and for 1.2 only suites with
            // forward secrecy (ECDHE) and authenticated encryption: no static RSA, no CBC.
            tls.minimumTLSVersion = .tlsv12
            tls.cipherSuites = ServerConfiguration.tls12CipherSuites
            return Application(
                router: router, server: try .tls(.http1(), tlsConfiguration: tls),
                configuration: .init(address: address, serverName: "blotter"), logger: logger)
        }
        return Application(router: router, configuration: .init(address: address, serverName: "blotter"), logger: logger)
    }
}
