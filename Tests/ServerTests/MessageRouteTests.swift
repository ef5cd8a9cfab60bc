import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing

/// `POST /messages`: a dispatcher's day in NCIC-style messages over HTTP, each answered in
/// terminal style, and every refusal (malformed, oversized, another agency's ORI, a missing
/// permission) one event on the record and nothing else.
@Suite("Message route")
struct MessageRouteTests {
    static let wanted = "EW.CA0194200.NAM/DOE, JOHN ALLEN.DOB/19800115.SEX/M.RAC/W.HGT/510.WGT/180.EYE/BRO.HAI/BLK"
        + ".SID/A12345678.DOW/20260520.OFF/PC 459 BURGLARY.CLS/FEL.EXL/FULL.OCA/24-000123"

    /// The events appended by `body`, by type.
    static func appended(_ fixture: ServerFixture, during body: () async throws -> Void) async throws -> [String] {
        let before = try fixture.lastSequence()
        try await body()
        return try fixture.services.ledger.read { transaction in
            let last = try transaction.lastSequence()
            guard last > before else { return [] }
            return try ((before + 1)...last).compactMap { try transaction.event(at: $0)?.type }
        }
    }

    @Test func aDispatchersSessionRunsTheSameCommandsAsTheJSONAPI() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let officer = try await fixture.user("off-1", ori: "CA0340000", roles: [.officer])
        try await fixture.application().test(.router) { client in
            let entered = try await client.send(.post, "/messages", key: operatorKey, json: Self.wanted)
            #expect(entered.status == .created, "\(entered.text)")
            #expect(entered.headers[.contentType] == "text/plain; charset=utf-8")
            let number = try #require(entered.text.split(separator: " ").first { $0.hasPrefix("NIC/") }.map { String($0.dropFirst(4)) })
            #expect(entered.text.hasPrefix("ACK EW CA0194200 NIC/\(number) VER/1\n"))

            let json = try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=24-000123", key: operatorKey)
            #expect(json.status == .ok && json.text.contains("PC 459 BURGLARY"), "the message entered the record the JSON API reads")

            let hit = try await client.send(.post, "/messages", key: officer, json: "QW.CA0340000.NAM/DOE, JOHN.DOB/19800115.PUR/C.CAS/26-77")
            #expect(hit.status == .ok && hit.text.contains("1 HIT ACC/") && hit.text.contains("\(number) ACTIVE ORI/CA0194200"), "\(hit.text)")
            let read = try await client.send(.post, "/messages", key: officer, json: "QW.CA0340000.NIC/\(number).PUR/C.CAS/26-77")
            #expect(read.status == .ok && read.text.contains("HIT 1 OF 1\n\(number) ACTIVE"), "\(read.text)")

            let modified = try await client.send(.post, "/messages", key: operatorKey, json: "MW.CA0194200.NIC/\(number).CAU/ARMED")
            #expect(modified.status == .ok && modified.text.contains("VER/2") && modified.text.contains("CAU/ARMED"), "\(modified.text)")
            let asked = try await client.send(.post, "/messages", key: officer, json: "YQ.CA0340000.NIC/\(number).PRI/U.OCA/SAC-26-9")
            #expect(asked.status == .ok && asked.text.contains("HIT REQUEST REQ/"), "\(asked.text)")
            let request = try #require(asked.text.components(separatedBy: "HIT REQUEST REQ/").last?.prefix { $0.isNumber })
            let confirmed = try await client.send(.post, "/messages", key: operatorKey, json: "YR.CA0194200.NIC/\(number).REQ/\(request).ANS/Y")
            #expect(confirmed.status == .ok && confirmed.text.contains(".CONFIRMED"), "\(confirmed.text)")
            let located = try await client.send(.post, "/messages", key: officer,
                                                json: "LW.CA0340000.NIC/\(number).DLO/20260601.OCA/SAC-26-9.RCV/SUBJECT IN CUSTODY")
            #expect(located.status == .ok && located.text.contains(" LOCATED"), "\(located.text)")
            let cleared = try await client.send(.post, "/messages", key: operatorKey, json: "CW.CA0194200.NIC/\(number).DCL/20260601.HOW/APPREHENDED")
            #expect(cleared.status == .ok && cleared.text.contains(" CLEARED ORI/CA0194200"), "\(cleared.text)")
            let again = try await client.send(.post, "/messages", key: operatorKey, json: "CW.CA0194200.NIC/\(number).DCL/20260601.HOW/APPREHENDED")
            #expect(again.status == .conflict && again.text.hasPrefix("REJ CW CA0194200 RULE/LIFECYCLE SEQ/"), "\(again.text)")

            // The cleared want is in the historical file: read by number only with the right a
            // search needs to include it (AccessPolicy.readByNumber), as on the JSON route.
            let byOfficer = try await client.send(.post, "/messages", key: officer, json: "QW.CA0340000.NIC/\(number).PUR/C.CAS/26-77")
            #expect(byOfficer.status == .forbidden && byOfficer.text.uppercased().contains("HISTORICAL"), "\(byOfficer.text)")
            let byOperator = try await client.send(.post, "/messages", key: operatorKey, json: "QW.CA0194200.NIC/\(number).PUR/C.CAS/24-000123")
            #expect(byOperator.status == .ok && byOperator.text.contains("\(number) CLEARED"), "\(byOperator.text)")
        }
    }

    @Test func everyRefusalIsOneEventOnTheRecordAndNothingElse() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let officer = try await fixture.user("off-1", ori: "CA0340000", roles: [.officer])
        try await fixture.application().test(.router) { client in
            let cases: [(key: String, body: String, status: HTTPResponse.Status, reply: String, event: String)] = [
                (operatorKey, "ZZ.CA0194200.NAM/X", .unprocessableContent, "REJ ZZ RULE/INVALIDFIELD", "CommandRejected"),
                (operatorKey, "EW.CA0194200.NAM/DOE, JOHN.XYZ/1", .unprocessableContent, "XYZ/ is not a field of EW", "CommandRejected"),
                (operatorKey, "EW.CA0194200.NAM/DOE, JOHN.SEX/M", .unprocessableContent, "DOB/ is required", "CommandRejected"),
                (operatorKey, "EW.CA0194200.RMK/" + String(repeating: "X", count: 5_000), .unprocessableContent, "MSG/ is more than 4000 bytes", "CommandRejected"),
                (officer, "QW.CA0194200.SID/A12345678.PUR/C", .forbidden, "RULE/OWN-AGENCY", "AccessDenied"),
                (officer, Self.wanted.replacingOccurrences(of: "CA0194200", with: "CA0340000"), .forbidden, "REJ EW CA0340000 RULE/", "AccessDenied"),
                (operatorKey, "MW.CA0194200.NIC/W0000000999.CAU/ARMED", .notFound, "REJ MW CA0194200 RULE/NOTFOUND", "CommandRejected"),
            ]
            for refusal in cases {
                var response: TestResponse?
                let events = try await Self.appended(fixture) {
                    response = try await client.send(.post, "/messages", key: refusal.key, json: refusal.body)
                }
                #expect(response?.status == refusal.status, "\(refusal.body.prefix(60)): \(response?.text ?? "")")
                #expect(response?.text.contains(refusal.reply) == true, "\(response?.text ?? "")")
                #expect(events == [refusal.event], "\(refusal.body.prefix(60)) appended \(events)")
            }
            let denial = try fixture.services.ledger.read { transaction in try transaction.event(at: try transaction.lastSequence() - 1) }
            #expect(denial.flatMap(\.payload).map { String(decoding: $0, as: UTF8.self).contains("MKE=EW") } == true, "a denial names the message's key")
        }
    }
}
