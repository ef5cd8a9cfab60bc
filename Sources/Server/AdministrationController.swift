import Access
import Hummingbird
import Ledger
import Records

/// Agencies and users: administrators for every agency, supervisors for their own.
struct AdministrationController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("agencies") { request, context in
            let body = try await request.json(AgencyRequest.self, context: context)
            let agency = Agency(ori: body.ori, name: body.name, access: body.access, jurisdiction: body.jurisdiction ?? .local)
            try await services.access.registerAgency(agency, by: try context.requirePrincipal(), clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: AgencyView(agency))
        }
        group.get("agencies/{ori}/users") { request, context in
            let principal = try context.requirePrincipal()
            let ori = try context.parameters.require("ori")
            try await requireManager(of: ori, principal, request, context)
            return UsersResponse(users: try services.access.users(of: ori).map { UserView($0, at: services.clock.now()) })
        }
        group.post("users") { request, context in
            let body = try await request.json(CreateUserRequest.self, context: context)
            let created = try await services.access.createUser(
                body.userID, agency: body.agency, name: body.name, roles: RoleSet(body.roles), assignedOn: body.assignedOn,
                by: try context.requirePrincipal(), clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: CreatedUserResponse(
                user: UserView(created.account, at: services.clock.now()), oneTimeCredential: created.oneTimeCredential,
                oneTimeCredentialExpiresAt: created.account.pendingEnrolment?.expiresAt))
        }
        group.get("users/{userID}") { request, context in
            let principal = try context.requirePrincipal()
            let userID = try context.parameters.require("userID")
            if userID != principal.userID {
                // Refuse before looking the user up, so a 404 cannot tell non-managers which ids exist.
                try await requireManager(of: principal.agency.ori, principal, request, context)
            }
            guard let account = try services.access.account(userID) else { throw Problem.notFound("no user \(userID)") }
            if userID != principal.userID { try await requireManager(of: account.agency, principal, request, context) }
            return UserView(account, at: services.clock.now())
        }
        addUserChangeRoutes(to: group)
    }

    private func addUserChangeRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.put("users/{userID}/roles") { request, context in
            let body = try await request.json(RolesRequest.self, context: context)
            return try await view(services.access.setRoles(try userID(context), roles: RoleSet(body.roles), by: try context.requirePrincipal(), clientAddress: context.clientAddress))
        }
        // Users change their own password, with their current one. Nobody sets another's:
        // an administrator resets it (below), and the user chooses the new one.
        group.post("users/{userID}/password") { request, context in
            let principal = try context.requirePrincipal()
            let user = try userID(context)
            guard user == principal.userID else {
                throw try await services.deny(AccessPolicy.Denial(
                    rule: "own-password", reason: "nobody sets another user's password; reset their credentials instead (POST /users/\(user)/credentials/reset)"),
                    target: "user/" + user, request, context)
            }
            let body = try await request.json(PasswordRequest.self, context: context)
            try await services.access.changeOwnPassword(current: body.currentPassword, new: body.password, by: principal, clientAddress: context.clientAddress)
            return Response(status: .noContent)
        }
        group.post("users/{userID}/credentials/reset") { _, context in
            let user = try userID(context)
            let reset = try await services.access.resetCredentials(user, by: try context.requirePrincipal(), clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: CredentialResetResponse(
                userID: user, oneTimeCredential: reset.oneTimeCredential, expiresAt: reset.account.pendingEnrolment?.expiresAt))
        }
        group.post("users/{userID}/certifications") { request, context in
            let body = try await request.json(CertificationRequest.self, context: context)
            return try await view(services.access.recordCertification(try userID(context), on: body.certifiedOn, by: try context.requirePrincipal(), clientAddress: context.clientAddress))
        }
        group.post("users/{userID}/home-address") { request, context in
            let body = try await request.json(HomeAddressRequest.self, context: context)
            return try await view(services.access.recordHomeAddress(try userID(context), address: body.address, by: try context.requirePrincipal(), clientAddress: context.clientAddress))
        }
        group.post("users/{userID}/disable") { request, context in
            let body = try await request.json(ReasonRequest.self, context: context)
            return try await view(services.access.disable(try userID(context), reason: body.reason, by: try context.requirePrincipal(), clientAddress: context.clientAddress))
        }
        group.post("users/{userID}/enable") { _, context in
            try await view(services.access.enable(try userID(context), by: try context.requirePrincipal(), clientAddress: context.clientAddress))
        }
        group.post("users/{userID}/unlock") { _, context in
            try await view(services.access.unlock(try userID(context), by: try context.requirePrincipal(), clientAddress: context.clientAddress))
        }
        group.post("users/{userID}/api-keys") { request, context in
            let body = try await request.json(APIKeyRequest.self, context: context)
            let created = try await services.access.createAPIKey(for: try userID(context), label: body.label, by: try context.requirePrincipal(), clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: APIKeyResponse(keyID: created.keyID, key: created.key))
        }
        group.delete("users/{userID}/api-keys/{keyID}") { _, context in
            try await services.access.revokeAPIKey(
                try context.parameters.require("keyID"), of: try userID(context), by: try context.requirePrincipal(), clientAddress: context.clientAddress)
            return Response(status: .noContent)
        }
    }

    private func view(_ account: UserAccount) -> UserView {
        UserView(account, at: services.clock.now())
    }

    private func userID(_ context: BlotterRequestContext) throws -> String {
        try context.parameters.require("userID")
    }

    private func requireManager(of agency: String, _ principal: Principal, _ request: Request, _ context: BlotterRequestContext) async throws {
        let roles = principal.account.roles
        if roles.contains(.administrator) || (roles.contains(.supervisor) && principal.agency.ori == agency) { return }
        throw try await services.deny(
            AccessPolicy.Denial(rule: roles.contains(.supervisor) ? "own-agency" : "role", reason: "only an administrator, or a supervisor of \(agency), manages its users"),
            target: "agency/" + agency, request, context)
    }
}
