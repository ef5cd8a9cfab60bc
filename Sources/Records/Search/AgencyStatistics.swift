import Ledger

/// How many records an agency's users entered, cleared, cancelled and located in a period, by
/// record kind (NCIC keeps such counts per agency: an agency that enters much and clears little
/// leaves stale records behind). Counted from the record events whose actor belongs to the
/// agency, so a locate another agency placed on this agency's record counts for that one.
public struct AgencyStatistics: Hashable, Sendable, Codable {
    public struct Counts: Hashable, Sendable, Codable {
        public var entered = 0
        public var cleared = 0
        public var cancelled = 0
        public var located = 0
    }

    public struct KindCounts: Hashable, Sendable, Codable {
        public let kind: RecordKind
        public let counts: Counts
    }

    public let agency: String
    public let from: LedgerTime?
    public let to: LedgerTime?
    /// The log position the counts were taken at.
    public let position: UInt64
    public let total: Counts
    /// Kinds with any count, in the kinds' order.
    public let byKind: [KindCounts]

    static let counted: Set<String> = ["RecordEntered", "RecordCleared", "RecordCancelled", "RecordLocated"]

    static func make(for agency: String, from: LedgerTime?, to: LedgerTime?, in transaction: LedgerReadTransaction) throws -> AgencyStatistics {
        let position = try transaction.lastSequence()
        let first = try from.map { try transaction.firstSequence(recordedAtOrAfter: $0) } ?? 1
        let end = try to.map { try transaction.firstSequence(recordedAtOrAfter: $0) } ?? .max
        let last = min(position, end == 0 ? 0 : end - 1)
        var counts: [RecordKind: Counts] = [:]
        let agencyBytes = Array(agency.utf8)
        if first <= last {
            try transaction.forEachStoredEvent(from: first, through: last) { event in
                guard event.streamStarts(with: "record/"), event.agency.elementsEqual(agencyBytes) else { return true }
                let type = String(decoding: event.type, as: UTF8.self)
                guard counted.contains(type), let number = RecordNumber(String(decoding: event.stream.dropFirst(7), as: UTF8.self)) else { return true }
                switch type {
                case "RecordEntered": counts[number.kind, default: Counts()].entered += 1
                case "RecordCleared": counts[number.kind, default: Counts()].cleared += 1
                case "RecordCancelled": counts[number.kind, default: Counts()].cancelled += 1
                default: counts[number.kind, default: Counts()].located += 1
                }
                return true
            }
        }
        let byKind = RecordKind.allCases.compactMap { kind in counts[kind].map { KindCounts(kind: kind, counts: $0) } }
        var total = Counts()
        for item in byKind {
            total.entered += item.counts.entered
            total.cleared += item.counts.cleared
            total.cancelled += item.counts.cancelled
            total.located += item.counts.located
        }
        return AgencyStatistics(agency: agency, from: from, to: to, position: position, total: total, byKind: byKind)
    }
}

extension RecordsService {
    /// The agency's entries, clears, cancels and locates from `from` (included) to `to`
    /// (excluded), by kind.
    public func statistics(for agency: String, from: LedgerTime?, to: LedgerTime?) throws -> AgencyStatistics {
        try ledger.read { try AgencyStatistics.make(for: agency, from: from, to: to, in: $0) }
    }
}
