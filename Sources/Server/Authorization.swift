import Access
import Hummingbird
import Ledger
import Records

extension BlotterServices {
    /// The principal, if they hold `permission` now; otherwise the refusal is recorded and a 403 thrown.
    func authorize(_ permission: Permission, _ request: Request, _ context: BlotterRequestContext) async throws -> Principal {
        let principal = try context.requirePrincipal()
        if let denial = AccessPolicy.denial(of: permission, to: principal, at: clock.now(), rules: access.rules) {
            throw try await deny(denial, request, context)
        }
        return principal
    }

    /// Records a refusal and returns the 403 to throw.
    func deny(_ denial: AccessPolicy.Denial, _ request: Request, _ context: BlotterRequestContext) async throws -> Problem {
        let sequence = try await access.recordDenial(
            route: Self.route(request, context), rule: denial.rule, principal: context.principal, clientAddress: context.clientAddress)
        var problem = Problem.forbidden(rule: denial.rule, denial.reason)
        problem.eventSequence = sequence
        return problem
    }

    static func route(_ request: Request, _ context: BlotterRequestContext) -> String {
        "\(request.method) \(context.endpointPath ?? request.uri.path)"
    }
}
