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

    /// The ORI in the path (`{ori}`), if it is the caller's own agency and they hold
    /// `permission`; another agency's is refused with `reason` and recorded.
    func authorizeOwnAgency(_ permission: Permission, reason: String, _ request: Request, _ context: BlotterRequestContext) async throws -> String {
        let principal = try await authorize(permission, request, context)
        let ori = try context.parameters.require("ori")
        guard ori == principal.agency.ori else {
            throw try await deny(AccessPolicy.Denial(rule: "own-agency", reason: reason), request, context)
        }
        return ori
    }

    /// Records a refusal (with what it was aimed at: the route's parameters unless told) and
    /// returns the 403 to throw.
    func deny(_ denial: AccessPolicy.Denial, target: String? = nil, _ request: Request, _ context: BlotterRequestContext) async throws -> Problem {
        let sequence = try await access.recordDenial(
            route: Self.route(request, context), rule: denial.rule, target: target ?? Self.target(request, context), reason: denial.reason,
            principal: context.principal, clientAddress: context.clientAddress)
        var problem = Problem.forbidden(rule: denial.rule, denial.reason)
        problem.eventSequence = sequence
        return problem
    }

    static func route(_ request: Request, _ context: BlotterRequestContext) -> String {
        "\(request.method) \(context.endpointPath ?? String(request.uri.path.prefix(100)))"
    }

    /// What a request is aimed at, as refusals record it: its path parameters (`number=W…`,
    /// `userID=…`), then its query string, bounded.
    static func target(_ request: Request, _ context: BlotterRequestContext) -> String? {
        var parts = context.parameters.map { "\($0.key)=\($0.value)" }.sorted()
        if let query = request.uri.query, !query.isEmpty { parts.append(String(query.prefix(200))) }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
