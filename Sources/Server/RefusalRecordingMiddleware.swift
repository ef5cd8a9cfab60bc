import Access
import Hummingbird

/// Every refusal of an authenticated request is on the record: a route that refuses without
/// an event of its own (a body that does not decode, a bad parameter, a missing purpose) has
/// its refusal recorded here with the actor, the route, the status, the target and the reason.
struct RefusalRecordingMiddleware: RouterMiddleware {
    typealias Context = BlotterRequestContext
    let services: BlotterServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard var problem = ErrorMapping.problem(for: error), problem.eventSequence == nil,
                  (400..<500).contains(problem.statusCode), problem.statusCode != 401, let principal = context.principal
            else { throw error }
            problem.eventSequence = try await services.access.recordRefusal(
                route: BlotterServices.route(request, context), status: problem.statusCode,
                target: BlotterServices.target(request, context), reason: problem.detail, principal: principal, clientAddress: context.clientAddress)
            throw problem
        }
    }
}
