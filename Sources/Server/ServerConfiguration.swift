import Foundation
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
    /// Seconds between scheduled checkpoints (0: none; signed on demand only).
    public var checkpointIntervalSeconds: Int64 = 3_600

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
        if checkpointIntervalSeconds < 0 {
            throw ServerConfigurationError("the checkpoint interval \(checkpointIntervalSeconds) is negative (0 turns scheduled checkpoints off)")
        }
        // Checked here, before the ledger is opened: checked only when the TLS server is built,
        // a first start would have created the ledger and printed the first administrator's
        // credentials for a service that never ran.
        if let tlsPrivateKeyPath { try Self.checkPrivateKeyFile(tlsPrivateKeyPath) }
    }
}

extension ServerConfiguration {
    /// The TLS 1.2 suites offered (OpenSSL names): ECDHE key exchange, AEAD ciphers only.
    public static let tls12CipherSuites = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"

    /// Refuses a private key that others can read: whoever reads it can impersonate the service.
    public static func checkPrivateKeyFile(_ path: String) throws {
        // The file itself, through any links (a certificate manager links to its current key).
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? Int else {
            throw ServerConfigurationError("the TLS private key \(path) cannot be read")
        }
        guard mode & 0o077 == 0 else {
            throw ServerConfigurationError(
                "the TLS private key \(path) is readable by others (mode \(String(mode & 0o777, radix: 8))); run chmod 600 on it")
        }
    }
}

public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
