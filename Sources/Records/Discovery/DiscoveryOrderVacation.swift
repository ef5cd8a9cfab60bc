import Ledger

/// A discovery order the court vacated (set aside on appeal, withdrawn, entered in error):
/// `DiscoveryOrderVacated` on the order's own stream, after its `DiscoveryOrdered`, entered by
/// a court clerk with the court's reason. From then on the recipient exports nothing under it;
/// exports made before stay on the record and can still be derived again as they were.
public struct DiscoveryOrderVacation: Hashable, Sendable {
    public static let eventType = "DiscoveryOrderVacated"
    public static let maximumReasonLength = 500

    /// The court's reason, as the clerk entered it.
    public let reason: String
    /// The `DiscoveryOrderVacated` event.
    public let sequence: UInt64
    public let at: LedgerTime
    /// The clerk who entered it, and their court.
    public let by: String
    public let court: String

    /// What is wrong with `reason` given to vacate `order`; empty when nothing.
    static func problems(reason: String, order: String) -> [FieldProblem] {
        if !DiscoveryOrder.isOneLine(reason, atMost: maximumReasonLength) {
            return [FieldProblem(field: "reason", "vacating discovery order \(order) needs the court's reason, one line of at most \(maximumReasonLength) bytes")]
        }
        return TextPolicy.problem(with: reason).map { [FieldProblem(field: "reason", "the reason for vacating discovery order \(order) " + $0)] } ?? []
    }

    /// The event's payload: `{"reason": …}`.
    static func payload(reason: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + reason.utf8.count)
        writer.singleMember("reason") { $0.string(reason) }
        return writer.bytes
    }

    /// The vacation a stored `DiscoveryOrderVacated` event records.
    init(event: RecordedEvent) throws {
        guard let payload = event.payload else {
            throw LedgerError.corrupted(sequence: event.sequence, reason: "the payload of a DiscoveryOrderVacated event was removed")
        }
        reason = try payload.withUnsafeBytes { bytes in
            var reader = JSONReader(bytes)
            let reason = try reader.readSingleMember("reason") { try $0.readString() }
            try reader.expectEnd()
            return try reader.require(reason, "reason")
        }
        sequence = event.sequence
        at = event.recordedAt
        by = event.actor.userID
        court = event.actor.agency
    }
}
