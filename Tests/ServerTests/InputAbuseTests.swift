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

/// Issue 9's hostile input replayed through the real HTTP routes, one test per defect and
/// named after it: a flood of junk credentials, login answers that tell account state, bodies
/// of the wrong shape, control and bidirectional characters, requests nobody can follow.
@Suite("Abuse through the HTTP API: floods and hostile input")
struct InputAbuseTests {
    // MARK: A junk-token flood (issue 9, defect 6)

    @Test func aJunkTokenFloodGrowsTheLedgerByABoundedCountAndStoresNoLongPath() async throws {
        let fixture = try await ServerFixture()
        let floodSize = 500
        let longPath = "/records/" + String(repeating: "A", count: 7_000)
        let before = try fixture.lastSequence()
        try await fixture.application().test(.router) { client in
            for attempt in 0..<floodSize {
                // Half bogus session tokens, half bogus API keys, all at a 7,000-character path.
                let headers: HTTPFields = attempt.isMultiple(of: 2)
                    ? [.authorization: "Bearer junk-token-\(attempt)"] : [HTTPField.Name("X-API-Key")!: "blk_junk-\(attempt)"]
                let response = try await client.send(.get, longPath, key: nil, headers: headers)
                #expect(response.status == .unauthorized, "attempt \(attempt): \(response.status)")
            }
        }
        let duringFlood = try fixture.events(after: before)
        // One failure recorded as it came (at most one such event a second across every
        // address); the other 499 counted in memory, not appended one by one.
        #expect(duringFlood.count <= 2, "the flood appended \(duringFlood.count) events: \(duringFlood.map(\.type))")
        #expect(duringFlood.map(\.type).allSatisfy { $0 == "AuthenticationFailed" })
        for event in duringFlood {
            guard case .authenticationFailed(let route, _)? = fixture.accessEvent(event) else {
                Issue.record("\(event.type) at \(event.sequence) is not an authentication failure")
                continue
            }
            #expect(route.count <= 64, "the stored route is \(route.count) characters")
            #expect((event.payload?.count ?? 0) < 1_024)
        }

        // When the window ends, the counted failures are recorded once, as a count.
        fixture.clock.advance(seconds: 61)
        try await fixture.services.access.flushAuthenticationFailures()
        let summary = try fixture.events(after: before).dropFirst(duringFlood.count)
        #expect(summary.map(\.type) == ["AuthenticationFailuresCounted"])
        guard let event = summary.first, case .authenticationFailuresCounted(let counted)? = fixture.accessEvent(event) else {
            Issue.record("no count of the flood was recorded")
            return
        }
        let total = counted.addresses.reduce(counted.otherFailures) { $0 + $1.count }
        #expect(total + duringFlood.count == floodSize, "every failure is on the record, recorded or counted")
        #expect(counted.addresses.flatMap(\.routes).allSatisfy { $0.count <= 64 })
        #expect((event.payload?.count ?? 0) < 2_048)
    }

    // MARK: Login answers (issue 9, defect 7)

    @Test func loginAnswersAreOneGenericMessageForWrongPasswordLockedDisabledAndUnknownUsers() async throws {
        let fixture = try await ServerFixture()
        let activeSeed = try await fixture.enrolledUser("off-active", ori: "CA0194200", roles: [.officer])
        let lockedSeed = try await fixture.enrolledUser("off-locked", ori: "CA0194200", roles: [.officer])
        let disabledSeed = try await fixture.enrolledUser("off-disabled", ori: "CA0194200", roles: [.officer])
        _ = try await fixture.services.access.disable(
            "off-disabled", reason: "under investigation IA-2026-17", by: fixture.administrator(), clientAddress: "test")
        try await fixture.application().test(.router) { client in
            func login(_ userID: String, password: String, seed: String?) async throws -> TestResponse {
                fixture.clock.advance(seconds: 30)
                let code = seed.map { SecondFactor.code(seed: $0, at: fixture.clock.now()) } ?? "123456"
                return try await client.send(.post, "/sessions", key: nil, json: #"{"userID":"\#(userID)","password":"\#(password)","code":"\#(code)"}"#)
            }
            for _ in 1...5 { _ = try await login("off-locked", password: "Wrong-password-1", seed: lockedSeed) }
            #expect(try fixture.services.access.account("off-locked")?.isLocked == true)

            // The locked and the disabled accounts are given their right password and code:
            // even then the answer must not tell why they cannot log in.
            let answers = [
                ("wrong password", try await login("off-active", password: "Wrong-password-1", seed: activeSeed)),
                ("locked", try await login("off-locked", password: ServerFixture.password, seed: lockedSeed)),
                ("disabled", try await login("off-disabled", password: ServerFixture.password, seed: disabledSeed)),
                ("unknown user", try await login("nobody-here", password: ServerFixture.password, seed: nil)),
                ("malformed user id", try await login("Nobody Here!", password: ServerFixture.password, seed: nil)),
            ]
            for (name, answer) in answers {
                #expect(answer.status == .unauthorized, "\(name): \(answer.status)")
                #expect(answer.text == answers[0].1.text, "\(name) answers differently: \(answer.text)")
                for revealing in ["IA-2026-17", "investigation", "locked", "disabled", "unknown", "exist"] {
                    #expect(!answer.text.lowercased().contains(revealing.lowercased()), "\(name) reveals \(revealing)")
                }
            }
            // The reason is kept, in the event.
            let disabled = try fixture.services.ledger.read { try $0.streamEvents("auth/off-disabled").last }
            #expect(disabled?.type == "LoginFailed")
            let reason = String(decoding: disabled?.payload ?? [], as: UTF8.self)
            #expect(reason.contains("IA-2026-17"))
        }
    }

    // MARK: Malformed input (issue 9, low: every error a problem naming the field)

    @Test func malformedInputAnswersAProblemNamingTheField() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            let entered = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted())
            let number = try #require((try entered.json()["record"] as? [String: Any])?["number"] as? String)
            let cases: [(name: String, uri: String, body: String?, field: String)] = [
                ("a fractional weight", "/records", Bodies.wanted().replacingOccurrences(of: #""weight":180"#, with: #""weight":180.5"#), "facts.subject.weight"),
                ("a negative version", "/records/\(number)/modify", #"{"expectedVersion":-1,"record":\#(Bodies.wanted())}"#, "expectedVersion"),
                ("an unknown kind", "/records", Bodies.wanted().replacingOccurrences(of: "wantedPerson", with: "robot"), "kind"),
                ("an unknown classification", "/records", Bodies.wanted().replacingOccurrences(of: #""felony""#, with: #""treason""#), "facts.classification"),
                ("an impossible date", "/records/\(number)?purpose=C&caseNumber=24-1&asOf=2026-02-30T00:00:00Z", nil, "asOf"),
            ]
            for (name, uri, body, field) in cases {
                let response = try await client.send(body == nil ? .get : .post, uri, key: operatorKey, json: body)
                #expect(response.status == .badRequest, "\(name): \(response.status) \(response.text.prefix(300))")
                #expect(response.headers[.contentType] == "application/problem+json", "\(name)")
                let errors = try response.json()["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["field"] as? String == field, "\(name): \(response.text.prefix(300))")
                let message = errors.first?["message"] as? String ?? ""
                // What the client sent is named; how Swift decodes it is not.
                for swiftName in ["not valid JSON", "Cannot initialize", "RecordKind", "Classification", "String value", "Int", "UInt32", "CodingKeys"] {
                    #expect(!message.contains(swiftName), "\(name): the message shows \(swiftName): \(message)")
                }
            }
            let unknownKind = try await client.send(.post, "/records", key: operatorKey, json: Bodies.wanted().replacingOccurrences(of: "wantedPerson", with: "robot"))
            #expect(unknownKind.text.contains("wantedPerson"), "the message lists the accepted values")
        }
    }

    @Test func aWrongMethodAnswers405WithAllow() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            for (method, uri, allowed) in [
                (HTTPRequest.Method.delete, "/records/W0000000001", "GET"), (.put, "/health", "GET"), (.get, "/records", "POST"),
                (.get, "/users/op-la/roles", "PUT"), (.patch, "/sessions/current", "DELETE, GET"),
            ] {
                let response = try await client.send(method, uri, key: operatorKey)
                #expect(response.status == .methodNotAllowed, "\(method) \(uri): \(response.status)")
                #expect(response.headers[.allow] == allowed, "\(method) \(uri)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            #expect(try await client.send(.get, "/no-such-route", key: operatorKey).status == .notFound, "a path no route has is still 404")
        }
    }

    // MARK: Control characters and bidirectional overrides (issue 9, defect 9)

    @Test func controlCharactersAndBidirectionalOverridesAreRefusedNamingTheField() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            // Escaped in the JSON, and raw in its UTF-8: "PC 459 ‮YRALGRUB" displays as "PC 459 BURGLARY".
            for offense in [#"PC 459 \u202EYRALGRUB"#, "PC 459 \u{202E}YRALGRUB", #"PC 459\r\nBURGLARY"#, #"PC 459 \u001B[8mBURGLARY"#] {
                let body = Bodies.wanted().replacingOccurrences(of: "PC 459 BURGLARY", with: offense)
                #expect(body != Bodies.wanted())
                let before = try fixture.lastSequence()
                let refused = try await client.send(.post, "/records", key: operatorKey, json: body)
                #expect([400, 422].contains(refused.status.code), "\(offense.debugDescription): \(refused.status) \(refused.text.prefix(200))")
                let errors = try refused.json()["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == "facts.offense" }, "\(offense.debugDescription): \(refused.text.prefix(300))")
                #expect(try fixture.events(after: before).map(\.type) == ["CommandRejected"], "no record was entered")
            }

            for (name, field) in [(#"LAPD\u0000"#, "name"), (#"LA\nPD"#, "name"), (#"\u202EDPAL"#, "name")] {
                let refused = try await client.send(.post, "/agencies", key: fixture.administratorKey, json: #"{"ori":"CA0194201","name":"\#(name)","access":"full"}"#)
                #expect([400, 422].contains(refused.status.code), "\(name): \(refused.status) \(refused.text.prefix(200))")
                #expect((try refused.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(name)")
                #expect(try fixture.event(try refused.json()["eventSequence"])?.type == "AccessDenied", "the refusal is on the record")
            }
            #expect(try fixture.services.access.agency("CA0194201") == nil)

            // Decomposed text is not refused but composed: the agency is stored in NFC.
            let decomposed = try await client.send(.post, "/agencies", key: fixture.administratorKey, json: "{\"ori\":\"CA0194201\",\"name\":\"Los A\u{301}ngeles PD\",\"access\":\"full\"}")
            #expect(decomposed.status == .created, "\(decomposed.text.prefix(200))")
            #expect(try fixture.services.access.agency("CA0194201")?.name.unicodeScalars.elementsEqual("Los \u{C1}ngeles PD".unicodeScalars) == true)
        }
    }

    // MARK: Key files (issue 9, defect 8; the TLS versions and suites are checked by Tools/abuse)

    @Test func aWorldReadablePrivateKeyIsRefusedBeforeTheLedgerIsOpened() throws {
        let directory = TemporaryDirectory()
        let key = directory.path + "/key.pem"
        #expect(FileManager.default.createFile(atPath: key, contents: Data("not read".utf8), attributes: [.posixPermissions: 0o644]))
        var configuration = ServerConfiguration()
        configuration.tlsCertificatePath = directory.path + "/certificate.pem"
        configuration.tlsPrivateKeyPath = key
        // `blotter serve` checks its configuration before it opens the ledger: the check itself
        // must refuse the key, not only the building of the TLS server after it.
        let refusal = #expect(throws: ServerConfigurationError.self) { try configuration.check() }
        #expect(refusal?.description.contains("readable by others") == true && refusal?.description.contains("chmod 600") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        try configuration.check()
    }

    // MARK: Following a request (issue 9, low: one log line per request)

    @Test func everyResponseCarriesARequestID() async throws {
        let fixture = try await ServerFixture()
        let operatorKey = try await fixture.user("op-la", ori: "CA0194200", roles: [.operator])
        try await fixture.application().test(.router) { client in
            let requests: [(HTTPRequest.Method, String, String?, String?)] = [
                (.get, "/health", nil, nil),
                (.get, "/sessions/current", nil, nil),
                (.get, "/ledger/stats", operatorKey, nil),
                (.get, "/no-such-route", operatorKey, nil),
                (.put, "/health", nil, nil),
                (.post, "/records", operatorKey, "{not json"),
                (.post, "/records", operatorKey, Bodies.wanted()),
                (.post, "/records", operatorKey, String(repeating: " ", count: 300_000) + "{}"),
                (.post, "/sessions", nil, #"{"userID":"nobody-here","password":"Wrong-password-1","code":"123456"}"#),
            ]
            var identifiers: Set<String> = []
            for (method, uri, key, body) in requests {
                let response = try await client.send(method, uri, key: key, json: body)
                let identifier = response.headers[HTTPField.Name("X-Request-Id")!] ?? ""
                #expect(identifier.count == 16 && identifier.allSatisfy(\.isHexDigit), "\(method) \(uri) (\(response.status)): \(identifier.debugDescription)")
                identifiers.insert(identifier)
            }
            #expect(identifiers.count == requests.count, "each request has its own id")
        }
    }
}
