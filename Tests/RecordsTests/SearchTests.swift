import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

@Suite("Audited searches")
struct SearchTests {
    /// A small population: John Doe wanted, under an order, registered and licensed; a stolen
    /// car, gun, article and plate; a missing girl; and other people with similar names.
    static func population() async throws -> (RecordsFixture, [String: RecordNumber]) {
        let fixture = try RecordsFixture()
        var numbers: [String: RecordNumber] = [:]
        let john = Samples.person("SMITH, JOHN ALLEN", born: "19800115", stateID: "A1111111", fbi: "123456AB1")
        numbers["person"] = try await fixture.enter(.person(john)).number
        numbers["want"] = try await fixture.enter(Samples.wanted(john)).number
        numbers["order"] = try await fixture.enter(Samples.order(restrained: john), by: RecordsFixture.court).number
        numbers["registration"] = try await fixture.enter(Samples.registration(owner: john)).number
        numbers["licence"] = try await fixture.enter(Samples.licence(holder: john)).number
        numbers["history"] = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: numbers["person"]!, subject: john))).number
        numbers["vehicle"] = try await fixture.enter(Samples.stolenVehicle()).number
        numbers["gun"] = try await fixture.enter(Samples.stolenGun()).number
        numbers["article"] = try await fixture.enter(Samples.stolenArticle()).number
        numbers["plate"] = try await fixture.enter(Samples.stolenPlate()).number
        numbers["missing"] = try await fixture.enter(Samples.missing()).number
        numbers["smythe"] = try await fixture.enter(.person(Samples.person("SMITHE, JON", born: "19800301", stateID: "A2222222"))).number
        numbers["old smith"] = try await fixture.enter(.person(Samples.person("SMITH, JOHN", born: "19500115", stateID: "A3333333"))).number
        numbers["jane smith"] = try await fixture.enter(.person(Samples.person("SMITH, JANE", born: "19800115", sex: "F", stateID: "A4444444"))).number
        numbers["jones"] = try await fixture.enter(.person(Samples.person("JONES, JOHN", born: "19800115", stateID: "A5555555"))).number
        return (fixture, numbers)
    }

    @Test func oneNameInquiryAnswersAcrossEveryKind() async throws {
        let (fixture, numbers) = try await Self.population()
        let answer = try await fixture.query(.name(last: "SMITH", first: "JOHN", dateOfBirth: Samples.date("19800115"), sex: "M", toleranceDays: 365))
        let found = Set(answer.hits.map(\.number))
        for name in ["person", "want", "order", "registration", "licence", "history"] {
            #expect(found.contains(numbers[name]!), "\(name)")
        }
        #expect(found.contains(numbers["smythe"]!), "SMITHE sounds like SMITH and was born within the window")
        #expect(!found.contains(numbers["old smith"]!), "born thirty years earlier")
        #expect(!found.contains(numbers["jane smith"]!), "another sex")
        #expect(!found.contains(numbers["jones"]!), "another name")
        let scores = answer.hits.compactMap(\.score)
        #expect(scores == scores.sorted(by: >))
        #expect(answer.hits.last?.number == numbers["smythe"], "a spelling variant ranks below the exact name")
    }

    @Test(arguments: [
        ("stateID", RecordQuery.stateID("A1111111"), ["person", "want", "order", "registration", "licence", "history"]),
        ("fbi", .fbiNumber("123456AB1"), ["person", "want", "order", "registration", "licence", "history"]),
        ("plate", .plate("7ABC123", state: "CA"), ["vehicle"]),
        ("registered plate", .plate("6DEF456", state: "CA"), ["registration"]),
        ("vin", .vin(Samples.validVIN), ["vehicle"]),
        ("vin last 8", .vin("3A004352"), ["vehicle"]),
        ("licence", .licence("D1234567", state: "CA"), ["person", "want", "order", "registration", "licence", "history", "missing", "smythe", "old smith", "jane smith", "jones"]),
        ("gun", .gunSerial("ABC12345"), ["gun"]),
        ("article", .articleSerial("SN998877"), ["article"]),
        ("order", .fileControlNumber("1234567890123"), ["order"]),
        ("case", .caseNumber("24-000789"), ["vehicle"]),
    ] as [(String, RecordQuery, [String])])
    func keyInquiriesFindExactlyTheirRecords(name: String, query: RecordQuery, expected: [String]) async throws {
        let (fixture, numbers) = try await Self.population()
        let answer = try await fixture.query(query)
        #expect(Set(answer.hits.map(\.number)) == Set(expected.map { numbers[$0]! }), "\(name)")
    }

    @Test func everyAnswerLeavesItsAccessEventFirst() async throws {
        let (fixture, numbers) = try await Self.population()
        let answer = try await fixture.query(.gunSerial("ABC12345"))
        try fixture.ledger.read { transaction throws in
            let event = try #require(try transaction.event(at: answer.accessSequence))
            #expect(event.type == "RecordsQueried")
            #expect(event.stream == "access/off-la-1")
            #expect(event.actor == RecordsFixture.losAngeles)
            let access = try AccessRecord(canonicalJSON: event.payload ?? [])
            #expect(access.read == .search)
            #expect(access.query == .gunSerial("ABC12345"))
            #expect(access.context.purpose == .criminalJustice && access.context.caseNumber == "24-000777")
            #expect(access.position == answer.position && access.position < answer.accessSequence)
            #expect(access.results == [ReturnedRecord(number: numbers["gun"]!, version: 1)])
        }
        let accesses = try await fixture.service.accesses(to: numbers["gun"]!, context: QueryContext(purpose: .administrative), by: RecordsFixture.court).accesses
        #expect(accesses.map(\.sequence) == [answer.accessSequence])
        #expect(accesses.first?.actor.userID == "off-la-1")
    }

    @Test func aQueryWithoutItsCaseNumberIsRefusedAndLogged() async throws {
        let fixture = try RecordsFixture()
        let before = try fixture.ledger.read { try $0.lastSequence() }
        let error = await #expect(throws: RecordRejection.self) {
            try await fixture.service.search(.stateID("A1"), context: QueryContext(purpose: .criminalJustice), by: RecordsFixture.losAngeles)
        }
        #expect(error?.problems.first?.field == "caseNumber")
        #expect(try fixture.ledger.read { try $0.lastSequence() } == before + 1)
        let administrative = try await fixture.service.search(.stateID("A1"), context: QueryContext(purpose: .administrative), by: RecordsFixture.losAngeles)
        #expect(administrative.hits.isEmpty)
        await #expect(throws: RecordRejection.self) {
            try await fixture.service.search(.plate("ABC", state: "QQ"), context: QueryContext(purpose: .administrative), by: RecordsFixture.losAngeles)
        }
    }

    @Test func aPastAnswerIsRederivedFromTheLogAtItsPosition() async throws {
        let (fixture, numbers) = try await Self.population()
        let answer = try await fixture.query(.name(last: "SMITH", first: "JOHN", dateOfBirth: Samples.date("19800115"), sex: nil, toleranceDays: 365))
        // Later changes must not alter what the earlier answer re-derives to.
        try await fixture.service.execute(
            .cancel(numbers["want"]!, reason: "RECALLED", identifierAsEntered: "SMITH, JOHN ALLEN"), by: RecordsFixture.sacramento)
        try await fixture.enter(.person(Samples.person("SMITH, JOHNNY", born: "19800115", stateID: "A9999999")))
        let rederivation = try fixture.service.rederive(accessSequence: answer.accessSequence)
        #expect(rederivation.recorded == answer.hits.map { ReturnedRecord(number: $0.number, version: $0.record.version) })
        #expect(rederivation.matches, "\(rederivation)")
    }
}

@Suite("Time travel and history")
struct TimeTravelTests {
    @Test func aRecordAsOfAnySequenceOrTime() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let entered = try #require(try fixture.service.record(want.number))
        fixture.clock.advance(hours: 2)
        var subject = Samples.person()
        subject.weight = 200
        try await fixture.service.execute(.modify(want.number, Samples.wanted(subject), expectedVersion: 1), by: RecordsFixture.sacramento)
        fixture.clock.advance(hours: 2)
        try await fixture.service.execute(.clear(want.number, ClearDetails(clearedOn: fixture.today, how: "APPREHENDED")), by: RecordsFixture.sacramento)

        let history = try await fixture.history(want.number)
        #expect(history.map(\.type) == ["RecordEntered", "RecordModified", "RecordCleared"])
        #expect(history.map(\.version) == [1, 2, 3])
        let asOfFirst = try #require(try await fixture.read(want.number, .recordAsOfSequence(history[0].sequence)))
        #expect(asOfFirst.record == entered.record)
        #expect(asOfFirst.status.state == .active)
        let atModify = try #require(try await fixture.read(want.number, .recordAsOfTime(history[1].recordedAt.adding(seconds: 60))))
        #expect(atModify.record.facts.subject?.weight == 200 && atModify.status.state == .active)
        #expect(try await fixture.read(want.number, .recordAsOfTime(RecordsFixture.start.adding(seconds: -1))) == nil)
        #expect(try await fixture.read(want.number)?.status.state == .cleared)
    }
}
