import Ledger

/// What an answer may show, decided in the domain for every answer that leaves it: protected
/// persons of protective orders (CLETS-001) and arrests under sealing or Clean Slate relief are
/// withheld from non-criminal-justice purposes; arrests found factually innocent are withheld
/// from everyone.
///
/// Judged by the annotations in force at the read, for historical views too: an arrest sealed
/// today is withheld from every earlier version of the rap sheet a reader asks for.
public enum Disclosure {
    public static let withheldName = PersonName("WITHHELD, PROTECTED PERSON")

    /// `shown` as `purpose` may see it, under the annotations of `current` (the record as it
    /// stands at the read; `shown` itself when it is the current version).
    public static func disclose(_ shown: RecordState, purpose: PurposeCode, current: RecordState? = nil) -> RecordState {
        var disclosed = shown
        if case .protectiveOrder(var order) = shown.facts, !purpose.isCriminalJustice {
            order.protectedPersons = order.protectedPersons.map { _ in .init(name: withheldName) }
            disclosed.facts = .protectiveOrder(order)
        }
        if shown.kind == .criminalHistory {
            let withheld = withheldArrests(current?.history ?? shown.history, purpose: purpose)
                .union(withheldArrests(shown.history, purpose: purpose))
            if !withheld.isEmpty {
                disclosed.history = shown.history.filter { item in !withheld.contains(arrest(of: item)) }
            }
        }
        return disclosed
    }

    /// Whether a rap sheet entry (an arrest, or an entry about one) is withheld from `purpose`
    /// under the annotations of `current`: a history's step that added it is withheld too.
    public static func withholds(_ item: RecordState.HistoryItem, purpose: PurposeCode, current: RecordState?) -> Bool {
        withheldArrests(current?.history ?? [], purpose: purpose).contains(arrest(of: item))
    }

    /// The arrest an entry is about: itself for an arrest; "" for an entry about none.
    private static func arrest(of item: RecordState.HistoryItem) -> String {
        item.entry.kind == .arrest ? item.id : item.entry.arrestID ?? ""
    }

    public static func disclose(_ hit: SearchHit, purpose: PurposeCode, current: RecordState? = nil) -> SearchHit {
        SearchHit(record: disclose(hit.record, purpose: purpose, current: current), status: hit.status, score: hit.score)
    }

    /// Arrests whose relief keeps them from this purpose.
    static func withheldArrests(_ history: [RecordState.HistoryItem], purpose: PurposeCode) -> Set<String> {
        Set(arrestsUnderRelief(history).compactMap { arrest, relief in
            relief == .factualInnocence || !purpose.isCriminalJustice ? arrest : nil
        })
    }

    /// Relief that withholds an arrest: a finding of factual innocence from everyone, a sealing
    /// (on petition or under Clean Slate) from those outside criminal justice.
    enum WithholdingRelief: Equatable { case factualInnocence, sealed }

    /// Every arrest under withholding relief, each with its strongest: the one rule both the
    /// answers of the service and discovery bundles apply, so they cannot drift apart.
    static func arrestsUnderRelief(_ history: [RecordState.HistoryItem]) -> [String: WithholdingRelief] {
        var reliefs: [String: WithholdingRelief] = [:]
        for item in history where item.entry.kind == .relief {
            guard let arrest = item.entry.arrestID, let relief = item.entry.relief else { continue }
            switch relief {
            case .factualInnocence: reliefs[arrest] = .factualInnocence
            case .sealedPetition, .cleanSlate: if reliefs[arrest] == nil { reliefs[arrest] = .sealed }
            case .dismissal: break
            }
        }
        return reliefs
    }
}
