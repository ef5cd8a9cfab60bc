import Foundation
import Testing
@testable import blotter

/// The misuse report's HTML page: self-contained, a bar per day and per signal, every finding,
/// and every value escaped (user ids and summaries come from the ledger).
@Suite("Misuse report page")
struct MisuseReportPageTests {
    static var answer: [String: Any] { [
        "position": 120, "reportSequence": 121,
        "report": [
            "from": "2026-11-25T00:00:00.000000Z", "to": "2026-12-02T00:00:00.000000Z", "scope": "statewide", "accessesExamined": 57,
            "days": [["date": "20261125", "accesses": 20], ["date": "20261126", "accesses": 7], ["date": "20261127", "accesses": 30]],
            "thresholds": ["spikeMinimumAccesses": 20, "distinctUsersPerRecordPerDay": 5],
            "findings": [
                ["signal": "volumeSpike", "userID": "off-<script>alert(1)</script>", "agency": "CA0194200",
                 "summary": "off-30 made 30 searches & reads on 20261127", "events": [90, 91, 92], "eventCount": 3],
                ["signal": "noCaseNumber", "userID": "off-9", "summary": "1 of 1 searches", "events": [7], "eventCount": 1],
            ],
        ] as [String: Any],
    ] }

    @Test func thePageHoldsTheChartsAndEveryFindingWithEveryValueEscaped() throws {
        let page = try MisuseReportPage.render(Self.answer)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.components(separatedBy: "<rect class=\"bar\"").count - 1 == 3 + MisuseReportPage.signals.count)
        #expect(page.contains("57 searches and reads examined; 2 findings"))
        #expect(page.contains("off-30 made 30 searches &amp; reads on 20261127"))
        #expect(page.contains("90, 91, 92"))
        #expect(!page.contains("<script>") && page.contains("&lt;script&gt;"), "a user id is text, never markup")
        #expect(!page.contains("http://") || !page.contains("src="), "no external asset")
        #expect(page.contains("spikeMinimumAccesses"))
    }

    @Test func anEmptyPeriodSaysSo() throws {
        let page = try MisuseReportPage.render(["position": 3, "reportSequence": 4, "report": ["scope": "CA0194200", "accessesExamined": 0, "days": [], "findings": []] as [String: Any]])
        #expect(page.contains("No reads in the period.") && page.contains("No finding in the period."))
    }
}
