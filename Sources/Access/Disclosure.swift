import Ledger
import Records

/// Restricted data shown only to those allowed: protected persons of protective orders
/// (CLETS-001) and arrests under sealing or Clean Slate relief are withheld from
/// non-criminal-justice purposes; arrests found factually innocent are withheld from everyone.
public enum Disclosure {
    public static let withheldName = PersonName("WITHHELD, PROTECTED PERSON")

    public static func disclose(_ hit: SearchHit, purpose: PurposeCode) -> SearchHit {
        SearchHit(record: disclose(hit.record, purpose: purpose), status: hit.status, score: hit.score)
    }

    public static func disclose(_ record: RecordState, purpose: PurposeCode) -> RecordState {
        var shown = record
        if case .protectiveOrder(var order) = record.facts, !purpose.isCriminalJustice {
            order.protectedPersons = order.protectedPersons.map { _ in .init(name: withheldName) }
            shown.facts = .protectiveOrder(order)
        }
        if record.kind == .criminalHistory {
            let withheld = withheldArrests(record.history, purpose: purpose)
            shown.history = record.history.filter { item in
                !withheld.contains(item.entry.kind == .arrest ? item.id : item.entry.arrestID ?? "")
            }
        }
        return shown
    }

    /// Arrests whose relief keeps them from this purpose.
    static func withheldArrests(_ history: [RecordState.HistoryItem], purpose: PurposeCode) -> Set<String> {
        var withheld: Set<String> = []
        for item in history where item.entry.kind == .relief {
            guard let arrest = item.entry.arrestID, let relief = item.entry.relief else { continue }
            switch relief {
            case .factualInnocence: withheld.insert(arrest)
            case .sealedPetition, .cleanSlate: if !purpose.isCriminalJustice { withheld.insert(arrest) }
            case .dismissal: break
            }
        }
        return withheld
    }
}
