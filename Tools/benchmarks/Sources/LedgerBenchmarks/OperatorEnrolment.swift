import Access
import Foundation
import Ledger
import Records
import Server

/// An operator the load runs as, logged in.
struct Operator: Sendable {
    let userID: String
    let agency: String
    let token: String
}

/// Sets up who the load runs as, the way an agency would: the first administrator bootstrapped,
/// then through the API two agencies, an operator in each with a password, a second factor and a
/// certification, each logged in with password and TOTP code.
enum OperatorEnrolment {
    /// Two of the synthetic population's agencies, so the operators own some of its records.
    static let agencies = ["CA0340000", "CA0194200"]
    static let administrator = "benchmark-admin"
    static let password = "Bench-Load-Pass-7"

    static func enrol(_ service: InProcessService, client: ServiceClient) async throws -> [Operator] {
        let services = service.services
        let seed = try await services.access.bootstrap(
            administrator: administrator, name: "BENCHMARK, ADMINISTRATOR",
            agency: Agency(ori: "CA0349900", name: "BENCHMARK STATE OFFICE", access: .full), password: password)
        let administratorToken = try await logIn(administrator, seed: seed, services: services, client: client)
        let today = CalendarDate(services.clock.now())
        var operators: [Operator] = []
        for (index, ori) in agencies.enumerated() {
            let userID = "operator-\(index + 1)"
            try await client.post("/agencies", AgencyBody(ori: ori, name: "BENCHMARK AGENCY \(index + 1)", access: .full),
                                  token: administratorToken, expecting: 201)
            try await client.post("/users", UserBody(userID: userID, agency: ori, name: "OPERATOR, BENCHMARK \(index + 1)",
                                                     roles: [.operator], assignedOn: today),
                                  token: administratorToken, expecting: 201)
            try await client.post("/users/\(userID)/password", PasswordBody(password: password), token: administratorToken, expecting: 204)
            let enrolled = try await client.exchange("/users/\(userID)/second-factor", EmptyBody(), token: administratorToken,
                                                     expecting: 201, as: SecondFactorBody.self)
            try await client.post("/users/\(userID)/certifications", CertificationBody(certifiedOn: today), token: administratorToken, expecting: 200)
            let token = try await logIn(userID, seed: enrolled.seed, services: services, client: client)
            operators.append(Operator(userID: userID, agency: ori, token: token))
        }
        return operators
    }

    /// Logs in over HTTP with the password and the code an authenticator would show now.
    static func logIn(_ userID: String, seed: String, services: BlotterServices, client: ServiceClient) async throws -> String {
        let code = SecondFactor.code(seed: seed, at: services.clock.now())
        let login = LoginBody(userID: userID, password: password, code: code)
        return try await client.exchange("/sessions", login, token: nil, expecting: 201, as: TokenBody.self).token
    }

    // The request and answer bodies used here (the server's own types are internal to it).
    private struct AgencyBody: Encodable {
        let ori: String
        let name: String
        let access: AgencyAccess
    }

    private struct UserBody: Encodable {
        let userID: String
        let agency: String
        let name: String
        let roles: [Role]
        let assignedOn: CalendarDate
    }

    private struct PasswordBody: Encodable {
        let password: String
    }

    private struct CertificationBody: Encodable {
        let certifiedOn: CalendarDate
    }

    private struct LoginBody: Encodable {
        let userID: String
        let password: String
        let code: String
    }

    private struct EmptyBody: Encodable {}

    private struct SecondFactorBody: Decodable {
        let seed: String
    }

    private struct TokenBody: Decodable {
        let token: String
    }
}
