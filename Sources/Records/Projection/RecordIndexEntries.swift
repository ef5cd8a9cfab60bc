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

    private init() {}

    /// `includeFacts: false` skips the keys and names, which depend on the facts alone.
    init(of state: RecordState, policy: RetentionPolicy, includeFacts: Bool = true) {
        var buffers = Buffers()
        var entries = RecordIndexEntries()
        Self.visit(state, policy: policy, includeFacts: includeFacts, buffers: &buffers, into: &entries)
        entries.keys.sort { $0.lexicographicallyPrecedes($1) }
        entries.keys.removeAdjacentDuplicates()
        self = entries
    }

    /// Where entries are written before they are handed over, reused from one to the next.
    struct Buffers {
        var key: [UInt8] = []
        var values = IndexKeyValueWriter()
        var names = NameIndex.EntryBuffers()

        init() {
            key.reserveCapacity(96)
        }
    }

    /// Hands every entry of `state` to `visitor`, each written into `buffers`; the `keys` in
    /// the facts' order, a key possibly twice. The one definition of the entries: the live
    /// fold sorts and deduplicates them per record (`init`), a replay packs them into runs it
    /// sorts and deduplicates whole, without an array an entry.
    static func visit(
        _ state: RecordState, policy: RetentionPolicy, includeFacts: Bool = true, buffers: inout Buffers,
        into visitor: inout some RecordIndexEntryVisitor
    ) {
        if includeFacts {
            // Taken out of `buffers` while the closure writes keys, each uniquely held (the
            // empty placeholders swapped in allocate nothing).
            var values = IndexKeyValueWriter()
            var key: [UInt8] = []
            swap(&values, &buffers.values)
            swap(&key, &buffers.key)
            state.facts.forEachIndexKey(writer: &values) { type, value in
                key.removeAll(keepingCapacity: true)
                IndexKey.append(type: type, value: value, for: state.number, to: &key)
                visitor.key(key)
            }
            swap(&values, &buffers.values)
            swap(&key, &buffers.key)
            // The owner and the kind never change: written with the facts' keys.
            if state.kind == .offenderRegistration {
                buffers.key.removeAll(keepingCapacity: true)
                IndexKey(type: .offenderRegistrationOwner, value: state.owner).append(for: state.number, to: &buffers.key)
                visitor.key(buffers.key)
            }
            // Each name's key ends with its position, so the keys are distinct.
            NameIndex.forEachEntry(for: state.facts, number: state.number, in: &buffers.names) { visitor.name(key: $0, value: $1) }
        }
        // Not facts: a request changes them whatever the facts do.
        for indexKey in state.hitConfirmationKeys {
            buffers.key.removeAll(keepingCapacity: true)
            indexKey.append(for: state.number, to: &buffers.key)
            visitor.key(buffers.key)
        }
        if let key = QualityIndex.uncheckedKey(state) { visitor.unchecked(key) }
        if let key = QualityIndex.validationKey(state, policy: policy) { visitor.validation(key) }
    }
}

/// What receives a record's index entries (`RecordIndexEntries.visit`).
protocol RecordIndexEntryVisitor {
    mutating func key(_ key: [UInt8])
    mutating func name(key: [UInt8], value: [UInt8])
    mutating func unchecked(_ key: [UInt8])
    mutating func validation(_ key: [UInt8])
}

extension RecordIndexEntries: RecordIndexEntryVisitor {
    mutating func key(_ key: [UInt8]) { keys.append(key) }
    mutating func name(key: [UInt8], value: [UInt8]) { names.append((key, value)) }
    mutating func unchecked(_ key: [UInt8]) { unchecked = key }
    mutating func validation(_ key: [UInt8]) { validation = key }
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
