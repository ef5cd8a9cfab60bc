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
/// then through the API two agencies and an operator in each, created with a one-time
/// credential and certified by the administrator; each operator enrols with that credential
/// (choosing a password, confirming a new TOTP seed with its first code), which logs them in.
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
            let created = try await client.exchange("/users", UserBody(userID: userID, agency: ori, name: "OPERATOR, BENCHMARK \(index + 1)",
                                                                       roles: [.operator], assignedOn: today),
                                                  token: administratorToken, expecting: 201, as: CreatedUserBody.self)
            try await client.post("/users/\(userID)/certifications", CertificationBody(certifiedOn: today), token: administratorToken, expecting: 200)
            let token = try await enrolAndLogIn(userID, oneTimeCredential: created.oneTimeCredential, services: services, client: client)
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

    /// Enrols with the one-time credential an administrator issued: chooses the password, then
    /// confirms the new seed with the code an authenticator would show now (which logs in).
    static func enrolAndLogIn(_ userID: String, oneTimeCredential: String, services: BlotterServices, client: ServiceClient) async throws -> String {
        let start = try await client.exchange("/enrolments", EnrolmentBody(userID: userID, oneTimeCredential: oneTimeCredential, password: password),
                                              token: nil, expecting: 201, as: EnrolmentStartBody.self)
        let code = SecondFactor.code(seed: start.seed, at: services.clock.now())
        return try await client.exchange("/enrolments/confirm", EnrolmentConfirmationBody(enrolmentToken: start.enrolmentToken, code: code),
                                         token: nil, expecting: 201, as: TokenBody.self).token
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

    private struct CreatedUserBody: Decodable {
        let oneTimeCredential: String
    }

    private struct EnrolmentBody: Encodable {
        let userID: String
        let oneTimeCredential: String
        let password: String
    }

    private struct EnrolmentStartBody: Decodable {
        let enrolmentToken: String
        let seed: String
    }

    private struct EnrolmentConfirmationBody: Encodable {
        let enrolmentToken: String
        let code: String
    }

    private struct CertificationBody: Encodable {
        let certifiedOn: CalendarDate
    }

    private struct LoginBody: Encodable {
        let userID: String
        let password: String
        let code: String
    }

    private struct TokenBody: Decodable {
        let token: String
    }
}
