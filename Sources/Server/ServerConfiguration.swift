/// How the service runs; built from flags, environment and a configuration file by the
/// `blotter serve` command.
public struct ServerConfiguration: Sendable {
    public var dataDirectory = "blotter-data"
    public var host = "127.0.0.1"
    public var port = 8080
    /// PEM files; both set means HTTPS.
    public var tlsCertificatePath: String?
    public var tlsPrivateKeyPath: String?
    /// Plain HTTP is refused on any address but loopback unless this is set (behind a TLS proxy
    /// inside a secure site).
    public var allowPlainHTTPOffLoopback = false
    /// Requests one client address may make per second (sustained), and in a burst.
    public var requestsPerSecondPerClient = 200.0
    public var requestBurstPerClient = 400.0
    /// bcrypt cost for passwords.
    public var passwordCost: UInt8 = 10
    public var maximumMapMiB = 1 << 20

    public init() {}

    public var usesTLS: Bool { tlsCertificatePath != nil && tlsPrivateKeyPath != nil }

    public var isLoopback: Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost"
    }

    /// Refuses configurations that would expose criminal-justice data unencrypted.
    public func check() throws {
        if (tlsCertificatePath == nil) != (tlsPrivateKeyPath == nil) {
            throw ServerConfigurationError("TLS needs both a certificate and a private key")
        }
        if !usesTLS && !isLoopback && !allowPlainHTTPOffLoopback {
            throw ServerConfigurationError(
                "plain HTTP is served only on loopback; give --tls-certificate and --tls-key to listen on \(host) "
                    + "(criminal-justice data must be encrypted in transit)")
        }
        if !(1...65_535).contains(port) { throw ServerConfigurationError("port \(port) is not between 1 and 65535") }
    }
}

public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
