import Foundation

/// The redaction primitive's event: which payloads were removed and why. The court-order
/// workflow that calls it lives in the domain; the engine only guarantees that a redaction is
/// itself recorded, names every event it touched, and leaves all hashes and proofs valid.
public enum LedgerRedaction {
    public static let eventType = "LedgerPayloadsRedacted"
    public static let stream = "ledger.redactions"

    public struct Payload: Codable, Equatable, Sendable {
        public let sequences: [UInt64]
        public let reason: String
    }

    static func payload(sequences: [UInt64], reason: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(Payload(sequences: sequences, reason: reason)))
    }

    /// Decodes a redaction event's payload.
    public static func decode(_ payload: UnsafeRawBufferPointer) throws -> Payload {
        try JSONDecoder().decode(Payload.self, from: Data(payload))
    }

    /// The sorted, distinct targets, after checking each can be redacted.
    static func checkTargets(_ sequences: [UInt64], reason: String, in transaction: LedgerReadTransaction) throws -> [UInt64] {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError.invalidEvent(field: "reason", reason: "a redaction must state its reason (the order that requires it)")
        }
        let targets = Array(Set(sequences)).sorted()
        guard !targets.isEmpty else {
            throw LedgerError.invalidEvent(field: "sequences", reason: "name at least one event to redact")
        }
        for sequence in targets {
            let found = try transaction.withEventView(at: sequence) { view -> String? in
                if view.payload == nil { return "its payload was already redacted" }
                if view.typeEquals("LedgerPayloadsRedacted") { return "redaction events cannot be redacted" }
                return nil
            }
            guard let problem = found else { throw LedgerError.eventNotFound(sequence: sequence) }
            if let problem { throw LedgerError.cannotRedact(sequence: sequence, reason: problem) }
        }
        return targets
    }
}
