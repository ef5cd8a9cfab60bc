import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing

/// Administrative messages over HTTP: a region resolved to its registered agencies, each inbox,
/// the read receipts in the sender's outbox, and every refusal answered and recorded.
@Suite("Agency message routes")
struct AgencyMessageRouteTests {
    @Test func aMessageToARegionReachesItsAgenciesAndTheSenderSeesWhoReadIt() async throws {
        let fixture = try await ServerFixture()
        let lapd = try await fixture.user("lapd-disp", ori: "CA0194200", roles: [.operator])
        let sacramento = try await fixture.user("sac-disp", ori: "CA0340000", roles: [.officer])
        let elkGrove = try await fixture.user("egpd-disp", ori: "CA0341000", roles: [.supervisor])
        let fresno = try await fixture.user("fr-disp", ori: "CA0100000", roles: [.operator])
        let auditor = try await fixture.user("audit-1", ori: "CA0340000", roles: [.auditor])
        try await fixture.application().test(.router) { client in
            let body = #"{"to":{"region":"CA034"},"subject":"BOLO 7ABC123","text":"ROBBERY SUSPECT VEHICLE\nNB I-5","priority":"urgent"}"#
            let sent = try await client.send(.post, "/agency-messages", key: lapd, json: body)
            #expect(sent.status == .created, "\(sent.text)")
            #expect(try sent.json()["recipients"] as? [String] == ["CA0340000", "CA0341000"])
            let id = try #require(try sent.json()["id"] as? Int)

            let inbox = try await client.send(.get, "/agencies/CA0341000/inbox", key: elkGrove)
            let messages = try inbox.json()["messages"] as? [[String: Any]] ?? []
            #expect(messages.count == 1 && messages.first?["subject"] as? String == "BOLO 7ABC123" && messages.first?["text"] == nil,
                    "an inbox lists subjects; the text is read by opening")
            let fresnoInbox = try await client.send(.get, "/agencies/CA0100000/inbox", key: fresno)
            #expect((try fresnoInbox.json()["messages"] as? [Any])?.isEmpty == true, "outside the region")

            let opened = try await client.send(.post, "/agency-messages/\(id)/reads", key: sacramento)
            #expect(opened.status == .ok && opened.text.contains("NB I-5"), "\(opened.text)")
            let outbox = try await client.send(.get, "/agencies/CA0194200/outbox", key: lapd)
            let reads = ((try outbox.json()["messages"] as? [[String: Any]])?.first?["reads"] as? [[String: Any]]) ?? []
            #expect(reads.map { $0["agency"] as? String } == ["CA0340000"] && reads.first?["userID"] == nil)

            // Refusals: a stranger opening it, another agency's inbox, an unknown agency, a role without the right.
            let stranger = try await client.send(.post, "/agency-messages/\(id)/reads", key: fresno)
            #expect(stranger.status == .forbidden && stranger.text.contains("notRecipient"))
            #expect(try await client.send(.get, "/agencies/CA0194200/inbox", key: sacramento).status == .forbidden)
            let unknown = try await client.send(.post, "/agency-messages", key: lapd, json: #"{"to":{"agency":"CA9999999"},"subject":"S","text":"T"}"#)
            #expect(unknown.status == .badRequest && unknown.text.contains("not a registered agency") && unknown.text.contains("eventSequence"))
            let twoKeys = try await client.send(.post, "/agency-messages", key: lapd, json: #"{"to":{"agency":"CA0340000","region":"CA"},"subject":"S","text":"T"}"#)
            #expect(twoKeys.status == .badRequest)
            #expect(try await client.send(.post, "/agency-messages", key: auditor, json: body).status == .forbidden)
        }
    }
}
