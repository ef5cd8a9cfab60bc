import Ledger

/// What a discovery bundle shows of each event it holds (Docs/discovery.md). The header of
/// every event stays whole, since the hash and the proofs cover it; the rules decide whether
/// its payload goes in, or is withheld (its digest, in the header, still binds it) with a
/// rendering that shows what the rule allows. A payload a destruction order removed is shown
/// as the ledger holds it: without its payload.
public enum DiscoveryRule: String, CaseIterable, Sendable, Codable {
    /// A protective order names the people it protects: their names, dates of birth and
    /// relationships are other people's data.
    case protectedPersons
    /// An arrest sealed (PC 851.91) or under Clean Slate relief (PC 851.93), unless the order
    /// discloses sealed arrests.
    case sealedArrest
    /// An arrest found factually innocent (PC 851.8): never, whatever the order says.
    case factualInnocence
    /// An access whose answer showed records outside the order too: other people's records.
    case otherSubjects
}

/// One event's disclosure in a bundle.
struct DiscoveryDecision: Equatable {
    let disclosure: EvidenceBundle.PayloadDisclosure
    let rule: DiscoveryRule?
    /// For a withheld payload: what of it the bundle shows, canonical JSON (the agency's
    /// signed rendering; the withheld payload is what would prove it). Nil shows nothing.
    let rendering: [UInt8]?

    static let included = DiscoveryDecision(disclosure: .included, rule: nil, rendering: nil)
}

enum DiscoveryRules {
    /// A record event, judged under the record's annotations as they stand at the export.
    static func decide(_ event: RecordEvent, current: RecordState?, order: DiscoveryOrder) -> DiscoveryDecision {
        switch event {
        case .entered(let facts), .modified(let facts):
            guard case .protectiveOrder(let orderFacts) = facts, !orderFacts.protectedPersons.isEmpty else { return .included }
            let shown: RecordEvent = switch event {
            case .entered: .entered(.protectiveOrder(withoutProtectedPersons(orderFacts)))
            default: .modified(.protectiveOrder(withoutProtectedPersons(orderFacts)))
            }
            return DiscoveryDecision(disclosure: .withheld, rule: .protectedPersons, rendering: shown.payload())
        case .historyEntryAdded, .historyEntryCorrected:
            guard let rule = withheldArrests(current?.history ?? [], order: order)[event.arrestConcerned ?? ""] else { return .included }
            return DiscoveryDecision(disclosure: .withheld, rule: rule, rendering: nil)
        default:
            return .included
        }
    }

    /// An access event: whole when its answer showed only the order's records (or none).
    static func decide(_ access: AccessRecord, selected: Set<RecordNumber>) -> DiscoveryDecision {
        let others = access.results.filter { !selected.contains($0.number) }
        guard !others.isEmpty else { return .included }
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.key("asOf")
        writer.time(access.asOf)
        writer.key("context")
        writer.value(access.context)
        writer.key("otherResults")
        writer.int(Set(others.map(\.number)).count)
        writer.key("position")
        writer.uint64(access.position)
        writer.key("query")
        writer.value(access.query)
        writer.key("read")
        writer.value(access.read)
        writer.key("results")
        writer.array(access.results.filter { selected.contains($0.number) })
        writer.endObject()
        return DiscoveryDecision(disclosure: .withheld, rule: .otherSubjects, rendering: writer.bytes)
    }

    /// A record as the bundle's report shows it: protected persons withheld, and the arrests
    /// the order does not disclose left out of a rap sheet.
    static func disclose(_ shown: RecordState, current: RecordState?, order: DiscoveryOrder) -> RecordState {
        var disclosed = shown
        if case .protectiveOrder(let facts) = shown.facts, !facts.protectedPersons.isEmpty {
            disclosed.facts = .protectiveOrder(withoutProtectedPersons(facts))
        }
        if shown.kind == .criminalHistory {
            let withheld = withheldArrests(current?.history ?? shown.history, order: order)
            disclosed.history = shown.history.filter { item in
                withheld[item.entry.kind == .arrest ? item.id : item.entry.arrestID ?? ""] == nil
            }
        }
        return disclosed
    }

    static func withoutProtectedPersons(_ facts: ProtectiveOrderFacts) -> ProtectiveOrderFacts {
        var withheld = facts
        withheld.protectedPersons = facts.protectedPersons.map { _ in .init(name: Disclosure.withheldName) }
        return withheld
    }

    /// The arrests a bundle under `order` leaves out, each with the rule that does: the relief
    /// `Disclosure` judges, with the order deciding whether sealed arrests are disclosed.
    static func withheldArrests(_ history: [RecordState.HistoryItem], order: DiscoveryOrder) -> [String: DiscoveryRule] {
        Disclosure.arrestsUnderRelief(history).compactMapValues { relief in
            switch relief {
            case .factualInnocence: .factualInnocence
            case .sealed: order.disclosesSealedArrests ? nil : .sealedArrest
            }
        }
    }
}
