import Ledger

/// `report.html`: the bundle for a court to read: the order, the records as the bundle shows
/// them, and one timeline of every change to them and every access to them (who, agency,
/// purpose, case number, what was shown), each change with the record as it left it. One
/// self-contained page (no script, no outside file), laid out to print to PDF.
struct DiscoveryReport {
    static let file = "report.html"
    /// Longest payload shown in a timeline row; the whole is in events.jsonl.
    static let shownPayloadLength = 600

    let order: DiscoveryOrder
    let orderSequence: UInt64
    let position: UInt64
    let asOf: LedgerTime
    let ledgerOrigin: String
    let records: [RecordState]
    let entries: [DiscoveryExport.Entry]
    /// The record as each change left it, as the bundle shows it, by the change's sequence.
    let states: [UInt64: RecordState]

    func html() -> [UInt8] {
        var page = HTMLText()
        page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        page.text("Discovery \(order.id), case \(order.caseNumber)")
        page.raw("</title><style>\(Self.style)</style></head><body>\n")
        summary(&page)
        recordsSection(&page)
        timeline(&page)
        page.raw("<p class=\"note\">")
        page.text("Every event above is in events.bin exactly as the ledger stores it, with a proof of inclusion in proofs.jsonl against the signed checkpoint in checkpoint.note. README.txt says how to check them.")
        page.raw("</p>\n</body></html>\n")
        return page.bytes
    }

    private func summary(_ page: inout HTMLText) {
        page.raw("<h1>")
        page.text("Discovery under order \(order.id)")
        page.raw("</h1>\n<table class=\"summary\">")
        let withheld = entries.filter { $0.decision.disclosure == .withheld }.count
        let destroyed = entries.filter { $0.event.isRedacted }.count
        for (label, value) in [
            ("Order", "\(order.citation) (entered as event \(orderSequence))"),
            ("Case", order.caseNumber),
            ("Recipient", order.recipient),
            ("Selection", Self.describe(order.selection)),
            ("Time range", "\(order.from?.description ?? "the beginning") to \(order.to?.description ?? "the export")"),
            ("Sealed arrests", order.disclosesSealedArrests ? "disclosed by the order" : "withheld"),
            ("Ledger", ledgerOrigin),
            ("Read at", "event \(position), \(asOf.description)"),
            ("Events", "\(entries.count): \(withheld) with contents withheld, \(destroyed) destroyed by court order"),
        ] {
            page.raw("<tr><th>")
            page.text(label)
            page.raw("</th><td>")
            page.text(value)
            page.raw("</td></tr>")
        }
        page.raw("</table>\n")
    }

    private func recordsSection(_ page: inout HTMLText) {
        page.raw("<h2>Records</h2>\n")
        if records.isEmpty { page.raw("<p>The order's selection names no record.</p>\n") }
        for record in records {
            page.raw("<h3>")
            page.text("\(record.number) — \(record.kind.rawValue), owned by \(record.owner), version \(record.version)")
            page.raw("</h3>\n<pre>")
            page.text(String(decoding: record.canonicalJSON(), as: UTF8.self))
            page.raw("</pre>\n")
        }
    }

    private func timeline(_ page: inout HTMLText) {
        page.raw("<h2>Timeline</h2>\n<table class=\"timeline\"><thead><tr><th>Event</th><th>Recorded (UTC)</th><th>By</th><th>What</th><th>Details</th></tr></thead><tbody>\n")
        for entry in entries {
            let event = entry.event
            page.raw(event.type == AccessRecord.eventType ? "<tr class=\"access\"><td>" : "<tr><td>")
            page.text(String(event.sequence))
            page.raw("</td><td>")
            page.text(event.recordedAt.description)
            page.raw("</td><td>")
            page.text("\(event.actor.userID) (\(event.actor.agency))")
            page.raw("</td><td>")
            page.text(event.type + (event.stream.hasPrefix("record/") ? " " + event.stream.dropFirst(7) : ""))
            page.raw("</td><td>")
            details(of: entry, &page)
            page.raw("</td></tr>\n")
        }
        page.raw("</tbody></table>\n")
    }

    private func details(of entry: DiscoveryExport.Entry, _ page: inout HTMLText) {
        let event = entry.event
        if case .redacted(let redaction) = event.payloadState {
            page.text("Contents destroyed by court order (event \(redaction)).")
            return
        }
        if entry.decision.disclosure == .withheld {
            page.raw("<span class=\"withheld\">")
            page.text("Contents withheld: \(Self.explain(entry.decision.rule)).")
            page.raw("</span>")
        }
        if event.type == AccessRecord.eventType, let payload = event.payload, let access = try? AccessRecord(canonicalJSON: payload) {
            let shown = entry.decision.disclosure == .included ? access.results : nil
            page.raw("<br>")
            page.text(Self.describe(access, shownResults: shown))
        }
        let shownBytes = entry.decision.disclosure == .included ? event.payload : entry.decision.rendering
        if let shownBytes, event.type != AccessRecord.eventType || entry.decision.disclosure == .withheld {
            page.raw("<br><code>")
            let text = String(decoding: shownBytes, as: UTF8.self)
            page.text(text.count > Self.shownPayloadLength ? String(text.prefix(Self.shownPayloadLength)) + "…" : text)
            page.raw("</code>")
        }
        if let state = states[event.sequence] {
            page.raw("<details><summary>The record after this change</summary><pre>")
            page.text(String(decoding: state.canonicalJSON(), as: UTF8.self))
            page.raw("</pre></details>")
        }
    }

    static func explain(_ rule: DiscoveryRule?) -> String {
        switch rule {
        case .protectedPersons: return "it names the people a protective order protects"
        case .sealedArrest: return "it concerns a sealed arrest, which the order does not disclose"
        case .factualInnocence: return "it concerns an arrest found factually innocent"
        case .otherSubjects: return "its answer showed other people's records too"
        case nil: return "withheld"
        }
    }

    static func describe(_ access: AccessRecord, shownResults: [ReturnedRecord]?) -> String {
        let purpose = "purpose \(access.context.purpose.rawValue)" + (access.context.caseNumber.map { ", case \($0)" } ?? "")
        let shown = shownResults.map { results in
            results.isEmpty ? "found nothing" : "shown " + results.map { "\($0.number) v\($0.version)" }.joined(separator: ", ")
        } ?? "the records of the order it showed are in the rendering below"
        return "\(access.read.kind) by \(describe(access.query)); \(purpose); \(shown)."
    }

    static func describe(_ query: RecordQuery) -> String {
        String(decoding: query.canonicalJSON(), as: UTF8.self)
    }

    static let style = """
        body{font:11pt/1.4 Georgia,serif;margin:2em;color:#111}h1{font-size:18pt}h2{font-size:14pt;margin-top:1.5em}\
        h3{font-size:11pt}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 6px;\
        vertical-align:top;text-align:left}table.summary th{width:12em;background:#eee}table.timeline th{background:#eee}\
        tr.access td{background:#f6f8ff}pre,code{font:9pt/1.3 monospace;white-space:pre-wrap;word-break:break-all}\
        .withheld{font-style:italic;color:#700}.note{margin-top:2em;font-size:9pt}@media print{body{margin:0}\
        tr{page-break-inside:avoid}details{display:block}}
        """
}

/// HTML written piece by piece, every text escaped.
struct HTMLText {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ html: String) {
        bytes.append(contentsOf: html.utf8)
    }

    mutating func text(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
    }
}
