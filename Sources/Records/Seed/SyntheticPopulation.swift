import Ledger

/// A realistic, reproducible population entered through the same commands as real work:
/// people with rap sheets, registrations and licences, wants, missing persons, orders and
/// stolen property, spread over several agencies, most entries second-party checked.
///
/// Item `i` draws from its own generator seeded by (`seed`, `i`), so the population's content
/// is the same however many clients enter it concurrently.
public struct SyntheticPopulation: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public struct Summary: Sendable, Equatable {
        public var recordsEntered = 0
        public var entriesChecked = 0
        public var historyEntries = 0
        public var rejected = 0
        /// What the first refused command was refused for (the population is meant to be valid).
        public var firstRejection: String?

        mutating func add(_ other: Summary) {
            firstRejection = firstRejection ?? other.firstRejection
            recordsEntered += other.recordsEntered
            entriesChecked += other.entriesChecked
            historyEntries += other.historyEntries
            rejected += other.rejected
        }
    }

    /// The items whose records add up to exactly `records`.
    func plan(records: Int) -> [SyntheticItem] {
        var items: [SyntheticItem] = []
        var total = 0
        while total < records {
            var kind = SyntheticItem.kind(seed: seed, index: items.count)
            if total + kind.recordCount > records { kind = .driverLicence }
            items.append(SyntheticItem(seed: seed, index: items.count, kind: kind))
            total += kind.recordCount
        }
        return items
    }

    /// Enters exactly `records` records (and their follow-ups) from `clients` concurrent clients.
    public func enter(records: Int, into service: RecordsService, clients: Int = 16, today: CalendarDate) async throws -> Summary {
        let items = plan(records: records)
        let clients = max(1, min(clients, items.count))
        return try await withThrowingTaskGroup(of: Summary.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var summary = Summary()
                    for index in stride(from: client, to: items.count, by: clients) {
                        summary.add(try await items[index].enter(into: service, today: today))
                    }
                    return summary
                }
            }
            var total = Summary()
            for try await part in group { total.add(part) }
            return total
        }
    }
}
