import Access
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Ledger
import Records
import Server
import Testing
import TestSupport

@Suite("HTTP routes")
struct RouteTests {
    @Test func healthBannerAndMetricsNeedNoCredentials() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            let health = try await client.send(.get, "/health", key: nil)
            #expect(health.status == .ok)
            #expect(try health.json()["status"] as? String == "ok")
            let banner = try await client.send(.get, "/banner", key: nil)
            #expect(banner.text.contains("monitored"))
            let metrics = try await client.send(.get, "/metrics", key: nil)
            #expect(metrics.text.contains("blotter_writer_queue_depth"))
            #expect(metrics.text.contains("blotter_http_requests_total"))
        }
    }

    @Test func aRequestWithoutCredentialsIsRefusedAndTheRefusalRecorded() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.post, "/searches", key: nil, json: Bodies.search())
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType] == "application/problem+json")
            let event = try #require(try fixture.lastEvent())
            #expect(event.type == "AuthenticationFailed" && event.actor.userID == "anonymous" && event.stream == "unauthenticated")
            #expect(try response.json()["eventSequence"] as? Int == Int(event.sequence))
            let badKey = try await client.send(.post, "/searches", key: "blk_nonsense", json: Bodies.search())
            #expect(badKey.status == .unauthorized)
        }
    }

    @Test func loginTakesPasswordAndCodeAndReturnsASessionWithTheBanner() async throws {
        let fixture = try await ServerFixture()
        let seed = try await fixture.enrolledUser("officer-1", ori: "CA0194200", roles: [.officer])
        try await fixture.application().test(.router) { client in
            let wrong = try await client.send(.post, "/sessions", key: nil, json: #"{"userID":"officer-1","password":"nope-nope-nope","code":"000000"}"#)
            #expect(wrong.status == .unauthorized)
            let code = SecondFactor.code(seed: seed, at: fixture.clock.now())
            let login = try await client.send(.post, "/sessions", key: nil, json: #"{"userID":"officer-1","password":"\#(ServerFixture.password)","code":"\#(code)"}"#)
            #expect(login.status == .created)
            let body = try login.json()
            let token = try #require(body["token"] as? String)
            #expect((body["banner"] as? String)?.contains("restricted") == true)
            let current = try await client.execute(uri: "/sessions/current", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(try current.json()["userID"] as? String == "officer-1")
            let logout = try await client.execute(uri: "/sessions/current", method: .delete, headers: [.authorization: "Bearer \(token)"])
            #expect(logout.status == .noContent)
            let after = try await client.execute(uri: "/sessions/current", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(after.status == .unauthorized)
        }
    }

    @Test func invalidInputIsAProblemNamingTheFieldAndChangesNothing() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            let malformed = try await client.send(.post, "/records", key: operatorKey, json: #"{"kind":"wantedPerson","facts":{"subject":{}}}"#)
            #expect(malformed.status == .badRequest)
            let problem = try malformed.json()
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "facts.subject.name")
            let before = try fixture.lastSequence()
            let future = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted().replacingOccurrences(of: "19800115", with: "20300115"))
            #expect(future.status == .badRequest)
            #expect(future.text.contains("facts.subject.dateOfBirth"))
            #expect(try fixture.lastSequence() == before + 1, "only the rejection event")
            #expect(try fixture.lastEvent()?.type == "CommandRejected")
            let notJSON = try await client.send(.post, "/records", key: operatorKey, json: "{not json")
            #expect(notJSON.status == .badRequest)
            let tooLarge = try await client.send(.post, "/records", key: operatorKey, json: String(repeating: " ", count: 300_000) + "{}")
            #expect(tooLarge.status == .contentTooLarge)
        }
    }

    @Test func entriesAnswerWithTheRecordAndDuplicatesNameTheExistingOne() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            let created = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted(), headers: [HTTPField.Name("Idempotency-Key")!: "entry-1"])
            #expect(created.status == .created)
            let number = try #require((created.json()["record"] as? [String: Any])?["number"] as? String)
            #expect(created.headers[.location] == "/records/\(number)")
            let retried = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted(), headers: [HTTPField.Name("Idempotency-Key")!: "entry-1"])
            #expect(retried.status == .created)
            #expect((try retried.json()["record"] as? [String: Any])?["number"] as? String == number)
            let duplicate = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.json()["existingRecord"] as? String == number)
            // The key bound to the entry cannot bring its answer back for a clear.
            let reused = try await client.send(
                .post, "/records/\(number)/clear", key: operatorKey, json: #"{"clearedOn":"20260601","how":"APPREHENDED"}"#,
                headers: [HTTPField.Name("Idempotency-Key")!: "entry-1"])
            #expect(reused.status == .unprocessableContent)
            #expect(reused.headers[.contentType] == "application/problem+json")
            #expect(try reused.json()["eventSequence"] as? Int != nil)
            let record = try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=X-1", key: operatorKey)
            #expect((try record.json()["status"] as? [String: Any])?["state"] as? String == "active")
        }
    }

    @Test func theAuditTrailOfARecordIsForAuditorsAndReadingItIsRecorded() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        let localAuditorKey = try await fixture.user("audit-sac", ori: "CA0340000", roles: [.auditor])
        try await fixture.application().test(.router) { client in
            let created = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let number = try #require((created.json()["record"] as? [String: Any])?["number"] as? String)
            _ = try await client.send(.post, "/searches", key: operatorKey, json: Bodies.search())
            let refused = try await client.send(.get, "/records/\(number)/accesses", key: operatorKey)
            #expect(refused.status == .forbidden)
            let outOfScope = try await client.send(.get, "/records/\(number)/accesses", key: localAuditorKey)
            #expect(outOfScope.status == .forbidden, "an auditor of another agency reads its own agency's records only")
            #expect(try outOfScope.json()["rule"] as? String == "outsideScope")
            let accesses = try await client.send(.get, "/records/\(number)/accesses", key: auditorKey)
            #expect(accesses.status == .ok)
            #expect((try accesses.json()["accesses"] as? [[String: Any]])?.count == 1, "the search; the refused read showed nothing")
            let read = try #require(try fixture.lastEvent())
            #expect(read.type == "RecordsQueried" && read.actor.userID == "audit-1")
            #expect(try AccessRecord(canonicalJSON: read.payload ?? []).read == .accesses)
        }
    }

    @Test func anAuditorInvestigatesAPersonReadsARecordsTimelineAndReproducesAPastAnswer() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        let localAuditorKey = try await fixture.user("audit-sac", ori: "CA0340000", roles: [.auditor])
        try await fixture.application().test(.router) { client in
            // A search for him before he was entered finds nothing; it is still his auditors' to see.
            let early = try await client.send(.post, "/searches", key: operatorKey, json: Bodies.search())
            let earlySequence = try #require(try early.json()["accessSequence"] as? Int)
            let created = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let number = try #require((created.json()["record"] as? [String: Any])?["number"] as? String)
            let later = try await client.send(.post, "/searches", key: operatorKey, json: Bodies.search())
            let laterSequence = try #require(try later.json()["accessSequence"] as? Int)

            let subject = #"{"subject":{"by":"stateID","value":"A12345678"},"caseNumber":"COMPLAINT-7"}"#
            #expect(try await client.send(.post, "/audit/subjects", key: operatorKey, json: subject).status == .forbidden)
            let investigation = try await client.send(.post, "/audit/subjects", key: auditorKey, json: subject)
            #expect(investigation.status == .ok)
            let body = try investigation.json()
            #expect((body["records"] as? [[String: Any]])?.compactMap { ($0["record"] as? [String: Any])?["number"] as? String } == [number])
            let timeline = try #require(body["timeline"] as? [[String: Any]])
            let relations = Dictionary(uniqueKeysWithValues: timeline.compactMap { entry -> (Int, String)? in
                guard let access = entry["access"] as? [String: Any] else { return nil }
                return (entry["sequence"] as? Int ?? 0, access["relation"] as? String ?? "")
            })
            #expect(relations == [earlySequence: "matchedCriteria", laterSequence: "returned"])
            #expect(timeline.contains { $0["kind"] as? String == "change" && $0["number"] as? String == number })
            let malformed = try await client.send(.post, "/audit/subjects", key: auditorKey, json: #"{"subject":{"by":"plate","value":"7ABC123","state":"CA"}}"#)
            #expect(malformed.status == .badRequest)

            let recordTimeline = try await client.send(.get, "/audit/records/\(number)/timeline?caseNumber=COMPLAINT-7", key: auditorKey)
            #expect(recordTimeline.status == .ok)
            let sequences = try #require(try recordTimeline.json()["timeline"] as? [[String: Any]]).compactMap { $0["sequence"] as? Int }
            #expect(sequences == sequences.sorted() && sequences.contains(laterSequence))
            #expect(try await client.send(.get, "/audit/records/\(number)/timeline", key: localAuditorKey).status == .forbidden)

            let reproduction = try await client.send(.get, "/audit/accesses/\(laterSequence)/reproduction", key: auditorKey)
            #expect(reproduction.status == .ok)
            #expect(try reproduction.json()["matches"] as? Bool == true)
            #expect(try fixture.lastEvent()?.type == "AccessReproduced")
            let outside = try await client.send(.get, "/audit/accesses/\(laterSequence)/reproduction", key: localAuditorKey)
            #expect(outside.status == .forbidden)
            #expect(try outside.json()["rule"] as? String == "outsideScope")
            let notAnAccess = try await client.send(.get, "/audit/accesses/1/reproduction", key: auditorKey)
            #expect(notAnAccess.status == .notFound)
        }
    }

    @Test func anAuditorListsEverythingOneUserDidFailedLoginsIncluded() async throws {
        let fixture = try await ServerFixture()
        let officerKey = try await fixture.user("off-1", ori: "CA0194200", roles: [.officer])
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        let localAuditorKey = try await fixture.user("audit-sac", ori: "CA0340000", roles: [.auditor])
        try await fixture.application().test(.router) { client in
            let failed = try await client.send(.post, "/sessions", key: nil, json: #"{"userID":"off-1","password":"not-the-password","code":"000000"}"#)
            #expect(failed.status == .unauthorized)
            let search = try await client.send(.post, "/searches", key: officerKey, json: Bodies.search())
            let searchSequence = try #require(try search.json()["accessSequence"] as? Int)
            let activity = try await client.send(.get, "/audit/users/off-1/activity?caseNumber=COMPLAINT-9", key: auditorKey)
            #expect(activity.status == .ok)
            let entries = try #require(try activity.json()["entries"] as? [[String: Any]])
            let types = entries.compactMap { $0["type"] as? String }
            #expect(types.contains("LoginFailed") && types.contains("RecordsQueried"), "\(types)")
            let login = try #require(entries.first { $0["type"] as? String == "LoginFailed" })
            // The officer works with an API key only: its login is refused as not yet enrolled.
            #expect((login["details"] as? [String: String])?["reason"]?.contains("not yet enrolled") == true, "\(login)")
            #expect(entries.contains { $0["sequence"] as? Int == searchSequence && ($0["access"] as? [String: Any]) != nil })
            let ranged = try await client.send(.get, "/audit/users/off-1/activity?from=2099-01-01T00:00:00Z", key: auditorKey)
            #expect(try ranged.json()["entries"] as? [Any] == nil || (try ranged.json()["entries"] as? [Any])?.isEmpty == true)
            let badTime = try await client.send(.get, "/audit/users/off-1/activity?from=yesterday", key: auditorKey)
            #expect(badTime.status == .badRequest)
            let outside = try await client.send(.get, "/audit/agencies/CA0194200/activity", key: localAuditorKey)
            #expect(outside.status == .forbidden)
            let agency = try await client.send(.get, "/audit/agencies/CA0194200/activity", key: auditorKey)
            #expect(agency.status == .ok)
            #expect(try #require(try agency.json()["entries"] as? [[String: Any]]).count == entries.count)
            #expect(try await client.send(.get, "/audit/users/off-1/activity", key: officerKey).status == .forbidden)
        }
    }

    @Test func aRecordOutOfForceIsReadByNumberOnlyWithTheRightToTheHistoricalFile() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let officerKey = try await fixture.user("off-1", ori: "CA0194200", roles: [.officer])
        try await fixture.application().test(.router) { client in
            let entered = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let number = try #require((try entered.json()["record"] as? [String: Any])?["number"] as? String)
            // In force: anyone who may read records reads it.
            #expect(try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=24-1", key: officerKey).status == .ok)
            let cleared = try await client.send(.post, "/records/\(number)/clear", key: operatorKey, json: #"{"clearedOn":"20260601","how":"APPREHENDED"}"#)
            #expect(cleared.status == .ok)
            // Out of force: the historical file. An officer walking record numbers reaches none of
            // it, now, as of a moment or as a history; each refusal is recorded against them.
            for path in ["/records/\(number)?purpose=C&caseNumber=24-1", "/records/\(number)?purpose=C&caseNumber=24-1&asOfSequence=1",
                         "/records/\(number)/history?purpose=C&caseNumber=24-1"] {
                let refused = try await client.send(.get, path, key: officerKey)
                #expect(refused.status == .forbidden, "\(path)")
                let event = try #require(try fixture.lastEvent())
                #expect(event.type == "CommandRejected" && event.actor.userID == "off-1")
                #expect(String(decoding: event.payload ?? [], as: UTF8.self).contains("historicalFile"))
            }
            // An operator, for a criminal-justice purpose, has the right; not for another purpose.
            #expect(try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=24-1", key: operatorKey).status == .ok)
            #expect(try await client.send(.get, "/records/\(number)/history?purpose=C&caseNumber=24-1", key: operatorKey).status == .ok)
            #expect(try await client.send(.get, "/records/\(number)?purpose=I", key: operatorKey).status == .forbidden)
        }
    }

    @Test func anAgencyReadsItsOwnStatistics() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let otherKey = try await fixture.user("op-2", ori: "CA0340000", roles: [.operator])
        try await fixture.application().test(.router) { client in
            #expect(try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted()).status == .created)
            let answer = try await client.send(.get, "/agencies/CA0194200/statistics", key: operatorKey)
            #expect(answer.status == .ok)
            #expect((try answer.json()["total"] as? [String: Any])?["entered"] as? Int == 1)
            #expect((try answer.json()["byKind"] as? [[String: Any]])?.first?["kind"] as? String == "wantedPerson")
            #expect(try await client.send(.get, "/agencies/CA0194200/statistics", key: otherKey).status == .forbidden)
            #expect(try await client.send(.get, "/agencies/CA0194200/statistics?from=yesterday", key: operatorKey).status == .badRequest)
        }
    }

    @Test func anAuditorReadsTheMisuseReportAndTheReadIsRecorded() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        try await fixture.application().test(.router) { client in
            _ = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            _ = try await client.send(.post, "/searches", key: operatorKey, json: #"{"query":{"by":"stateID","value":"A12345678"},"purpose":"A"}"#)
            #expect(try await client.send(.get, "/audit/reports/misuse", key: operatorKey).status == .forbidden)
            let response = try await client.send(.get, "/audit/reports/misuse", key: auditorKey)
            #expect(response.status == .ok)
            let report = try #require(try response.json()["report"] as? [String: Any])
            #expect(report["accessesExamined"] as? Int == 1)
            let findings = try #require(report["findings"] as? [[String: Any]])
            #expect(findings.map { $0["signal"] as? String } == ["noCaseNumber"], "a purpose-A search gave no case number")
            #expect(try fixture.lastEvent()?.type == "MisuseReportRead")
            #expect(try await client.send(.get, "/audit/reports/misuse?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z", key: auditorKey).status == .badRequest)
            // The weekly review: the week holding a day, Monday to Monday; or the last complete week.
            let weekly = try await client.send(.get, "/audit/reports/misuse?week=\(fixture.today)", key: auditorKey)
            let week = ReviewWeek(containing: fixture.today)
            #expect((try weekly.json()["report"] as? [String: Any])?["from"] as? String == week.from.description)
            #expect((try weekly.json()["report"] as? [String: Any])?["accessesExamined"] as? Int == 1)
            let last = try await client.send(.get, "/audit/reports/misuse?week=last", key: auditorKey)
            #expect((try last.json()["report"] as? [String: Any])?["accessesExamined"] as? Int == 0)
            #expect(try await client.send(.get, "/audit/reports/misuse?week=tuesday", key: auditorKey).status == .badRequest)
            #expect(try await client.send(.get, "/audit/reports/misuse?week=last&from=2026-06-01T00:00:00Z", key: auditorKey).status == .badRequest)
        }
    }

    @Test func anAuditorFlagsASubjectAndRemovesTheFlag() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-1", ori: "CA0194200", roles: [.operator])
        let auditorKey = try await fixture.user("audit-1", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        try await fixture.application().test(.router) { client in
            let body = #"{"subject":{"by":"stateID","value":"A12345678"},"reason":"PUBLIC FIGURE"}"#
            #expect(try await client.send(.post, "/audit/watchlist", key: operatorKey, json: body).status == .forbidden)
            let flagged = try await client.send(.post, "/audit/watchlist", key: auditorKey, json: body)
            #expect(flagged.status == .created)
            let flag = try #require(try flagged.json()["eventSequence"] as? Int)
            // The list in force, read by a state auditor (recorded), not by a local one or an operator.
            let listed = try await client.send(.get, "/audit/watchlist", key: auditorKey)
            #expect(listed.status == .ok)
            let flags = try #require(try listed.json()["flags"] as? [[String: Any]])
            #expect(flags.count == 1 && flags.first?["sequence"] as? Int == flag && flags.first?["reason"] as? String == "PUBLIC FIGURE")
            #expect(flags.first?["flaggedBy"] as? String == "audit-1" && flags.first?["agency"] as? String == "CA0000001")
            let read = try #require(try fixture.lastEvent())
            #expect(read.type == "AuditTrailRead" && read.actor.userID == "audit-1" && read.stream == "audit/audit-1")
            #expect(try listed.json()["readSequence"] as? Int == Int(read.sequence))
            #expect(try await client.send(.get, "/audit/watchlist", key: operatorKey).status == .forbidden)
            let localAuditorKey = try await fixture.user("audit-local", ori: "CA0194200", roles: [.auditor])
            let local = try await client.send(.get, "/audit/watchlist", key: localAuditorKey)
            #expect((try local.json()["flags"] as? [Any])?.isEmpty == true, "a local auditor sees its own agency's flags only")
            _ = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            _ = try await client.send(.post, "/searches", key: operatorKey, json: Bodies.search())
            let report = try await client.send(.get, "/audit/reports/misuse", key: auditorKey)
            let findings = try #require((try report.json()["report"] as? [String: Any])?["findings"] as? [[String: Any]])
            #expect(findings.contains { $0["signal"] as? String == "flaggedSubject" && $0["userID"] as? String == "op-1" }, "\(findings)")
            let removed = try await client.send(.post, "/audit/watchlist/\(flag)/removal", key: auditorKey, json: #"{"reason":"RESOLVED"}"#)
            #expect(removed.status == .ok)
            let again = try await client.send(.post, "/audit/watchlist/\(flag)/removal", key: auditorKey, json: #"{"reason":"RESOLVED"}"#)
            #expect(again.status == .notFound)
            #expect((try await client.send(.get, "/audit/watchlist", key: auditorKey).json()["flags"] as? [Any])?.isEmpty == true)
        }
    }
}
