import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Each type of protective order runs its term at most, from the day it is issued or renewed;
/// emergency and temporary orders always end.
@Suite("Protective order terms")
struct ProtectiveOrderTermTests {
    /// An order against a person of its own (orders against one person with one file control
    /// number would be duplicates).
    static func order(_ type: ProtectiveOrderFacts.OrderType, temporary: Bool, issued: String, expires: String?, number: Int = 0) -> RecordFacts {
        let restrained = Samples.person("RESTRAINED, NUMBER", stateID: "R" + String(10_000_000 + number))
        guard case .protectiveOrder(var facts) = Samples.order(fcn: String(1_000_000_000_000 + number), restrained: restrained) else { preconditionFailure() }
        facts.orderType = type
        facts.isTemporary = temporary
        facts.issuedOn = Samples.date(issued)
        facts.expiresOn = expires.map(Samples.date)
        return .protectiveOrder(facts)
    }

    /// Each type and kind, its last allowed day from 2026-05-31 (the fixture's day before today).
    static let limits: [(ProtectiveOrderFacts.OrderType, Bool, String)] = [
        (.emergency, false, "20260607"), (.emergency, true, "20260607"),
        (.domesticViolence, true, "20260625"), (.domesticViolence, false, "20310531"),
        (.elderOrDependentAdultAbuse, false, "20310531"), (.civilHarassment, true, "20260625"),
        (.workplaceViolence, true, "20260625"), (.workplaceViolence, false, "20290531"),
        (.gunViolence, true, "20260621"), (.gunViolence, false, "20310531"),
        (.criminalProtective, false, "20360531"), (.criminalProtective, true, "20360531"),
    ]

    @Test func anOrderRunsItsTypesTermAtMost() async throws {
        let fixture = try RecordsFixture()
        for (index, (type, temporary, last)) in Self.limits.enumerated() {
            _ = try await fixture.enter(Self.order(type, temporary: temporary, issued: "20260531", expires: last, number: index), by: RecordsFixture.court)
            guard case .protectiveOrder(var order) = Self.order(type, temporary: temporary, issued: "20260531", expires: last, number: 100 + index)
            else { return }
            order.expiresOn = Samples.date(last).adding(days: 1)
            let rejection = try await fixture.rejection(.enter(.protectiveOrder(order)), by: RecordsFixture.court)
            #expect(rejection.problems.first?.field == "expiresOn", "\(type) \(temporary)")
            #expect(rejection.problems.first?.message.contains("until \(last)") == true, "\(rejection.problems)")
        }
    }

    @Test func emergencyAndTemporaryOrdersMustEndAndRenewalsRunTheTermAgain() async throws {
        let fixture = try RecordsFixture()
        let endless = try await fixture.rejection(.enter(Self.order(.emergency, temporary: false, issued: "20260531", expires: nil)), by: RecordsFixture.court)
        #expect(endless.problems.first?.field == "expiresOn" && endless.problems.first?.message.contains("must give the day it expires") == true)
        // An order after hearing may carry no expiry (renewed permanently, NCIC's NONX).
        _ = try await fixture.enter(Self.order(.domesticViolence, temporary: false, issued: "20260531", expires: nil, number: 1), by: RecordsFixture.court)
        // A renewal counts the term from the day it is made (today, 2026-06-01).
        let workplace = try await fixture.enter(Self.order(.workplaceViolence, temporary: false, issued: "20260531", expires: "20270531", number: 2),
                                                by: RecordsFixture.court)
        let tooLong = try await fixture.rejection(.renewOrder(workplace.number, expiresOn: Samples.date("20290602")), by: RecordsFixture.court)
        #expect(tooLong.problems.first?.field == "expiresOn" && tooLong.problems.first?.message.contains("3 years at most") == true, "\(tooLong.problems)")
        let renewed = try await fixture.service.execute(.renewOrder(workplace.number, expiresOn: Samples.date("20290601")), by: RecordsFixture.court)
        guard case .protectiveOrder(let facts) = renewed.facts else { Issue.record("not an order"); return }
        #expect(facts.expiresOn == Samples.date("20290601"))
    }

    @Test func leapDaysMoveToTheLastDayOfFebruary() {
        #expect(ProtectiveOrderTerm.years(5).latestExpiry(from: Samples.date("20280229")) == Samples.date("20330228"))
        #expect(ProtectiveOrderTerm.years(4).latestExpiry(from: Samples.date("20280229")) == Samples.date("20320229"))
        #expect(ProtectiveOrderTerm.days(7).latestExpiry(from: Samples.date("20261228")) == Samples.date("20270104"))
    }
}

/// NCIC's missing-person categories and their age limits (under 21 for a juvenile; 21 or more
/// for "other"), each refusal saying the limit it applied.
@Suite("Missing person categories")
struct MissingPersonCategoryTests {
    static func missing(_ category: MissingPersonFacts.Category, born: String, lastSeen: String = "20260530") -> RecordFacts {
        .missingPerson(MissingPersonFacts(
            subject: Samples.person("ROE, JANE", born: born, sex: "F", stateID: nil), category: category,
            dateOfLastContact: Samples.date(lastSeen), circumstances: "LEFT HOME", caseNumber: "24-000456"))
    }

    @Test func aJuvenileIsUnder21AndOtherIs21OrMore() async throws {
        let fixture = try RecordsFixture()
        // Twenty the day before the 21st birthday: still a juvenile (the old rule said 18 by year).
        _ = try await fixture.enter(Self.missing(.juvenile, born: "20050531"))
        let adult = try await fixture.rejection(.enter(Self.missing(.juvenile, born: "20050530")))
        #expect(adult.problems.first?.field == "category" && adult.problems.first?.message.contains("under 21 when last seen; this person was 21") == true,
                "\(adult.problems)")
        let young = try await fixture.rejection(.enter(Self.missing(.other, born: "20100304")))
        #expect(young.problems.first?.field == "category" && young.problems.first?.message.contains("21 or more") == true, "\(young.problems)")
        _ = try await fixture.enter(Self.missing(.other, born: "19800101"))
        // The other categories are of any age.
        _ = try await fixture.enter(Self.missing(.endangered, born: "20180101"))
        _ = try await fixture.enter(Self.missing(.disability, born: "19400101"))
    }

    @Test func agesCountFullYears() {
        #expect(Samples.date("20050531").age(on: Samples.date("20260530")) == 20)
        #expect(Samples.date("20050530").age(on: Samples.date("20260530")) == 21)
        #expect(Samples.date("20080229").age(on: Samples.date("20260228")) == 17)
        #expect(Samples.date("20080229").age(on: Samples.date("20260301")) == 18)
    }
}
