import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing

/// The misuse signals that read the users' accounts, through the service: the accounts as
/// their events made them at each access (`AccountHistory`).
@Suite("Misuse reports from the accounts")
struct MisuseAccountSignalTests {
    @Test func ownSurnamePurposeAndUseAfterDisablementAreReported() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator], name: "OPERATOR, ONE")
        let relativeKey = try await fixture.user("off-doe", ori: "CA0194200", roles: [.officer], name: "Jane Doe")
        let licensingKey = try await fixture.user("off-lic", ori: "CA0194200", roles: [.officer], name: "LICENSING, LARRY")
        let leaverKey = try await fixture.user("off-gone", ori: "CA0194200", roles: [.officer], name: "GONE, GARY")
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state, name: "AUDITOR, ANN")
        try await fixture.application().test(.router) { client in
            #expect(try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted()).status == .created)
            // Work that fits: the operator's licensing check, the leaver's search while employed.
            #expect(try await client.send(.post, "/searches", key: operatorKey, json: Bodies.search(purpose: "I")).status == .ok)
            #expect(try await client.send(.post, "/searches", key: leaverKey, json: Bodies.search()).status == .ok)
            // A relative's lookup, an officer's licensing check.
            let relative = try await client.send(.post, "/searches", key: relativeKey, json: Bodies.search())
            let licensing = try await client.send(.post, "/searches", key: licensingKey, json: Bodies.search(purpose: "I"))
            #expect(relative.status == .ok && licensing.status == .ok)
            // The leaver is disabled; their API key still comes back, refused and on their record.
            _ = try await fixture.services.access.disable("off-gone", reason: "LEFT THE AGENCY", by: fixture.administrator(), clientAddress: "test")
            let refused = try await client.send(.post, "/searches", key: leaverKey, json: Bodies.search())
            #expect(refused.status == .unauthorized)
            let denial = try #require(try fixture.lastEvent())
            #expect(denial.type == "AccessDenied" && denial.actor.userID == "off-gone" && denial.stream == "denials/CA0194200")

            // A manager records where a user lives; nobody records their own.
            let address = #"{"address":"12 Elm Street, Sacramento CA"}"#
            let recorded = try await client.send(.post, "/users/off-lic/home-address", key: fixture.administratorKey, json: address)
            #expect(recorded.status == .ok)
            #expect(try recorded.json()["homeAddress"] as? String == "12 Elm Street, Sacramento CA")
            #expect(try await client.send(.post, "/users/off-lic/home-address", key: licensingKey, json: address).status == .forbidden)
            #expect(try await client.send(.post, "/users/off-lic/home-address", key: fixture.administratorKey, json: #"{"address":""}"#).status == .badRequest)

            let response = try await client.send(.get, "/audit/reports/misuse", key: auditorKey)
            let report = try #require(try response.json()["report"] as? [String: Any])
            #expect(report["personnelSignals"] as? Bool == true)
            let findings = try #require(report["findings"] as? [[String: Any]])
            func finding(_ signal: String) -> [String: Any]? { findings.first { $0["signal"] as? String == signal } }
            #expect(finding("ownSurname")?["userID"] as? String == "off-doe", "\(findings)")
            #expect(finding("ownSurname")?["events"] as? [Int] == [try relative.json()["accessSequence"] as? Int ?? -1])
            #expect(finding("purposeOutsideRole")?["userID"] as? String == "off-lic", "\(findings)")
            #expect(finding("activityWhileBarred")?["userID"] as? String == "off-gone", "\(findings)")
            #expect(finding("activityWhileBarred")?["events"] as? [Int] == [Int(denial.sequence)])
            #expect(Set(findings.compactMap { $0["signal"] as? String }) == ["ownSurname", "purposeOutsideRole", "activityWhileBarred"], "\(findings)")

            // A blocked key used again and again: counted, and recorded against the account once
            // the window closes, not an event a request.
            let before = try fixture.lastSequence()
            for _ in 0..<3 { #expect(try await client.send(.post, "/searches", key: leaverKey, json: Bodies.search()).status == .unauthorized) }
            #expect(try fixture.lastSequence() == before)
            try await fixture.services.access.flushAuthenticationFailures(force: true)
            let counted = try #require(try fixture.lastEvent())
            #expect(counted.type == "AccessDenied" && counted.actor.userID == "off-gone" && counted.stream == "denials/CA0194200")
            #expect(String(decoding: counted.payload ?? [], as: UTF8.self).contains("3 more uses"), "\(counted)")
        }
    }
}
