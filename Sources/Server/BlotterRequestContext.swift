import Access
import Foundation
import Hummingbird
import NIOCore

/// What travels with a request through middleware to its route: who is asking, and from where.
public struct BlotterRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware for every route that needs a user.
    public var principal: Principal?
    /// The client's address, as recorded in every event the request causes.
    public let clientAddress: String
    /// The session token the request came with (for logout).
    public var sessionToken: String?
    /// What the request log line reports: filled in by the middleware as the request passes.
    public let trace = RequestTrace()
    /// The largest request body accepted (413 beyond it): every body the API takes is small.
    static let bodyLimit = 256 * 1024

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress.map(Self.describe) ?? "unknown"
    }

    public var maxUploadSize: Int { Self.bodyLimit }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func describe(_ address: SocketAddress) -> String {
        if let ip = address.ipAddress { return ip }
        return address.description
    }

    /// The principal, or a 401 for a route reached without one (a programming error in routing).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthorized("log in first") }
        return principal
    }
}
