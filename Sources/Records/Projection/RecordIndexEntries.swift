import Ledger

/// Every index entry one record's state puts in the records projection: exact-match and
/// duplicate keys, phonetic names, and its place on the record-quality lists. A function of
/// the state alone, so the live fold (which diffs two states) and the replay (which emits the
/// final states' entries) write the same bytes.
struct RecordIndexEntries {
    /// `keys` table keys (values are empty), sorted and distinct.
    var keys: [[UInt8]] = []
    /// `names` table entries.
    var names: [(key: [UInt8], value: [UInt8])] = []
    /// `unchecked` table key, if the record awaits its second-party check.
    var unchecked: [UInt8]?
    /// `validation` table key, if the record must be validated.
    var validation: [UInt8]?

    /// `includeFacts: false` skips the keys and names, which depend on the facts alone.
    init(of state: RecordState, policy: RetentionPolicy, includeFacts: Bool = true) {
        if includeFacts {
            keys = state.facts.indexKeys.map { $0.stored(for: state.number) }.sorted { $0.lexicographicallyPrecedes($1) }
            keys.removeAdjacentDuplicates()
            // Each name's key ends with its position, so the keys are distinct.
            names = NameIndex.keys(for: state.facts, number: state.number)
        }
        unchecked = QualityIndex.uncheckedKey(state)
        validation = QualityIndex.validationKey(state, policy: policy)
    }
}

extension Array where Element == [UInt8] {
    /// Removes each element equal to the one before it (a sorted array becomes distinct).
    mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
