import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing

/// Every route × every role × own or other agency × certified or not: exactly the cells the
/// rules allow succeed; every other cell is refused with 403 and the refusal is an event
/// (`AccessDenied`, or `CommandRejected` for a record's ownership rules) naming the user.
///
/// The expected cells are written out here from the domain brief, not computed by the code
/// under test.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// The agency that owns the target records; "own" users belong to it, "other" users to the second.
    static let ownerAgency = "CA0194200"
    static let otherAgency = "CA0340000"

    struct Route: Sendable {
        let name: String
        /// Roles that may use it at all.
        let roles: Set<Role>
        /// Who among them, by agency: nil for anyone, true for the owner's users only, false for other agencies' only.
        let ownAgency: Bool?
        let needsCertification: Bool
        /// What the target needs before the cell's request: `{request}` in the body is then
        /// the id of the other agency's request to confirm a hit on it.
        var preparation: Preparation = .none
        let request: @Sendable (_ target: String, _ agency: String, _ serial: Int) -> (HTTPRequest.Method, String, String?)
    }

    enum Preparation: Sendable {
        case none
        /// An officer of the other agency asked the owner to confirm a hit.
        case hitRequested
        /// ... and the owner confirmed it: what a locate needs.
        case hitConfirmed
        /// The cell's user read the record first (a refused read changes nothing the cell checks).
        case readByCaller
        /// A court clerk of the owner's agency entered discovery order `VACATE-<serial>`.
        case discoveryOrdered
    }

    static let routes: [Route] = [
        Route(name: "enter a want", roles: [.operator], ownAgency: nil, needsCertification: true) { _, _, serial in
            (.post, "/records", Bodies.wanted(case: "M-\(serial)", stateID: "M\(serial)"))
        },
        Route(name: "enter an order", roles: [.courtClerk], ownAgency: nil, needsCertification: true) { _, _, serial in
            (.post, "/records", Bodies.order(fcn: String(format: "9%012d", serial)))
        },
        Route(name: "modify", roles: [.operator], ownAgency: true, needsCertification: true) { target, _, serial in
            let record = Bodies.wanted(case: "T-\(serial)", stateID: String(format: "T%08d", serial))
            return (.post, "/records/\(target)/modify", "{\"expectedVersion\":1,\"record\":\(record)}")
        },
        Route(name: "cancel", roles: [.operator], ownAgency: true, needsCertification: true) { target, _, _ in
            (.post, "/records/\(target)/cancel", #"{"reason":"ENTERED IN ERROR","identifierAsEntered":"DOE, JOHN ALLEN"}"#)
        },
        Route(name: "clear", roles: [.operator], ownAgency: true, needsCertification: true) { target, _, _ in
            (.post, "/records/\(target)/clear", #"{"clearedOn":"20260601","how":"APPREHENDED"}"#)
        },
        Route(name: "request a hit confirmation", roles: [.operator, .officer], ownAgency: false, needsCertification: true, preparation: .readByCaller) { target, _, _ in
            (.post, "/records/\(target)/hit-confirmations", #"{"priority":"urgent","caseNumber":"H-1"}"#)
        },
        Route(name: "answer a hit confirmation", roles: [.operator], ownAgency: true, needsCertification: true, preparation: .hitRequested) { target, _, _ in
            (.post, "/records/\(target)/hit-confirmations/answers", #"{"request":{request},"answer":"confirmed"}"#)
        },
        Route(name: "locate", roles: [.operator, .officer], ownAgency: false, needsCertification: true, preparation: .hitConfirmed) { target, _, _ in
            (.post, "/records/\(target)/locate", #"{"locatedOn":"20260601","caseNumber":"L-1","recovered":"SUBJECT IN CUSTODY"}"#)
        },
        Route(name: "check", roles: [.operator, .supervisor, .courtClerk], ownAgency: true, needsCertification: true) { target, _, _ in
            (.post, "/records/\(target)/check", nil)
        },
        Route(name: "validate", roles: [.operator, .supervisor, .courtClerk], ownAgency: true, needsCertification: true) { target, _, _ in
            (.post, "/records/\(target)/validate", #"{"remarks":"CONFIRMED"}"#)
        },
        Route(name: "search", roles: [.operator, .officer, .supervisor, .courtClerk], ownAgency: nil, needsCertification: true) { _, _, serial in
            (.post, "/searches", Bodies.search(stateID: String(format: "T%08d", serial)))
        },
        Route(name: "read a record", roles: [.operator, .officer, .supervisor, .auditor, .courtClerk], ownAgency: nil, needsCertification: true) { target, _, _ in
            (.get, "/records/\(target)?purpose=C&caseNumber=R-1", nil)
        },
        Route(name: "read its history", roles: [.operator, .officer, .supervisor, .auditor, .courtClerk], ownAgency: nil, needsCertification: true) { target, _, _ in
            (.get, "/records/\(target)/history?purpose=C&caseNumber=R-1", nil)
        },
        // Both agencies of the matrix are local: their auditors read their own agency's records.
        Route(name: "read its accesses", roles: [.auditor], ownAgency: true, needsCertification: true) { target, _, _ in
            (.get, "/records/\(target)/accesses", nil)
        },
        Route(name: "read its timeline", roles: [.auditor], ownAgency: true, needsCertification: true) { target, _, _ in
            (.get, "/audit/records/\(target)/timeline?caseNumber=COMPLAINT-1", nil)
        },
        // Any auditor may investigate a person; what it is shown is scoped (InvestigationTests).
        Route(name: "investigate a subject", roles: [.auditor], ownAgency: nil, needsCertification: true) { _, _, serial in
            (.post, "/audit/subjects", #"{"subject":{"by":"stateID","value":"T\#(String(format: "%08d", serial))"},"caseNumber":"COMPLAINT-1"}"#)
        },
        // The recipient is a discovery user of the matrix; exports are DiscoveryRouteTests'.
        Route(name: "order discovery", roles: [.courtClerk], ownAgency: nil, needsCertification: true) { target, _, serial in
            (.post, "/discovery/orders", #"{"id":"ORDER-\#(serial)","citation":"COURT 26CR1, ORDER OF 20260601","caseNumber":"26CR1","recipient":"discovery-own-uncert","selection":{"by":"recordNumber","value":"\#(target)"}}"#)
        },
        // The order is entered by a clerk of the owner's agency: only its clerks vacate it.
        Route(name: "vacate a discovery order", roles: [.courtClerk], ownAgency: true, needsCertification: true, preparation: .discoveryOrdered) { _, _, serial in
            (.post, "/discovery/orders/VACATE-\(serial)/vacate", #"{"reason":"VACATED ON APPEAL"}"#)
        },
        Route(name: "quality list", roles: [.operator, .supervisor], ownAgency: true, needsCertification: true) { _, agency, _ in
            (.get, "/agencies/\(Self.ownerAgency)/quality", nil)
        },
        Route(name: "hit confirmations list", roles: [.operator, .supervisor], ownAgency: true, needsCertification: true) { _, _, _ in
            (.get, "/agencies/\(Self.ownerAgency)/hit-confirmations?overdue=true", nil)
        },
        Route(name: "send an agency message", roles: [.operator, .officer, .supervisor, .courtClerk], ownAgency: nil, needsCertification: true) { _, agency, _ in
            (.post, "/agency-messages", #"{"to":{"agency":"\#(agency == Self.ownerAgency ? Self.otherAgency : Self.ownerAgency)"},"subject":"NOTICE","text":"SHIFT CHANGE AT 1800"}"#)
        },
        Route(name: "read the agency's inbox", roles: [.operator, .officer, .supervisor, .courtClerk], ownAgency: true, needsCertification: true) { _, _, _ in
            (.get, "/agencies/\(Self.ownerAgency)/inbox", nil)
        },
        Route(name: "create a user", roles: [.supervisor, .administrator], ownAgency: true, needsCertification: false) { _, _, serial in
            (.post, "/users", #"{"userID":"made-\#(serial)","agency":"\#(Self.ownerAgency)","name":"New","roles":["officer"],"assignedOn":"20260601"}"#)
        },
        // The whole ledger is for the administrator and state auditors (StateAuditorTests), not
        // for a local agency's auditors.
        Route(name: "ledger stats", roles: [.administrator], ownAgency: nil, needsCertification: false) { _, _, _ in
            (.get, "/ledger/stats", nil)
        },
        Route(name: "register an agency", roles: [.administrator], ownAgency: nil, needsCertification: false) { _, _, serial in
            (.post, "/agencies", #"{"ori":"CA\#(String(format: "%07d", serial))","name":"New agency","access":"full"}"#)
        },
    ]

    struct User: Sendable {
        let role: Role
        let isOwnAgency: Bool
        let isCertified: Bool
        let key: String
        let userID: String
    }

    static func expectedAllowed(_ route: Route, _ user: User) -> Bool {
        guard route.roles.contains(user.role) else { return false }
        if route.needsCertification && !user.isCertified { return false }
        if let own = route.ownAgency, own != user.isOwnAgency {
            // An administrator manages every agency's users.
            return user.role == .administrator && route.name == "create a user"
        }
        return true
    }

    @Test func exactlyTheAllowedCellsSucceedAndEveryOtherIsRefusedAndRecorded() async throws {
        let fixture = try await ServerFixture()
        var users: [User] = []
        for role in Role.allCases {
            for own in [true, false] {
                for certified in [true, false] {
                    let userID = "\(role.rawValue.lowercased())-\(own ? "own" : "other")-\(certified ? "cert" : "uncert")"
                    let key = try await fixture.user(userID, ori: own ? Self.ownerAgency : Self.otherAgency, roles: [role], certified: certified)
                    users.append(User(role: role, isOwnAgency: own, isCertified: certified, key: key, userID: userID))
                }
            }
        }
        let entererKey = try await fixture.user("enterer", ori: Self.ownerAgency, roles: [.operator])
        let askerKey = try await fixture.user("asker", ori: Self.otherAgency, roles: [.officer])
        let clerkKey = try await fixture.user("clerk", ori: Self.ownerAgency, roles: [.courtClerk])
        let everyone = users
        try await fixture.application().test(.router) { client in
            var serial = 100
            for route in Self.routes {
                for user in everyone {
                    serial += 1
                    // A fresh target for each cell, entered by the owner's own operator.
                    let target = try await client.send(.post, "/records", key: entererKey,
                                                       json: Bodies.wanted(case: "T-\(serial)", stateID: "T\(String(format: "%08d", serial))"))
                    let number = try #require((try target.json()["record"] as? [String: Any])?["number"] as? String)
                    var (method, uri, body) = route.request(number, user.isOwnAgency ? Self.ownerAgency : Self.otherAgency, serial)
                    if route.preparation == .readByCaller {
                        _ = try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=R-1", key: user.key)
                    } else if route.preparation == .discoveryOrdered {
                        let ordered = try await client.send(.post, "/discovery/orders", key: clerkKey, json: #"{"id":"VACATE-\#(serial)","citation":"COURT 26CR1, ORDER OF 20260601","caseNumber":"26CR1","recipient":"discovery-own-uncert","selection":{"by":"recordNumber","value":"\#(number)"}}"#)
                        #expect(ordered.status == .created, "\(ordered.text)")
                    } else if route.preparation != .none {
                        _ = try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=R-1", key: askerKey)
                        let asked = try await client.send(.post, "/records/\(number)/hit-confirmations", key: askerKey, json: #"{"priority":"routine","caseNumber":"H-1"}"#)
                        let confirmations = (try asked.json()["record"] as? [String: Any])?["hitConfirmations"] as? [[String: Any]]
                        let request = try #require((confirmations?.last?["requested"] as? [String: Any])?["sequence"] as? Int, "\(asked.text)")
                        body = body?.replacingOccurrences(of: "{request}", with: String(request))
                        if route.preparation == .hitConfirmed {
                            let answered = try await client.send(.post, "/records/\(number)/hit-confirmations/answers", key: entererKey,
                                                                 json: #"{"request":\#(request),"answer":"confirmed"}"#)
                            #expect(answered.status == .ok, "\(answered.text)")
                        }
                    }
                    let before = try fixture.lastSequence()
                    let response = try await client.send(method, uri, key: user.key, json: body)
                    let cell = "\(route.name) by \(user.userID): \(response.status.code) \(response.text.prefix(160))"
                    if Self.expectedAllowed(route, user) {
                        #expect((200..<300).contains(response.status.code), "expected allowed — \(cell)")
                    } else {
                        #expect(response.status == .forbidden, "expected refused — \(cell)")
                        let refusal = try fixture.services.ledger.read { transaction in
                            try ((before + 1)...max(before + 1, try transaction.lastSequence())).compactMap { try transaction.event(at: $0) }
                                .first { ["AccessDenied", "CommandRejected"].contains($0.type) }
                        }
                        #expect(refusal?.actor.userID == user.userID, "the refusal must be an event — \(cell)")
                    }
                }
            }
        }
    }
}
