/// Numbers byte strings in the order they are first seen (0, 1, 2, …): a replay's lookup of an
/// event's stream, done once or twice an event over millions of events.
///
/// An open-addressing table (linear probing, at most half full) hashed by mixing the words
/// `ByteString` already holds. Swift's `Dictionary` starts SipHash afresh for every lookup, and
/// its hashing was a twentieth of a verify. The table's order never reaches an output: callers
/// sort the keys they write. The mix is seeded once a process, which makes stream names chosen
/// to collide harder to find (it is no keyed hash: the names are the ledger's own, chosen by
/// its writers and administrators, never by a stranger).
public struct ByteStringNumbering: Sendable {
    /// Each number's key.
    public private(set) var keys: [ByteString] = []
    /// A key's number plus one, or 0 for an empty slot; `slots.count` is a power of two.
    private var slots = [Int32](repeating: 0, count: 16)

    private static let seed = UInt64.random(in: .min ... .max)

    /// The streams a replay of `events` events reserves room for: a record ledger holds a
    /// stream for every two or three events, and the bound keeps a ledger of few streams and
    /// many events from zeroing slots it never uses (the table doubles as it fills).
    public static func expectedStreams(ofEvents events: Int) -> Int {
        min(events / 2, 1 << 16)
    }

    public init() {}

    public var count: Int { keys.count }

    /// Room for `count` keys in all before the table grows; the keys numbered so far keep
    /// their numbers.
    public mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        var capacity = slots.count
        while capacity < count * 2 { capacity *= 2 }
        if capacity > slots.count { place(slotCount: capacity) }
    }

    /// The key's number, numbering it now (`isNew`) if it had none.
    public mutating func number(of key: ByteString) -> (number: Int, isNew: Bool) {
        let (slot, found) = probe(for: key)
        if let found { return (found, false) }
        precondition(keys.count < Int(Int32.max), "more distinct keys than a numbering holds")
        let number = keys.count
        keys.append(key)
        slots[slot] = Int32(number + 1)
        if keys.count * 2 > slots.count { place(slotCount: slots.count * 2) }
        return (number, true)
    }

    /// The key's number, if it has one.
    func number(ofExisting key: ByteString) -> Int? {
        probe(for: key).number
    }

    /// The slot holding `key` and its number, or the empty slot where it would go. The table
    /// is at most half full, so an empty slot ends every probe.
    private func probe(for key: ByteString) -> (slot: Int, number: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key.mixedHash(seed: Self.seed)) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return (slot, nil) }
            if keys[stored - 1] == key { return (slot, stored - 1) }
            slot = (slot + 1) & mask
        }
    }

    /// Places every key again in `slotCount` empty slots.
    private mutating func place(slotCount: Int) {
        assert(slotCount.nonzeroBitCount == 1 && slotCount >= keys.count * 2)
        slots = [Int32](repeating: 0, count: slotCount)
        for (number, key) in keys.enumerated() {
            slots[probe(for: key).slot] = Int32(number + 1)
        }
    }
}
