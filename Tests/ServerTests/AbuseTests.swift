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

/// Issue 9's hostile cases replayed through the real HTTP routes, one test per defect and named
/// after it: leaks of sealed arrests, escalation by a supervisor, account takeover, refusals
/// off the record, unlimited password guessing. (Hostile input — floods, malformed bodies,
/// control characters — is in `InputAbuseTests`.) The service-level tests of the same rules are
/// in `Tests/AccessTests/SecurityTests.swift` and `Tests/RecordsTests/DisclosureTests.swift`;
/// these prove that no route goes around them.
@Suite("Abuse through the HTTP API: disclosure, escalation, takeover, refusals")
struct AbuseTests {
    static let losAngeles = "CA0194200"
    static let sacramento = "CA0340000"
    static let sacramentoCourt = "CA034015J"

    // MARK: Sealed and factually innocent arrests (issue 9, defect 1)

    @Test func sealedAndFactuallyInnocentArrestsDoNotLeakThroughHistoryOrAsOfReads() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-sac", ori: Self.sacramento, roles: [.operator])
        let clerkKey = try await fixture.user("clerk-sac", ori: Self.sacramentoCourt, roles: [.courtClerk])
        let officerKey = try await fixture.user("off-la", ori: Self.losAngeles, roles: [.officer])
        try await fixture.application().test(.router) { client in
            let (number, beforeRelief) = try await Self.rapSheet(client, fixture: fixture, operatorKey: operatorKey, clerkKey: clerkKey)

            // Administrative purpose (a background check): only PC459 is shown, in every step of
            // the history and in the record as it stood before either relief was granted.
            let administrative = try await client.send(.get, "/records/\(number)/history?purpose=A", key: officerKey)
            #expect(administrative.status == .ok, "\(administrative.text.prefix(300))")
            let steps = try administrative.json()["events"] as? [[String: Any]] ?? []
            #expect(steps.count == 3, "the entry, the arrest PC459 and its charge; the withheld arrests' steps are gone too")
            for step in steps {
                let shown = Self.statutes(in: step["record"])
                #expect(shown.isSubset(of: ["PC459"]), "step \(step["sequence"] ?? "?") (\(step["type"] ?? "?")) shows \(shown)")
            }
            #expect(Self.statutes(in: steps.last?["record"]) == ["PC459"])
            Self.expectAbsent(["PC484", "HS11350"], from: administrative.text, "the administrative history")

            let administrativeAsOf = try await client.send(.get, "/records/\(number)?purpose=A&asOfSequence=\(beforeRelief)", key: officerKey)
            #expect(administrativeAsOf.status == .ok, "\(administrativeAsOf.text.prefix(300))")
            #expect(Self.statutes(in: try administrativeAsOf.json()["record"]) == ["PC459"])
            Self.expectAbsent(["PC484", "HS11350"], from: administrativeAsOf.text, "the administrative as-of read")

            // Criminal justice sees the sealed arrest but never the factually innocent one, not
            // even as of a moment before the court found the person innocent.
            let justice = try await client.send(.get, "/records/\(number)/history?purpose=C&caseNumber=24-000777", key: officerKey)
            #expect(justice.status == .ok)
            let justiceSteps = try justice.json()["events"] as? [[String: Any]] ?? []
            #expect(Self.statutes(in: justiceSteps.last?["record"]) == ["PC459", "PC484"])
            Self.expectAbsent(["HS11350"], from: justice.text, "the criminal-justice history")
            let justiceAsOf = try await client.send(.get, "/records/\(number)?purpose=C&caseNumber=24-000777&asOfSequence=\(beforeRelief)", key: officerKey)
            #expect(Self.statutes(in: try justiceAsOf.json()["record"]) == ["PC459", "PC484"])
            Self.expectAbsent(["HS11350"], from: justiceAsOf.text, "the criminal-justice as-of read")
        }
    }

    /// A history's steps must not betray withheld entries: were the step that added a sealed
    /// arrest listed (its contents withheld), an administrative reader would learn that the
    /// arrest was made and relief granted, and a criminal-justice reader would see a step for the
    /// arrest PC 851.8 says never happened.
    @Test func aWithheldArrestLeavesNoStepInTheHistory() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-sac", ori: Self.sacramento, roles: [.operator])
        let clerkKey = try await fixture.user("clerk-sac", ori: Self.sacramentoCourt, roles: [.courtClerk])
        let officerKey = try await fixture.user("off-la", ori: Self.losAngeles, roles: [.officer])
        try await fixture.application().test(.router) { client in
            let (number, _) = try await Self.rapSheet(client, fixture: fixture, operatorKey: operatorKey, clerkKey: clerkKey)
            func stepTypes(purpose: String) async throws -> [String: Int] {
                let history = try await client.send(.get, "/records/\(number)/history?purpose=\(purpose)&caseNumber=24-000777", key: officerKey)
                let steps = try history.json()["events"] as? [[String: Any]] ?? []
                return steps.compactMap { $0["type"] as? String }.reduce(into: [:]) { $0[$1, default: 0] += 1 }
            }
            let administrative = try await stepTypes(purpose: "A")
            let justice = try await stepTypes(purpose: "C")
            #expect(administrative == ["RecordEntered": 1, "ArrestRecorded": 1, "ChargeFiled": 1], "\(administrative)")
            #expect(justice == ["RecordEntered": 1, "ArrestRecorded": 2, "ChargeFiled": 2, "ReliefAnnotated": 1], "\(justice)")
        }
    }

    /// A rap sheet entered over HTTP: arrests PC459, PC484 and HS11350 (each charged), then
    /// relief PC 851.91 on PC484 and PC 851.8 on HS11350. Returns the history's number and the
    /// log position just before the first relief.
    static func rapSheet(_ client: some TestClientProtocol, fixture: ServerFixture, operatorKey: String, clerkKey: String) async throws -> (String, UInt64) {
        let subject = Bodies.person("GARCIA, LUIS", born: "19900101", stateID: "A7777777")
        let person = try await client.send(.post, "/records", key: operatorKey, json: #"{"kind":"person","facts":\#(subject)}"#)
        #expect(person.status == .created, "\(person.text.prefix(300))")
        let personNumber = try #require((try person.json()["record"] as? [String: Any])?["number"] as? String)
        let history = try await client.send(
            .post, "/records", key: operatorKey, json: #"{"kind":"criminalHistory","facts":{"person":"\#(personNumber)","subject":\#(subject)}}"#)
        #expect(history.status == .created, "\(history.text.prefix(300))")
        let number = try #require((try history.json()["record"] as? [String: Any])?["number"] as? String)
        var arrests: [String: String] = [:]
        for statute in ["PC459", "PC484", "HS11350"] {
            let arrest = try await client.send(.post, "/records/\(number)/history-entries", key: operatorKey, json: """
                {"kind":"arrest","date":"20250101","bookingNumber":"B-\(statute)","statute":"\(statute)","offenseLevel":"misdemeanor"}
                """)
            #expect(arrest.status == .ok, "\(arrest.text.prefix(300))")
            let entries = (try arrest.json()["record"] as? [String: Any])?["history"] as? [[String: Any]] ?? []
            arrests[statute] = try #require(entries.last?["id"] as? String)
            let charge = try await client.send(.post, "/records/\(number)/history-entries", key: clerkKey, json: """
                {"kind":"chargeFiled","date":"20250110","arrestID":"\(arrests[statute]!)","statute":"\(statute)","offenseLevel":"misdemeanor","courtCase":"25CR-\(statute)"}
                """)
            #expect(charge.status == .ok, "\(charge.text.prefix(300))")
        }
        let beforeRelief = try fixture.lastSequence()
        for (statute, relief) in [("PC484", "PC 851.91"), ("HS11350", "PC 851.8")] {
            let granted = try await client.send(.post, "/records/\(number)/history-entries", key: clerkKey, json: """
                {"kind":"relief","date":"20260101","arrestID":"\(arrests[statute]!)","relief":"\(relief)"}
                """)
            #expect(granted.status == .ok, "\(granted.text.prefix(300))")
        }
        return (number, beforeRelief)
    }

    /// The statutes of the history entries of a record as an answer shows it.
    static func statutes(in record: Any?) -> Set<String> {
        let entries = (record as? [String: Any])?["history"] as? [[String: Any]] ?? []
        return Set(entries.compactMap { ($0["entry"] as? [String: Any])?["statute"] as? String })
    }

    /// Whatever the shape of the answer, the withheld arrests' statutes (and so their booking
    /// numbers and court cases, which name them) appear nowhere in it.
    static func expectAbsent(_ statutes: [String], from text: String, _ what: String) {
        for statute in statutes {
            #expect(!text.contains(statute), "\(what) mentions \(statute)")
        }
    }

    // MARK: Escalation by a supervisor (issue 9, defect 2)

    @Test func aSupervisorCannotGrantItselfAuditorAndTheAttemptIsRecordedWithItsTarget() async throws {
        let fixture = try await ServerFixture()
        let supervisorKey = try await fixture.user("sup-la", ori: Self.losAngeles, roles: [.supervisor])
        try await fixture.application().test(.router) { client in
            let refused = try await client.send(.put, "/users/sup-la/roles", key: supervisorKey, json: #"{"roles":["supervisor","auditor"]}"#)
            #expect(refused.status == .forbidden)
            let problem = try refused.json()
            #expect(problem["rule"] as? String == "own-account")
            let event = try #require(try fixture.event(problem["eventSequence"]))
            #expect(event.type == "AccessDenied" && event.actor.userID == "sup-la" && event.stream == "denials/\(Self.losAngeles)")
            let denial = try #require(fixture.accessDenial(event))
            #expect(denial.target == "user/sup-la" && denial.route == "setRoles" && denial.reason?.isEmpty == false)
            #expect(try fixture.services.access.account("sup-la")?.roles == [.supervisor], "the roles did not change")
        }
    }

    @Test func aSupervisorCannotCertifyItself() async throws {
        let fixture = try await ServerFixture()
        let supervisorKey = try await fixture.user("sup-la", ori: Self.losAngeles, roles: [.supervisor], certified: false)
        try await fixture.application().test(.router) { client in
            let refused = try await client.send(.post, "/users/sup-la/certifications", key: supervisorKey, json: #"{"certifiedOn":"20260601"}"#)
            #expect(refused.status == .forbidden)
            let event = try #require(try fixture.event(try refused.json()["eventSequence"]))
            #expect(event.type == "AccessDenied" && event.actor.userID == "sup-la")
            #expect(fixture.accessDenial(event)?.target == "user/sup-la")
            #expect(try fixture.services.access.account("sup-la")?.certifiedOn == nil, "still uncertified")
        }
    }

    @Test func aSupervisorCannotCreateAnAuditorNorPromoteAUserToOne() async throws {
        let fixture = try await ServerFixture()
        let supervisorKey = try await fixture.user("sup-la", ori: Self.losAngeles, roles: [.supervisor])
        _ = try await fixture.user("op-la", ori: Self.losAngeles, roles: [.operator])
        try await fixture.application().test(.router) { client in
            let create = try await client.send(.post, "/users", key: supervisorKey, json: """
                {"userID":"aud-la","agency":"\(Self.losAngeles)","name":"Friendly auditor","roles":["auditor"],"assignedOn":"20260601"}
                """)
            #expect(create.status == .forbidden)
            #expect(try create.json()["rule"] as? String == "above-own-role")
            #expect(try fixture.services.access.account("aud-la") == nil, "no auditor was created")
            let created = try #require(try fixture.event(try create.json()["eventSequence"]))
            #expect(created.type == "AccessDenied" && fixture.accessDenial(created)?.target == "user/aud-la")

            let promote = try await client.send(.put, "/users/op-la/roles", key: supervisorKey, json: #"{"roles":["operator","auditor"]}"#)
            #expect(promote.status == .forbidden)
            #expect(try promote.json()["rule"] as? String == "above-own-role")
            let promoted = try #require(try fixture.event(try promote.json()["eventSequence"]))
            #expect(fixture.accessDenial(promoted)?.target == "user/op-la")
            #expect(try fixture.services.access.account("op-la")?.roles == [.operator])

            // What a supervisor may grant, it still grants: the refusals above are about the role.
            let allowed = try await client.send(.post, "/users", key: supervisorKey, json: """
                {"userID":"off-la","agency":"\(Self.losAngeles)","name":"New officer","roles":["officer"],"assignedOn":"20260601"}
                """)
            #expect(allowed.status == .created, "\(allowed.text.prefix(300))")
        }
    }

    @Test func aLocalAuditorReadsNeitherAnotherAgencysAccessesNorTheWholeLedger() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: Self.losAngeles, roles: [.operator])
        let ownAuditorKey = try await fixture.user("aud-la", ori: Self.losAngeles, roles: [.auditor])
        let otherAuditorKey = try await fixture.user("aud-sac", ori: Self.sacramento, roles: [.auditor])
        let stateAuditorKey = try await fixture.user("aud-doj", ori: "CA0000001", roles: [.auditor], jurisdiction: .state)
        try await fixture.application().test(.router) { client in
            let entered = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let number = try #require((try entered.json()["record"] as? [String: Any])?["number"] as? String)

            let outside = try await client.send(.get, "/records/\(number)/accesses", key: otherAuditorKey)
            #expect(outside.status == .forbidden)
            #expect(try outside.json()["rule"] as? String == "outsideScope")
            #expect(!outside.text.contains("\"accesses\""), "no access list leaves with the refusal")
            let refusal = try #require(try fixture.event(try outside.json()["eventSequence"]))
            #expect(refusal.actor.userID == "aud-sac" && refusal.type == "CommandRejected")

            let stats = try await client.send(.get, "/ledger/stats", key: otherAuditorKey)
            #expect(stats.status == .forbidden)
            #expect(try stats.json()["rule"] as? String == "audit-scope")
            let statsRefusal = try #require(try fixture.event(try stats.json()["eventSequence"]))
            #expect(statsRefusal.type == "AccessDenied" && statsRefusal.actor.userID == "aud-sac")

            // The scope, not the role, refused them: the agency's own and the state's auditors read.
            #expect(try await client.send(.get, "/records/\(number)/accesses", key: ownAuditorKey).status == .ok)
            #expect(try await client.send(.get, "/records/\(number)/accesses", key: stateAuditorKey).status == .ok)
            #expect(try await client.send(.get, "/ledger/stats", key: stateAuditorKey).status == .ok)
            #expect(try await client.send(.get, "/ledger/stats", key: ownAuditorKey).status == .forbidden)
        }
    }

    // MARK: Account takeover (issue 9, defect 3)

    @Test func aManagerCannotSetAnotherUsersPasswordOrSecondFactor() async throws {
        let fixture = try await ServerFixture()
        let supervisorKey = try await fixture.user("sup-la", ori: Self.losAngeles, roles: [.supervisor])
        let seed = try await fixture.enrolledUser("op-la", ori: Self.losAngeles, roles: [.operator])
        let passwordHash = try fixture.services.access.account("op-la")?.passwordHash
        try await fixture.application().test(.router) { client in
            let body = #"{"password":"Chosen-By-The-Boss-42","currentPassword":"\#(ServerFixture.password)"}"#
            for (managerKey, manager) in [(supervisorKey, "sup-la"), (fixture.administratorKey, "admin-tests")] {
                let refused = try await client.send(.post, "/users/op-la/password", key: managerKey, json: body)
                #expect(refused.status == .forbidden, "\(manager): \(refused.text.prefix(200))")
                #expect(try refused.json()["rule"] as? String == "own-password")
                let event = try #require(try fixture.event(try refused.json()["eventSequence"]))
                #expect(event.type == "AccessDenied" && event.actor.userID == manager)
                #expect(fixture.accessDenial(event)?.target == "user/op-la")
            }
            // There is no route that sets someone's second factor at all.
            let secondFactor = try await client.send(.post, "/users/op-la/second-factor", key: fixture.administratorKey)
            #expect(secondFactor.status == .notFound)
            #expect(try fixture.services.access.account("op-la")?.passwordHash == passwordHash, "the password is still the user's own")
            // And the user still logs in with it.
            _ = try await client.session("op-la", seed: seed, fixture: fixture)
        }
    }

    @Test func anAdministratorResetEndsTheVictimsSessionsAndIsRecordedWithTheAdministratorAsActor() async throws {
        let fixture = try await ServerFixture()
        let seed = try await fixture.enrolledUser("op-la", ori: Self.losAngeles, roles: [.operator])
        try await fixture.application().test(.router) { client in
            let session = try await client.session("op-la", seed: seed, fixture: fixture)
            #expect(try await client.send(.get, "/sessions/current", key: nil, headers: session).status == .ok)

            let reset = try await client.send(.post, "/users/op-la/credentials/reset", key: fixture.administratorKey)
            #expect(reset.status == .created, "\(reset.text.prefix(300))")
            let credential = try #require(try reset.json()["oneTimeCredential"] as? String)
            let recorded = try #require(try fixture.services.ledger.read { try $0.streamEvents("user/op-la").last })
            #expect(recorded.type == "CredentialsReset" && recorded.actor.userID == "admin-tests", "the administrator is the actor")

            #expect(try await client.send(.get, "/sessions/current", key: nil, headers: session).status == .unauthorized,
                    "the victim's session ended with the reset")
            fixture.clock.advance(seconds: 30)
            let oldLogin = try await client.send(.post, "/sessions", key: nil, json: """
                {"userID":"op-la","password":"\(ServerFixture.password)","code":"\(SecondFactor.code(seed: seed, at: fixture.clock.now()))"}
                """)
            #expect(oldLogin.status == .unauthorized, "the old password and factor are gone")

            // The user chooses a new password and enrols a new factor, as their own act.
            let start = try await client.send(.post, "/enrolments", key: nil, json: """
                {"userID":"op-la","oneTimeCredential":"\(credential)","password":"Quartz-Meadow-19-Bright"}
                """)
            #expect(start.status == .created, "\(start.text.prefix(300))")
            let newSeed = try #require(try start.json()["seed"] as? String)
            let token = try #require(try start.json()["enrolmentToken"] as? String)
            let confirmed = try await client.send(.post, "/enrolments/confirm", key: nil, json: """
                {"enrolmentToken":"\(token)","code":"\(SecondFactor.code(seed: newSeed, at: fixture.clock.now()))"}
                """)
            #expect(confirmed.status == .created, "\(confirmed.text.prefix(300))")
            let enrolled = try #require(try fixture.services.ledger.read { try $0.streamEvents("user/op-la").last })
            #expect(enrolled.type == "EnrolmentCompleted" && enrolled.actor.userID == "op-la")
            // The credential works once.
            let again = try await client.send(.post, "/enrolments", key: nil, json: """
                {"userID":"op-la","oneTimeCredential":"\(credential)","password":"Another-Good-One-77"}
                """)
            #expect(again.status == .unauthorized)
        }
    }

    // MARK: Refusals on the record (issue 9, defect 4)

    @Test func refusalsAtDecodingLeaveAnEventWithActorAndTarget() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: Self.losAngeles, roles: [.operator])
        let supervisorKey = try await fixture.user("sup-la", ori: Self.losAngeles, roles: [.supervisor])
        try await fixture.application().test(.router) { client in
            let entered = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let number = try #require((try entered.json()["record"] as? [String: Any])?["number"] as? String)

            for (query, field) in [("", "purpose"), ("?purpose=Z", "purpose"), ("?purpose=C&asOfSequence=0", "asOfSequence")] {
                let before = try fixture.lastSequence()
                let refused = try await client.send(.get, "/records/\(number)\(query)", key: operatorKey)
                #expect(refused.status == .badRequest, "\(query): \(refused.text.prefix(200))")
                #expect((try refused.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == field)
                let event = try #require(try fixture.event(try refused.json()["eventSequence"]), "\(query) left no event")
                #expect(event.sequence == before + 1, "one event, and nothing else: no access recorded for a refused read")
                let recorded = try #require(fixture.requestRefusal(event))
                #expect(event.type == "RequestRefused" && event.actor.userID == "op-la" && event.actor.agency == Self.losAngeles)
                #expect(recorded.status == 400 && recorded.target?.contains("number=\(number)") == true, "\(recorded)")
                #expect(recorded.route.hasPrefix("GET /records/") && recorded.reason.contains(field))
            }

            // A role name that does not exist is refused as the body is decoded…
            let unknownRole = try await client.send(.put, "/users/op-la/roles", key: supervisorKey, json: #"{"roles":["superuser"]}"#)
            #expect(unknownRole.status == .badRequest)
            let decoding = try #require(try fixture.event(try unknownRole.json()["eventSequence"]))
            #expect(decoding.type == "RequestRefused" && decoding.actor.userID == "sup-la")
            #expect(fixture.requestRefusal(decoding)?.target == "userID=op-la")
            // …and one that does, above the supervisor's own, by the rule it breaks.
            let administrator = try await client.send(.put, "/users/op-la/roles", key: supervisorKey, json: #"{"roles":["administrator"]}"#)
            #expect(administrator.status == .forbidden)
            let grant = try #require(try fixture.event(try administrator.json()["eventSequence"]))
            #expect(grant.type == "AccessDenied" && grant.actor.userID == "sup-la")
            let denial = try #require(fixture.accessDenial(grant))
            #expect(denial.target == "user/op-la" && denial.rule == "above-own-role" && denial.reason?.contains("administrator") == true)
            #expect(try fixture.services.access.account("op-la")?.roles == [.operator])
        }
    }

    // MARK: Guessing the current password (issue 9, defect 5)

    @Test func wrongCurrentPasswordsCountTowardLockoutAndTheFifthEndsTheSession() async throws {
        let fixture = try await ServerFixture()
        let seed = try await fixture.enrolledUser("off-la", ori: Self.losAngeles, roles: [.officer])
        try await fixture.application().test(.router) { client in
            let session = try await client.session("off-la", seed: seed, fixture: fixture)
            for attempt in 1...5 {
                let before = try fixture.lastSequence()
                let guess = try await client.send(.post, "/users/off-la/password", key: nil, json: """
                    {"password":"Quartz-Meadow-19-Bright","currentPassword":"guess-number-\(attempt)"}
                    """, headers: session)
                #expect(guess.status == .badRequest, "attempt \(attempt): \(guess.text.prefix(200))")
                #expect((try guess.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "currentPassword")
                let recorded = try fixture.events(after: before).map(\.type)
                #expect(recorded == (attempt < 5 ? ["LoginFailed"] : ["LoginFailed", "AccountLocked"]), "attempt \(attempt)")
            }
            #expect(try fixture.services.access.account("off-la")?.isLocked == true)
            #expect(try await client.send(.get, "/sessions/current", key: nil, headers: session).status == .unauthorized,
                    "locking the account ends its sessions")
            fixture.clock.advance(seconds: 30)
            let login = try await client.send(.post, "/sessions", key: nil, json: """
                {"userID":"off-la","password":"\(ServerFixture.password)","code":"\(SecondFactor.code(seed: seed, at: fixture.clock.now()))"}
                """)
            #expect(login.status == .unauthorized, "even the right password opens a locked account no more")
        }
    }
}

extension ServerFixture {
    /// The event a problem's `eventSequence` names, if it names one.
    func event(_ sequence: Any?) throws -> RecordedEvent? {
        guard let sequence = sequence as? Int, sequence > 0 else { return nil }
        return try services.ledger.read { try $0.event(at: UInt64(sequence)) }
    }

    /// The events appended after `sequence`, oldest first.
    func events(after sequence: UInt64) throws -> [RecordedEvent] {
        try services.ledger.read { transaction in
            let last = try transaction.lastSequence()
            guard last > sequence else { return [] }
            return try ((sequence + 1)...last).compactMap { try transaction.event(at: $0) }
        }
    }

    func accessEvent(_ event: RecordedEvent) -> AccessEvent? {
        event.payload.flatMap { try? JSONDecoder().decode(AccessEvent.self, from: Data($0)) }
    }

    /// An `AccessDenied` event's route, rule, target and reason.
    func accessDenial(_ event: RecordedEvent) -> (route: String, rule: String, target: String?, reason: String?)? {
        guard case .accessDenied(let route, let rule, let target, let reason)? = accessEvent(event) else { return nil }
        return (route, rule, target, reason)
    }

    /// A `RequestRefused` event's route, status, target and reason.
    func requestRefusal(_ event: RecordedEvent) -> (route: String, status: Int, target: String?, reason: String)? {
        guard case .requestRefused(let route, let status, let target, let reason)? = accessEvent(event) else { return nil }
        return (route, status, target, reason)
    }
}

extension TestClientProtocol {
    /// Logs `userID` in over HTTP with the fixture's password and the code of the next TOTP
    /// step (a code works once), and returns the session's `Authorization` header.
    func session(_ userID: String, seed: String, fixture: ServerFixture) async throws -> HTTPFields {
        fixture.clock.advance(seconds: 30)
        let code = SecondFactor.code(seed: seed, at: fixture.clock.now())
        let login = try await send(.post, "/sessions", key: nil, json: #"{"userID":"\#(userID)","password":"\#(ServerFixture.password)","code":"\#(code)"}"#)
        #expect(login.status == .created, "\(userID) could not log in: \(login.text.prefix(300))")
        return [.authorization: "Bearer \(try login.json()["token"] as? String ?? "")"]
    }
}
