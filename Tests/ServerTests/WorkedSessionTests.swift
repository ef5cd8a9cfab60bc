import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing
import TestSupport

/// The session Docs/api.md walks through, over a real socket: log in with MFA, enter a wanted
/// person, query it from another agency, place a locate, clear it, and read its history and
/// every access to it.
@Suite("The worked session of Docs/api.md")
struct WorkedSessionTests {
    @Test func theDocumentedSessionWorksOverARealSocket() async throws {
        let fixture = try await ServerFixture()
        var seeds: [String: String] = [:]
        for (userID, ori, roles, jurisdiction) in [
            ("lapd-op", "CA0194200", RoleSet([.operator]), Jurisdiction.local), ("sac-officer", "CA0340000", [.officer], .local),
            ("doj-auditor", "CA0000001", [.auditor], .state),
        ] {
            seeds[userID] = try await fixture.enrolledUser(userID, ori: ori, roles: roles, jurisdiction: jurisdiction)
        }
        let allSeeds = seeds
        try await fixture.application().test(.live) { client in
            func login(_ userID: String) async throws -> HTTPFields {
                let code = SecondFactor.code(seed: allSeeds[userID]!, at: fixture.clock.now())
                let response = try await client.send(.post, "/sessions", key: nil, json: #"{"userID":"\#(userID)","password":"\#(ServerFixture.password)","code":"\#(code)"}"#)
                #expect(response.status == .created, "\(response.text)")
                return [.authorization: "Bearer \(try response.json()["token"] as? String ?? "")", .contentType: "application/json"]
            }
            let operatorSession = try await login("lapd-op")
            let entered = try await client.execute(uri: "/records", method: .post, headers: operatorSession, body: ByteBuffer(string: Bodies.wanted()))
            #expect(entered.status == .created)
            let number = try #require((try entered.json()["record"] as? [String: Any])?["number"] as? String)

            let officerSession = try await login("sac-officer")
            let hit = try await client.execute(uri: "/searches", method: .post, headers: officerSession, body: ByteBuffer(string: Bodies.search()))
            let hits = try hit.json()["hits"] as? [[String: Any]] ?? []
            #expect(hits.count == 1 && (hits.first?["record"] as? [String: Any])?["number"] as? String == number)

            let asked = try await client.execute(uri: "/records/\(number)/hit-confirmations", method: .post, headers: officerSession,
                                                 body: ByteBuffer(string: #"{"priority":"urgent","caseNumber":"SAC-24-991"}"#))
            let confirmations = (try asked.json()["record"] as? [String: Any])?["hitConfirmations"] as? [[String: Any]]
            let request = try #require((confirmations?.last?["requested"] as? [String: Any])?["sequence"] as? Int)
            let confirmed = try await client.execute(uri: "/records/\(number)/hit-confirmations/answers", method: .post, headers: operatorSession,
                                                     body: ByteBuffer(string: #"{"request":\#(request),"answer":"confirmed"}"#))
            #expect(confirmed.status == .ok)
            let located = try await client.execute(uri: "/records/\(number)/locate", method: .post, headers: officerSession,
                                                   body: ByteBuffer(string: #"{"locatedOn":"20260601","caseNumber":"SAC-24-991","recovered":"SUBJECT IN CUSTODY"}"#))
            #expect((try located.json()["status"] as? [String: Any])?["state"] as? String == "located")

            let cleared = try await client.execute(uri: "/records/\(number)/clear", method: .post, headers: operatorSession,
                                                   body: ByteBuffer(string: #"{"clearedOn":"20260601","how":"APPREHENDED BY SACRAMENTO SO"}"#))
            #expect((try cleared.json()["status"] as? [String: Any])?["state"] as? String == "cleared")

            let history = try await client.execute(uri: "/records/\(number)/history?purpose=C&caseNumber=24-000123", method: .get, headers: operatorSession)
            let types = (try history.json()["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(types == ["RecordEntered", "HitConfirmationRequested", "HitConfirmationAnswered", "RecordLocated", "RecordCleared"])

            let auditorSession = try await login("doj-auditor")
            let accesses = try await client.execute(uri: "/records/\(number)/accesses", method: .get, headers: auditorSession)
            let readers = (try accesses.json()["accesses"] as? [[String: Any]] ?? []).compactMap { ($0["actor"] as? [String: Any])?["userID"] as? String }
            #expect(readers == ["sac-officer", "lapd-op"], "the officer's search, then the operator's history read")
        }
    }
}
