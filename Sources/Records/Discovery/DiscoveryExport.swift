import Ledger

/// A discovery bundle as built: its files, and what its access event records of it.
public struct DiscoveryBundle: Sendable {
    /// Every file, by its name in the bundle.
    public let files: [String: [UInt8]]
    /// The log position (and the checkpoint's tree size) it was read at.
    public let position: UInt64
    /// The order's records, at the versions the bundle shows them.
    public let records: [ReturnedRecord]
    /// SHA-256 of `manifest.json`: the bundle's digest, as its access event records it.
    public let digest: Digest32
    public let eventCount: Int
    public let withheldCount: Int
}

/// Builds the bundle an order asks for from the log up to the reader's position, judged at
/// `asOf`: the same inputs give the same bytes (the access event records them, so the export
/// can be built again and its digest compared).
struct DiscoveryExport {
    let reader: RecordReader
    let order: DiscoveryOrder
    let orderSequence: UInt64
    let asOf: LedgerTime
    let earlierTreeSize: UInt64?

    /// One event of the bundle, with what it shows.
    struct Entry {
        let event: RecordedEvent
        let decision: DiscoveryDecision
    }

    func build() throws -> DiscoveryBundle {
        let records = try selectedRecords()
        let selected = Set(records.map(\.number))
        let entries = try self.entries(records: records, selected: selected)
        let transaction = reader.transaction
        var files = try EvidenceBundle.files(
            in: transaction, events: entries.map { ($0.event.sequence, $0.decision.disclosure) },
            treeSize: reader.position, earlierTreeSize: earlierTreeSize)
        let shown = records.map { ReturnedRecord(number: $0.number, version: $0.version) }
        let about = aboutJSON(shown: shown, entries: entries)
        files[BundleVerifier.renderingFile] = rendering(entries)
        files[DiscoveryReport.file] = DiscoveryReport(
            order: order, orderSequence: orderSequence, position: reader.position, asOf: asOf,
            ledgerOrigin: CheckpointNote.origin(ledgerID: transaction.ledger.identity.id),
            records: records.map { DiscoveryRules.disclose($0, current: $0, order: order) }, entries: entries,
            states: try statesAfterChanges(records)
        ).html()
        files[DiscoveryReadme.file] = DiscoveryReadme.text(order: order, position: reader.position, events: entries.count, earlierTreeSize: earlierTreeSize)
        let sealed = try EvidenceBundle.seal(files, export: about, eventCount: entries.count, treeSize: reader.position, in: transaction)
        return DiscoveryBundle(
            files: sealed, position: reader.position, records: shown, digest: Digest32.sha256(sealed[BundleManifest.manifestFile]!),
            eventCount: entries.count, withheldCount: entries.filter { $0.decision.disclosure == .withheld }.count)
    }

    /// Each record as each of its events left it, as the bundle shows it (the report's
    /// "state at key moments"), by the event's sequence.
    func statesAfterChanges(_ records: [RecordState]) throws -> [UInt64: RecordState] {
        var states: [UInt64: RecordState] = [:]
        for record in records {
            for step in try reader.history(of: record.number, purpose: .criminalJustice) {
                guard let state = step.record else { continue }
                states[step.sequence] = DiscoveryRules.disclose(state, current: record, order: order)
            }
        }
        return states
    }

    /// The records the order selects, as they stand at the position, in number order.
    func selectedRecords() throws -> [RecordState] {
        switch order.selection {
        case .recordNumber(let number):
            return try reader.current(number).map { [$0] } ?? []
        case .caseNumber:
            guard let tables = reader.records else { preconditionFailure("a discovery export reads the records projection") }
            let context = QueryContext(purpose: .criminalJustice, caseNumber: order.caseNumber, includeInactive: true, limit: QueryContext.maximumLimit)
            return try RecordSearch.run(order.selection, context: context, in: tables, asOf: asOf, policy: reader.policy)
                .map(\.record).sorted { $0.number < $1.number }
        default:
            return try reader.subjectRecords(order.selection)
        }
    }

    /// Every event of the selected records, every access that showed them (or, for a person,
    /// whose criteria fit them), and the order itself, within the order's time range, in log
    /// order, each with its disclosure.
    func entries(records: [RecordState], selected: Set<RecordNumber>) throws -> [Entry] {
        var sequences: Set<UInt64> = [orderSequence]
        for record in records {
            sequences.formUnion(try reader.transaction.streamSequences(record.number.stream).filter { $0 <= reader.position })
        }
        switch order.selection {
        case .stateID, .fbiNumber, .name: sequences.formUnion(try reader.accessSequences(about: order.selection, records: records))
        default: for record in records { sequences.formUnion(try reader.accessSequences(to: record.number)) }
        }
        let current = Dictionary(uniqueKeysWithValues: records.map { ($0.number, $0) })
        var entries: [Entry] = []
        for sequence in sequences.sorted() {
            guard let event = try reader.transaction.event(at: sequence) else { throw LedgerError.eventNotFound(sequence: sequence) }
            if sequence != orderSequence {
                if let from = order.from, event.recordedAt < from { continue }
                if let to = order.to, event.recordedAt >= to { continue }
            }
            entries.append(Entry(event: event, decision: try decide(event, current: current, selected: selected)))
        }
        return entries
    }

    private func decide(_ event: RecordedEvent, current: [RecordNumber: RecordState], selected: Set<RecordNumber>) throws -> DiscoveryDecision {
        guard let payload = event.payload else { return .included }
        if event.type == AccessRecord.eventType {
            return DiscoveryRules.decide(try AccessRecord(canonicalJSON: payload), selected: selected)
        }
        guard event.stream.hasPrefix("record/"), let number = RecordNumber(String(event.stream.dropFirst(7))),
              let recordEvent = try RecordEvent(type: event.type, payload: payload)
        else { return .included }
        return DiscoveryRules.decide(recordEvent, current: current[number], order: order)
    }

    /// `events.jsonl`: each event's header as it reads, its payload when included, and for a
    /// withheld one the rule and what the rule lets the bundle show.
    func rendering(_ entries: [Entry]) -> [UInt8] {
        var lines = JSONLines(capacity: entries.count * 1_024)
        for entry in entries {
            let event = entry.event
            lines.append { writer in
                writer.beginObject()
                writer.key("actor")
                writer.beginObject()
                writer.key("agency")
                writer.string(event.actor.agency)
                writer.key("userID")
                writer.string(event.actor.userID)
                writer.endObject()
                writer.key("hash")
                writer.string(event.hash.hex)
                if entry.decision.disclosure == .included, let payload = event.payload {
                    writer.key("payload")
                    writer.canonicalValue(payload)
                }
                writer.key("payloadState")
                switch (event.payloadState, entry.decision.disclosure) {
                case (.redacted, _): writer.string("destroyed")
                case (_, .withheld): writer.string("withheld")
                case (_, .included): writer.string("included")
                }
                writer.key("recordedAt")
                writer.time(event.recordedAt)
                if case .redacted(let redaction) = event.payloadState {
                    writer.key("redactedBy")
                    writer.uint64(redaction)
                }
                if entry.decision.disclosure == .withheld {
                    if let rendering = entry.decision.rendering {
                        writer.key("rendering")
                        writer.canonicalValue(rendering)
                    }
                    writer.member("rule", entry.decision.rule?.rawValue)
                }
                writer.key("sequence")
                writer.uint64(event.sequence)
                writer.key("stream")
                writer.string(event.stream)
                writer.key("streamVersion")
                writer.uint64(UInt64(event.streamVersion))
                writer.key("type")
                writer.string(event.type)
                writer.endObject()
            }
        }
        return lines.bytes
    }

    /// The manifest's `export`: what was exported, for whom, under which order, read where.
    func aboutJSON(shown: [ReturnedRecord], entries: [Entry]) -> [UInt8] {
        var writer = JSONWriter(capacity: 1_024 + shown.count * 64)
        writer.beginObject()
        writer.key("asOf")
        writer.time(asOf)
        if let earlierTreeSize {
            writer.key("earlierTreeSize")
            writer.uint64(earlierTreeSize)
        }
        writer.key("order")
        writer.value(order)
        writer.key("orderSequence")
        writer.uint64(orderSequence)
        writer.key("position")
        writer.uint64(reader.position)
        writer.key("records")
        writer.array(shown)
        writer.key("withheld")
        writer.beginObject()
        for rule in DiscoveryRule.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            writer.dynamicKey(rule.rawValue)
            writer.int(entries.filter { $0.decision.rule == rule }.count)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
