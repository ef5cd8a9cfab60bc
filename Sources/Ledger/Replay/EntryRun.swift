/// Entries of a replayed table packed into one byte buffer: each key followed by its value,
/// found through a slot per entry. A replay emits a million entries; as arrays of their own
/// each cost an allocation, a reference count touched at every read, and a free at the end.
/// Here they cost a copy into the buffer, and sorting moves 16-byte slots, never bytes.
public struct EntryRun: Sendable {
    struct Slot {
        /// Where the key starts in `bytes`; the value follows it.
        let start: Int
        let keyCount: UInt32
        let valueCount: UInt32
    }

    private(set) var bytes: [UInt8] = []
    private(set) var slots: [Slot] = []

    public init() {}

    public init(reservingEntries entries: Int, bytes byteCount: Int) {
        slots.reserveCapacity(entries)
        bytes.reserveCapacity(byteCount)
    }

    public var count: Int { slots.count }
    public var isEmpty: Bool { slots.isEmpty }

    public mutating func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        precondition(key.count <= Int(UInt32.max) && value.count <= Int(UInt32.max))
        slots.append(Slot(start: bytes.count, keyCount: UInt32(key.count), valueCount: UInt32(value.count)))
        bytes.append(contentsOf: key)
        bytes.append(contentsOf: value)
    }

    public mutating func append(key: [UInt8], value: [UInt8] = []) {
        key.withUnsafeBytes { key in value.withUnsafeBytes { append(key: key, value: $0) } }
    }

    /// Calls `body` with every entry's key and value, in slot order; the buffers are valid only
    /// during the call.
    public func forEach(_ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { base in
            for slot in slots {
                try body(Self.key(slot, base), Self.value(slot, base))
            }
        }
    }

    static func key(_ slot: Slot, _ base: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[slot.start..<(slot.start + Int(slot.keyCount))])
    }

    static func value(_ slot: Slot, _ base: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let start = slot.start + Int(slot.keyCount)
        return UnsafeRawBufferPointer(rebasing: base[start..<(start + Int(slot.valueCount))])
    }

    /// Orders the entries in LMDB key order (bytes compared unsigned, a prefix first). Sorts
    /// (first sixteen key bytes as integers, slot) pairs, which integer comparisons order almost
    /// always (keys of one kind share their first bytes), comparing the bytes only on a tie.
    public mutating func sortByKey() {
        guard slots.count > 1 else { return }
        let slots = self.slots
        var order: [(prefix: UInt64, next: UInt64, index: Int)] = []
        order.reserveCapacity(slots.count)
        bytes.withUnsafeBytes { base in
            for (index, slot) in slots.enumerated() {
                let key = Self.key(slot, base)
                order.append((Self.word(key, from: 0), Self.word(key, from: 8), index))
            }
            order.sort { left, right in
                if left.prefix != right.prefix { return left.prefix < right.prefix }
                if left.next != right.next { return left.next < right.next }
                return Self.compare(Self.key(slots[left.index], base), Self.key(slots[right.index], base)) < 0
            }
        }
        self.slots = order.map { slots[$0.index] }
    }

    /// Drops each entry whose key equals the one before it (after `sortByKey`, every repeat):
    /// the first stays.
    public mutating func removeAdjacentDuplicateKeys() {
        guard slots.count > 1 else { return }
        let slots = self.slots
        var kept: [Slot] = []
        kept.reserveCapacity(slots.count)
        bytes.withUnsafeBytes { base in
            kept.append(slots[0])
            for slot in slots.dropFirst() where Self.compare(Self.key(kept[kept.count - 1], base), Self.key(slot, base)) != 0 {
                kept.append(slot)
            }
        }
        self.slots = kept
    }

    /// Eight key bytes from `offset` as a big-endian integer, zero-padded.
    static func word(_ key: UnsafeRawBufferPointer, from offset: Int) -> UInt64 {
        if key.count >= offset + 8 { return UInt64(bigEndian: key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        guard key.count > offset else { return 0 }
        // The bytes there are, in the word's first bytes in memory: its most significant, read
        // big-endian; the rest stay zero.
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: key[offset...])) }
        return UInt64(bigEndian: word)
    }

    /// LMDB's default key order: bytes compared unsigned, the shorter first when one is a
    /// prefix of the other.
    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        ByteString.compare(left, right)
    }
}
