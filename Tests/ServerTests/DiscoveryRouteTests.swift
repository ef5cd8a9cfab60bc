import Access
import BundleArchive
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing

/// The discovery routes: a court clerk's order, the recipient's zip (verified offline), and
/// every refusal answered 403 and recorded with its target.
@Suite("Discovery routes")
struct DiscoveryRouteTests {
    static let order = #"{"id":"LASC-26-CR-0042-D1","citation":"LOS ANGELES SUPERIOR COURT 26CR0042, ORDER OF 20260601","caseNumber":"26CR0042","recipient":"pd-1","selection":{"by":"stateID","value":"A12345678"}}"#

    @Test func theRecipientExportsAZipThatVerifiesAndEveryoneElseIsRefusedOnTheRecord() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let officer = try await fixture.user("off-1", ori: "CA0194200", roles: [.officer])
        let clerk = try await fixture.user("clerk-1", ori: "CA019015J", roles: [.courtClerk])
        let otherClerk = try await fixture.user("clerk-2", ori: "CA034015J", roles: [.courtClerk])
        let defense = try await fixture.user("pd-1", ori: "CA019013P", roles: [.discovery], certified: false)
        let otherDefense = try await fixture.user("pd-2", ori: "CA019013P", roles: [.discovery], certified: false)
        try await fixture.application().test(.router) { client in
            let entered = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            #expect(entered.status == .created)
            _ = try await client.send(.post, "/searches", key: officer, json: Bodies.search())

            let wrongRecipient = try await client.send(.post, "/discovery/orders", key: clerk, json: Self.order.replacingOccurrences(of: "pd-1", with: "off-1"))
            #expect(wrongRecipient.status == .badRequest && wrongRecipient.text.contains("not a discovery recipient"))
            let byOfficer = try await client.send(.post, "/discovery/orders", key: officer, json: Self.order)
            #expect(byOfficer.status == .forbidden)
            let ordered = try await client.send(.post, "/discovery/orders", key: clerk, json: Self.order)
            #expect(ordered.status == .created, "\(ordered.text)")
            #expect(try await client.send(.post, "/discovery/orders", key: clerk, json: Self.order).status == .conflict)
            #expect(try await client.send(.get, "/discovery/orders/LASC-26-CR-0042-D1", key: defense).status == .ok)
            #expect(try await client.send(.get, "/discovery/orders/LASC-26-CR-0042-D1", key: otherDefense).status == .forbidden)
            #expect(try await client.send(.get, "/discovery/orders/NO-SUCH", key: clerk).status == .notFound)

            for (key, userID, rule) in [(otherDefense, "pd-2", "notRecipient"), (officer, "off-1", "role")] {
                let before = try fixture.lastSequence()
                let refused = try await client.send(.post, "/discovery/orders/LASC-26-CR-0042-D1/exports", key: key, json: "{}")
                #expect(refused.status == .forbidden && refused.text.contains(rule), "\(refused.text)")
                let refusal = try fixture.services.ledger.read { transaction in
                    try ((before + 1)...(try transaction.lastSequence())).compactMap { try transaction.event(at: $0) }
                        .first { ["AccessDenied", "CommandRejected"].contains($0.type) }
                }
                #expect(refusal?.actor.userID == userID)
                #expect(refusal.flatMap { $0.payload }.map { String(decoding: $0, as: UTF8.self).contains("LASC-26-CR-0042-D1") } == true,
                        "the refusal names the order")
            }

            let export = try await client.send(.post, "/discovery/orders/LASC-26-CR-0042-D1/exports", key: defense, json: "{}")
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "application/zip")
            let sequence = try #require(export.headers[HTTPField.Name("Blotter-Access-Sequence")!].flatMap { UInt64($0) })
            let files = try BundleArchive.unzip(Data(export.body.readableBytesView))
            let report = BundleVerifier.verify(files, trustedKey: fixture.services.ledger.checkpointVerifierKey)
            #expect(report.holds, "\(report.findings)")
            #expect(export.headers[HTTPField.Name("Blotter-Bundle-Digest")!] == Digest32.sha256(try #require(files["manifest.json"])).hex)
            let access = try #require(try fixture.services.ledger.read { try $0.event(at: sequence) })
            #expect(access.actor.userID == "pd-1" && access.type == "RecordsQueried")
            // A bad earlier tree size is refused, named and recorded.
            let tooLate = try await client.send(.post, "/discovery/orders/LASC-26-CR-0042-D1/exports", key: defense, json: #"{"earlierTreeSize":999999}"#)
            #expect(tooLate.status == .badRequest && tooLate.text.contains("earlierTreeSize"))

            // The court vacates the order: only a clerk records it, and nothing more is exported.
            let path = "/discovery/orders/LASC-26-CR-0042-D1/vacate"
            #expect(try await client.send(.post, path, key: defense, json: #"{"reason":"MINE"}"#).status == .forbidden)
            let otherCourt = try await client.send(.post, path, key: otherClerk, json: #"{"reason":"NOT OUR ORDER"}"#)
            #expect(otherCourt.status == .forbidden && otherCourt.text.contains("ownerOnly"), "\(otherCourt.text)")
            #expect(try await client.send(.post, path, key: clerk, json: #"{"reason":"  "}"#).status == .badRequest)
            #expect(try await client.send(.post, "/discovery/orders/NO-SUCH/vacate", key: clerk, json: #"{"reason":"ERROR"}"#).status == .notFound)
            let vacated = try await client.send(.post, path, key: clerk, json: #"{"reason":"VACATED ON APPEAL, ORDER OF 20260701"}"#)
            #expect(vacated.status == .ok, "\(vacated.text)")
            let vacation = try #require(try vacated.json()["vacation"] as? [String: Any])
            #expect(vacation["reason"] as? String == "VACATED ON APPEAL, ORDER OF 20260701" && vacation["by"] as? String == "clerk-1")
            let shown = try #require(try await client.send(.get, "/discovery/orders/LASC-26-CR-0042-D1", key: defense).json()["vacation"] as? [String: Any])
            #expect(shown["sequence"] as? Int == vacation["sequence"] as? Int && shown["court"] as? String == "CA019015J")
            #expect(shown["by"] == nil, "the recipient is not shown the clerk's user id")
            let again = try await client.send(.post, path, key: clerk, json: #"{"reason":"AGAIN"}"#)
            #expect(again.status == .conflict && again.text.contains("orderVacated"))
            let after = try await client.send(.post, "/discovery/orders/LASC-26-CR-0042-D1/exports", key: defense, json: "{}")
            #expect(after.status == .conflict && after.text.contains("orderVacated") && after.text.contains("VACATED ON APPEAL"), "\(after.text)")
            // Another recipient learns nothing of the vacation: refused as before, for not being named.
            let notNamed = try await client.send(.post, "/discovery/orders/LASC-26-CR-0042-D1/exports", key: otherDefense, json: "{}")
            #expect(notNamed.status == .forbidden && notNamed.text.contains("notRecipient") && !notNamed.text.contains("VACATED"), "\(notNamed.text)")
        }
    }

    @Test func anArchiveIsTheSameForTheSameFilesAndRefusesWhatABundleNeverHolds() throws {
        let files = ["b.txt": Array("two".utf8), "a.txt": Array("one".utf8)]
        let first = try BundleArchive.zip(files, folder: "bundle", modified: Date(timeIntervalSince1970: 0))
        let second = try BundleArchive.zip(files, folder: "bundle", modified: Date(timeIntervalSince1970: 0))
        #expect(first == second)
        #expect(try BundleArchive.unzip(first) == files)
        let nested = try BundleArchive.zip(["x": [1]], folder: "a/b", modified: Date(timeIntervalSince1970: 0))
        #expect(throws: BundleArchive.Failure.self) { try BundleArchive.unzip(nested) }
        #expect(throws: BundleArchive.Failure.self) { try BundleArchive.unzip(Data("not a zip".utf8)) }
    }
}
