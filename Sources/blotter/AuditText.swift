import Foundation

/// The audit answers as an auditor reads them on a terminal: one line per event, oldest first.
/// A rendering of the route's JSON (`--json` prints that JSON itself), computed from it alone.
enum AuditText {
    static func subject(_ answer: [String: Any]) -> String {
        var lines = ["subject \(query(answer["subject"])) at position \(answer["position"] ?? "?") (this investigation: event \(answer["accessSequence"] ?? "?"))"]
        let records = answer["records"] as? [[String: Any]] ?? []
        lines.append("records (\(records.count)):")
        for hit in records {
            let record = hit["record"] as? [String: Any] ?? [:]
            let facts = record["facts"] as? [String: Any] ?? [:]
            let state = (hit["status"] as? [String: Any])?["state"] ?? "?"
            lines.append("  \(record["number"] ?? "?") \(facts["kind"] ?? "?") owner \(record["owner"] ?? "?") v\(record["version"] ?? "?") \(state)")
        }
        return (lines + timeline(answer["timeline"])).joined(separator: "\n")
    }

    static func record(_ answer: [String: Any]) -> String {
        (["record \(answer["number"] ?? "?") at position \(answer["position"] ?? "?") (this read: event \(answer["accessSequence"] ?? "?"))"]
            + timeline(answer["timeline"])).joined(separator: "\n")
    }

    static func activity(_ answer: [String: Any]) -> String {
        let entries = answer["entries"] as? [[String: Any]] ?? []
        var lines = ["activity of \(query(answer["subject"])) at position \(answer["position"] ?? "?") (this investigation: event \(answer["accessSequence"] ?? "?")): \(entries.count) events"]
        for entry in entries {
            var line = "  " + head(entry) + " " + (entry["type"] as? String ?? "?")
            if let access = entry["access"] as? [String: Any] {
                line += " " + accessSummary(access)
            } else if let details = entry["details"] as? [String: Any], !details.isEmpty {
                line += " " + details.keys.sorted().map { "\($0)=\(details[$0] ?? "")" }.joined(separator: " ")
            }
            lines.append(line)
        }
        if answer["truncated"] as? Bool == true { lines.append("  … more events: ask a shorter range") }
        return lines.joined(separator: "\n")
    }

    static func misuse(_ answer: [String: Any]) -> String {
        let report = answer["report"] as? [String: Any] ?? [:]
        let findings = report["findings"] as? [[String: Any]] ?? []
        let period = "\(report["from"] as? String ?? "the start") to \(report["to"] as? String ?? "now")"
        var lines = ["misuse report, \(period), \(report["scope"] ?? "?"): \(report["accessesExamined"] ?? 0) searches and reads examined, "
                     + "\(findings.count) findings (this report: event \(answer["reportSequence"] ?? "?"))"]
        for finding in findings {
            let events = (finding["events"] as? [Any] ?? []).map { "#\($0)" }
            let shown = events.count > 8 ? events.prefix(8).joined(separator: " ") + " … (\(finding["eventCount"] ?? events.count) events)" : events.joined(separator: " ")
            lines.append("  [\(finding["signal"] ?? "?")] \(finding["summary"] ?? "")")
            lines.append("      events \(shown)")
        }
        return lines.joined(separator: "\n")
    }

    static func reproduction(_ answer: [String: Any]) -> String {
        let verdict = answer["matches"] as? Bool == true ? "MATCHES" : "DIFFERS"
        return "\(verdict): \(answer["finding"] ?? "")\n(this reproduction: event \(answer["reproductionSequence"] ?? "?"))"
    }

    private static func timeline(_ value: Any?) -> [String] {
        let entries = value as? [[String: Any]] ?? []
        var lines = ["timeline (\(entries.count)):"]
        for entry in entries {
            if let event = entry["event"] as? [String: Any] {
                let redacted = event["isRedacted"] as? Bool == true ? " (payload destroyed by court order)" : ""
                lines.append("  " + head(event) + " \(event["type"] ?? "?") \(entry["number"] ?? "?") v\(event["version"] ?? "?")" + redacted)
            } else if let audited = entry["access"] as? [String: Any] {
                let access = audited["access"] as? [String: Any] ?? [:]
                let relation = audited["relation"] as? String == "matchedCriteria" ? "  [named him, showed none of his records]" : ""
                lines.append("  " + head(audited) + " " + accessSummary(access) + relation)
            }
        }
        return lines
    }

    /// `#sequence time user@agency`.
    private static func head(_ entry: [String: Any]) -> String {
        let actor = entry["actor"] as? [String: Any] ?? [:]
        return "#\(entry["sequence"] ?? "?") \(entry["recordedAt"] ?? "?") \(actor["userID"] ?? "?")@\(actor["agency"] ?? "?")"
    }

    /// `search by name GARCIA, LUIS 19900101 ±365d purpose C case 26-1 → W0000000023 v1`.
    private static func accessSummary(_ access: [String: Any]) -> String {
        let read = (access["read"] as? [String: Any])?["kind"] as? String ?? "search"
        let context = access["context"] as? [String: Any] ?? [:]
        var text = "\(read) \(query(access["query"])) purpose \(context["purpose"] ?? "?")"
        text += context["caseNumber"].map { " case \($0)" } ?? " no case number"
        let results = access["results"] as? [[String: Any]] ?? []
        text += " → " + (results.isEmpty ? "nothing" : results.map { "\($0["number"] ?? "?") v\($0["version"] ?? "?")" }.joined(separator: ", "))
        return text
    }

    private static func query(_ value: Any?) -> String {
        guard let query = value as? [String: Any] else { return "?" }
        let by = query["by"] as? String ?? "?"
        if by == "name" {
            let first = (query["first"] as? String).map { ", \($0)" } ?? ""
            return "by name \(query["last"] ?? "?")\(first) \(query["dateOfBirth"] ?? "?") ±\(query["toleranceDays"] ?? 0)d"
        }
        if by == "user" || by == "agency" { return "\(by) \(query["value"] ?? "?")" }
        let state = (query["state"] as? String).map { " \($0)" } ?? ""
        return "by \(by) \(query["value"] ?? "?")\(state)"
    }
}
