import Access
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Ledger
import Logging
import Records
import Server
import Synchronization
import TestSupport

/// The service in-process over a fresh ledger, with an administrator and helpers to create
/// users of any role and drive the API as them.
final class ServerFixture: @unchecked Sendable {
    static let start = CalendarDate(year: 2026, month: 6, day: 1)!.startOfDay.adding(seconds: 10 * 3_600)
    static let password = "Tulip-Harbor-47-Quiet"

    let directory = TemporaryDirectory()
    let clock = ManualClock(ServerFixture.start)
    let services: BlotterServices
    let configuration: ServerConfiguration
    private(set) var administratorKey = ""

    init() async throws {
        services = try BlotterServices(directory: directory.path, clock: clock, passwordCost: 4)
        var configuration = ServerConfiguration()
        configuration.requestsPerSecondPerClient = 1_000_000
        configuration.requestBurstPerClient = 1_000_000
        self.configuration = configuration
        let seed = try await services.access.bootstrap(
            administrator: "admin", name: "Administrator", agency: Agency(ori: "CA0000000", name: "State", access: .full, jurisdiction: .state),
            password: Self.password)
        let login = try await services.access.login(userID: "admin", password: Self.password, code: SecondFactor.code(seed: seed, at: clock.now()), clientAddress: "test")
        let administrator = try await services.access.authenticate(sessionToken: login.token, clientAddress: "test")
        // Nobody creates credentials for themselves: the first administrator makes a second one,
        // whose API key the tests act with.
        _ = try await services.access.createUser(
            "admin-tests", agency: "CA0000000", name: "Test administrator", roles: [.administrator], assignedOn: today,
            by: administrator, clientAddress: "test")
        administratorKey = try await services.access.createAPIKey(for: "admin-tests", label: "tests", by: administrator, clientAddress: "test").key
        clock.advance(seconds: 30)
    }

    /// The service's application; its request log goes to `logger` (by default, only warnings
    /// and errors reach the test output).
    func application(logger: Logger = ServerFixture.quietLogger) throws -> some ApplicationProtocol {
        try BlotterApplication.buildApplication(services: services, configuration: configuration, openAPIDocument: "openapi: 3.1.0\n", logger: logger)
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    var today: CalendarDate { CalendarDate(clock.now()) }

    /// The administrator as a principal, for in-process setup.
    func administrator() throws -> Principal { try services.access.authenticate(apiKey: administratorKey) }

    /// Registers the agency if needed and creates a user with an API key; returns the key.
    func user(_ userID: String, ori: String, roles: RoleSet, certified: Bool = true, jurisdiction: Jurisdiction = .local, name: String? = nil) async throws -> String {
        let administrator = try administrator()
        try await agency(ori, jurisdiction: jurisdiction)
        _ = try await services.access.createUser(userID, agency: ori, name: name ?? userID, roles: roles, assignedOn: today, by: administrator, clientAddress: "test")
        if certified { _ = try await services.access.recordCertification(userID, on: today, by: administrator, clientAddress: "test") }
        return try await services.access.createAPIKey(for: userID, label: "tests", by: administrator, clientAddress: "test").key
    }

    func agency(_ ori: String, jurisdiction: Jurisdiction = .local) async throws {
        if try services.access.agency(ori) == nil {
            try await services.access.registerAgency(Agency(ori: ori, name: "Agency \(ori)", access: .full, jurisdiction: jurisdiction), by: administrator(), clientAddress: "test")
        }
    }

    /// A user who enrolled with their one-time credential (choosing `password`), certified;
    /// returns their TOTP seed.
    func enrolledUser(_ userID: String, ori: String, roles: RoleSet, jurisdiction: Jurisdiction = .local) async throws -> String {
        try await agency(ori, jurisdiction: jurisdiction)
        let created = try await services.access.createUser(userID, agency: ori, name: userID, roles: roles, assignedOn: today, by: administrator(), clientAddress: "test")
        let start = try await services.access.beginEnrolment(userID: userID, oneTimeCredential: created.oneTimeCredential, password: Self.password, clientAddress: "test")
        _ = try await services.access.completeEnrolment(token: start.enrolmentToken, code: SecondFactor.code(seed: start.seed, at: clock.now()), clientAddress: "test")
        _ = try await services.access.recordCertification(userID, on: today, by: administrator(), clientAddress: "test")
        clock.advance(seconds: 30)
        return start.seed
    }

    /// The last event of the ledger.
    func lastEvent() throws -> RecordedEvent? {
        try services.ledger.read { transaction in try transaction.event(at: try transaction.lastSequence()) }
    }

    func lastSequence() throws -> UInt64 { try services.ledger.read { try $0.lastSequence() } }
}

extension TestClientProtocol {
    /// Sends JSON as the holder of `key`; returns the response.
    func send(_ method: HTTPRequest.Method, _ uri: String, key: String?, json: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let key { headers[HTTPField.Name("X-API-Key")!] = key }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}

/// Request bodies for the records API.
enum Bodies {
    static func person(_ name: String = "DOE, JOHN ALLEN", born: String = "19800115", stateID: String = "A12345678") -> String {
        """
        {"name":"\(name)","aliases":[],"dateOfBirth":"\(born)","sex":"M","race":"W","height":"510","weight":180,"eyes":"BRO","hair":"BLK","scarsMarksTattoos":[],"stateID":"\(stateID)"}
        """
    }

    static func wanted(case caseNumber: String = "24-000123", stateID: String = "A12345678", name: String = "DOE, JOHN ALLEN") -> String {
        """
        {"kind":"wantedPerson","facts":{"subject":\(person(name, stateID: stateID)),"warrantDate":"20260520","offense":"PC 459 BURGLARY","classification":"felony","extradition":"full","caseNumber":"\(caseNumber)"}}
        """
    }

    static func order(fcn: String) -> String {
        """
        {"kind":"protectiveOrder","facts":{"orderType":"DV","isTemporary":false,"court":"SACRAMENTO SUPERIOR COURT","caseNumber":"24FL01234","fileControlNumber":"\(fcn)","restrained":\(person()),"protectedPersons":[{"name":"DOE, MARY"}],"conditions":["01","04"],"issuedOn":"20260515","expiresOn":"20290101"}}
        """
    }

    static func search(stateID: String = "A12345678", purpose: String = "C") -> String {
        #"{"query":{"by":"stateID","value":"\#(stateID)"},"purpose":"\#(purpose)","caseNumber":"24-000777"}"#
    }
}
