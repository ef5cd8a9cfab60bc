import Access
import Hummingbird
import Ledger
import Records

/// Logging in (password and TOTP code → a session token) and out, and enrolling with a
/// one-time credential.
struct SessionController {
    let services: BlotterServices

    func addPublicRoutes(to router: Router<BlotterRequestContext>) {
        router.post("sessions") { request, context in
            let body = try await request.json(LoginRequest.self, context: context)
            let result = try await services.access.login(
                userID: body.userID, password: body.password, code: body.code, clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: loginResponse(result))
        }
        // A user given a one-time credential chooses their password and gets a new TOTP seed…
        router.post("enrolments") { request, context in
            let body = try await request.json(EnrolmentRequest.self, context: context)
            let start = try await services.access.beginEnrolment(
                userID: body.userID, oneTimeCredential: body.oneTimeCredential, password: body.password, clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: EnrolmentResponse(
                enrolmentToken: start.enrolmentToken, seed: start.seed, authenticatorURL: start.authenticatorURL, expiresAt: start.expiresAt))
        }
        // …and confirms it with the authenticator's first code, which logs them in.
        router.post("enrolments/confirm") { request, context in
            let body = try await request.json(EnrolmentConfirmation.self, context: context)
            let result = try await services.access.completeEnrolment(token: body.enrolmentToken, code: body.code, clientAddress: context.clientAddress)
            return EditedResponse(status: .created, response: loginResponse(result))
        }
    }

    private func loginResponse(_ result: LoginResult) -> LoginResponse {
        LoginResponse(token: result.token, idleTimeoutSeconds: result.idleTimeoutSeconds, banner: result.banner,
                      user: UserView(result.account, at: services.clock.now()))
    }

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.delete("sessions/current") { request, context in
            let principal = try context.requirePrincipal()
            guard let token = context.sessionToken else {
                throw Problem.invalid(field: "Authorization", "an API key has no session to end")
            }
            try await services.access.logout(sessionToken: token, principal: principal, clientAddress: context.clientAddress)
            return Response(status: .noContent)
        }
        group.get("sessions/current") { _, context in
            UserView(try context.requirePrincipal().account, at: services.clock.now())
        }
    }
}
