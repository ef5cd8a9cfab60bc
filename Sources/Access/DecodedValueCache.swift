import Foundation
import Synchronization

/// Decoded projection values (accounts, agencies), reused while their stored bytes are unchanged.
///
/// Every authenticated request reads its user's account and agency; decoding their JSON was 6% of a
/// search's CPU. The cache is checked against the bytes just read in the caller's
/// own transaction, so it can never answer with anything staler than that transaction: an account
/// disabled a moment ago is refused on its next request, exactly as without the cache.
final class DecodedValueCache<Value: Decodable & Sendable>: Sendable {
    private struct Entry: Sendable {
        let stored: [UInt8]
        let value: Value
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// The most entries held. When full the cache starts over: the accounts in use refill it
    /// within a request each, and that is simpler and cheaper than tracking recency.
    let limit: Int

    init(limit: Int) {
        precondition(limit > 0, "a cache holds at least one entry")
        self.limit = limit
    }

    /// `stored` decoded, from the cache when `key`'s cached bytes equal `stored`.
    func value(forKey key: String, stored: [UInt8]) throws -> Value {
        if let entry = entries.withLock({ $0[key] }), entry.stored == stored { return entry.value }
        let value = try JSONDecoder().decode(Value.self, from: Data(stored))
        entries.withLock { entries in
            if entries.count >= limit && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(stored: stored, value: value)
        }
        return value
    }

    var count: Int { entries.withLock { $0.count } }
}
