import Access
import Hummingbird

/// Establishes who is asking: a session token (`Authorization: Bearer …`) or an API key
/// (`X-API-Key: …`). A request with neither, or with a bad one, is refused with 401, and the
/// refusal is kept on the record compactly (`AccessService.recordAuthenticationFailure`); a
/// valid credential of an account that cannot be used is recorded against that account.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = BlotterRequestContext
    let services: BlotterServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            if let key = request.headers[.init("X-API-Key")!] {
                context.principal = try services.access.authenticate(apiKey: key)
            } else if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
                let token = String(authorization.dropFirst(7))
                context.principal = try await services.access.authenticate(sessionToken: token, clientAddress: context.clientAddress)
                context.sessionToken = token
            } else {
                throw AccessError.authenticationFailed("log in (POST /sessions) and send Authorization: Bearer <token>, or send X-API-Key")
            }
        } catch let error as AccessError {
            let route = "\(request.method) \(request.uri.path)"
            let sequence: UInt64? = if case .accountBlocked(let userID, let agency, let reason) = error {
                // A real credential of an account that cannot be used: on the account's record
                // (the first in a window as it comes, the rest counted; a misuse report's
                // `activityWhileBarred` reads them).
                try await services.access.recordBlockedUse(route: route, userID: userID, agency: agency, reason: reason, clientAddress: context.clientAddress)
            } else {
                try await services.access.recordAuthenticationFailure(route: route, reason: error.description, clientAddress: context.clientAddress)
            }
            var problem = ErrorMapping.problem(forAccess: error)
            problem.eventSequence = sequence
            throw problem
        }
        context.trace.userID = context.principal?.userID
        return try await next(request, context)
    }
}
