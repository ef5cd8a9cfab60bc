import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing

/// Who may do what to a protective order over HTTP: a police operator enters an emergency
/// order and records the service of a court's order, but enters no other kind; the court keeps
/// the rest of an order's life.
@Suite("Protective order permissions")
struct OrderPermissionRouteTests {
    static func emergency(issuedOn: String, expiresOn: String) -> String {
        """
        {"kind":"protectiveOrder","facts":{"orderType":"EPO","isTemporary":true,"court":"LOS ANGELES SUPERIOR COURT","caseNumber":"EPO-26-17","fileControlNumber":"7777777777777","restrained":\(Bodies.person()),"protectedPersons":[{"name":"DOE, MARY"}],"conditions":["01","04","05"],"issuedOn":"\(issuedOn)","expiresOn":"\(expiresOn)"}}
        """
    }

    @Test func policeEnterEmergencyOrdersAndRecordServiceButNoOtherOrder() async throws {
        let fixture = try await ServerFixture()
        let police = try await fixture.user("lapd-op", ori: "CA0194200", roles: [.operator])
        let clerk = try await fixture.user("clerk-1", ori: "CA019015J", roles: [.courtClerk])
        let today = fixture.today
        try await fixture.application().test(.router) { client in
            let epo = try await client.send(.post, "/records", key: police,
                                            json: Self.emergency(issuedOn: today.description, expiresOn: today.adding(days: 5).description))
            #expect(epo.status == .created, "\(epo.text)")
            let byCourt = try await client.send(.post, "/records", key: clerk, json: Bodies.order(fcn: "1111111111111"))
            #expect(byCourt.status == .created)
            let refused = try await client.send(.post, "/records", key: police, json: Bodies.order(fcn: "2222222222222"))
            #expect(refused.status == .forbidden && refused.text.contains("enterCourtRecords"), "\(refused.text)")

            let order = try #require((try byCourt.json()["record"] as? [String: Any])?["number"] as? String)
            #expect(try await client.send(.get, "/records/\(order)?purpose=C&caseNumber=EPO-26-17", key: police).status == .ok)
            let served = try await client.send(.post, "/records/\(order)/serve", key: police,
                                               json: #"{"servedOn":"\#(today)","method":"PERSONAL SERVICE AT HOME"}"#)
            #expect(served.status == .ok, "\(served.text)")
            let renewal = try await client.send(.post, "/records/\(order)/renew", key: police, json: #"{"expiresOn":"20300101"}"#)
            #expect(renewal.status == .forbidden, "renewing is the court's")
        }
    }
}
