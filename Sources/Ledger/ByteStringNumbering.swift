/// Numbers byte strings in the order they are first seen (0, 1, 2, …): a replay's lookup of an
/// event's stream, done once or twice an event over millions of events.
///
/// An open-addressing table (linear probing, at most half full) hashed by mixing the words
/// `ByteString` already holds. Swift's `Dictionary` starts SipHash afresh for every lookup, and
/// its hashing was a twentieth of a verify. The table's order never reaches an output: callers
/// sort the keys they write. The mix is seeded once a process, like `Dictionary`'s, so that
/// stream names chosen to collide cannot make a replay quadratic.
public struct ByteStringNumbering: Sendable {
    /// Each number's key.
    public private(set) var keys: [ByteString] = []
    /// A key's number plus one, or 0 for an empty slot; `slots.count` is a power of two.
    private var slots: [Int32]
    private var mask: Int

    private static let seed = UInt64.random(in: .min ... .max)

    /// Room for `expectedCount` keys before the table grows.
    public init(expectedCount: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        keys.reserveCapacity(expectedCount)
    }

    public var count: Int { keys.count }

    /// The key's number, numbering it now (`isNew`) if it had none.
    public mutating func number(of key: ByteString) -> (number: Int, isNew: Bool) {
        var slot = Int(truncatingIfNeeded: key.mixedHash(seed: Self.seed)) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { break }
            if keys[stored - 1] == key { return (stored - 1, false) }
            slot = (slot + 1) & mask
        }
        precondition(keys.count < Int(Int32.max), "more distinct keys than a numbering holds")
        let number = keys.count
        keys.append(key)
        slots[slot] = Int32(number + 1)
        if keys.count * 2 > slots.count { grow() }
        return (number, true)
    }

    /// The key's number, if it has one.
    public func number(ofExisting key: ByteString) -> Int? {
        var slot = Int(truncatingIfNeeded: key.mixedHash(seed: Self.seed)) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            if keys[stored - 1] == key { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the slots and places every key again.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (number, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: key.mixedHash(seed: Self.seed)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number + 1)
        }
    }
}
