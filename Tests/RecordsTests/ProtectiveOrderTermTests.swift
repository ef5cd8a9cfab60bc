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
