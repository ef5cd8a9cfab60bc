import Foundation
import Mustache
import Records

/// The misuse report as a self-contained HTML page an auditor files for the weekly review:
/// the period, the reads per day and the findings per signal as inline SVG bar charts, every
/// finding with its events, and the thresholds; no external asset, printable to PDF. Rendered
/// from the route's JSON alone by a Mustache template (`MisuseReportTemplate`), which escapes
/// every value.
enum MisuseReportPage {
    static let signals = MisuseReport.Signal.allCases.map(\.rawValue)
    static let chartWidth = 640.0
    static let chartHeight = 160.0

    static func render(_ answer: [String: Any]) throws -> String {
        let template = try MustacheTemplate(string: MisuseReportTemplate.text)
        return template.render(context(answer))
    }

    /// What the template reads: plain dictionaries and arrays of strings and numbers.
    static func context(_ answer: [String: Any]) -> [String: Any] {
        let report = answer["report"] as? [String: Any] ?? [:]
        let findings = report["findings"] as? [[String: Any]] ?? []
        let days = (report["days"] as? [[String: Any]] ?? []).map { ($0["date"] as? String ?? "?", $0["accesses"] as? Int ?? 0) }
        let perSignal = signals.map { signal in (signal, findings.filter { $0["signal"] as? String == signal }.count) }
        let thresholds = (report["thresholds"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { ["name": $0.key, "value": "\($0.value)"] }
        return [
            "period": "\(report["from"] as? String ?? "the start of the ledger") to \(report["to"] as? String ?? "the moment it was read")",
            "scope": "\(report["scope"] ?? "?")",
            "position": "\(answer["position"] ?? "?")",
            "reportSequence": "\(answer["reportSequence"] ?? "?")",
            "examined": "\(report["accessesExamined"] ?? 0)",
            "findingCount": "\(findings.count)",
            "dayChart": barChart(days),
            "signalChart": barChart(perSignal),
            "hasFindings": !findings.isEmpty,
            "findings": findings.map(findingRow),
            "thresholds": thresholds,
        ]
    }

    private static func findingRow(_ finding: [String: Any]) -> [String: Any] {
        let events = (finding["events"] as? [Any] ?? []).map { "\($0)" }
        let count = finding["eventCount"] as? Int ?? events.count
        let shown = events.prefix(40).joined(separator: ", ") + (count > 40 ? " … (\(count) events)" : "")
        return [
            "signal": finding["signal"] as? String ?? "?",
            "user": finding["userID"] as? String ?? "",
            "agency": finding["agency"] as? String ?? "",
            "record": finding["number"] as? String ?? "",
            "summary": finding["summary"] as? String ?? "",
            "events": shown,
        ]
    }

    /// Bars for the template: position and size in the chart's coordinates, and their labels.
    static func barChart(_ values: [(label: String, value: Int)]) -> [String: Any] {
        let largest = max(values.map(\.value).max() ?? 0, 1)
        let slot = values.isEmpty ? chartWidth : chartWidth / Double(values.count)
        let bars: [[String: Any]] = values.enumerated().map { index, item in
            let height = (chartHeight - 20) * Double(item.value) / Double(largest)
            return [
                "x": format(Double(index) * slot + slot * 0.1), "width": format(slot * 0.8),
                "y": format(chartHeight - 20 - height), "height": format(height),
                "labelX": format(Double(index) * slot + slot / 2), "valueY": format(max(chartHeight - 24 - height, 10)),
                "label": item.label, "value": "\(item.value)",
            ]
        }
        return ["width": format(chartWidth), "height": format(chartHeight), "labelY": format(chartHeight - 6), "bars": bars, "empty": values.isEmpty]
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
