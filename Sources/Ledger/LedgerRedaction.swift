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
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("reason")
        writer.string(reason)
        writer.key("sequences")
        writer.beginArray()
        for sequence in sequences { writer.uint64(sequence) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// Decodes a redaction event's payload, holding it to every rule of the storage format:
    /// exactly the members `reason` (a non-empty string) and `sequences` (a non-empty list of
    /// integers, ascending, each at most once), each once, and nothing after the object.
    public static func decode(_ payload: UnsafeRawBufferPointer) throws -> Payload {
        var reader = JSONReader(payload)
        var reason: String?
        var sequences: [UInt64]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "reason", reason == nil {
                reason = try reader.readString()
            } else if key == "sequences", sequences == nil {
                var list: [UInt64] = []
                try reader.beginArray()
                while try reader.nextElement() { list.append(try reader.readUInt64()) }
                sequences = list
            } else {
                throw JSONReadError(offset: reader.offset, reason: "a redaction payload has exactly the members reason and sequences, found \(key)")
            }
        }
        try reader.expectEnd()
        let found = try reader.require(sequences, "sequences")
        guard let reason = try reader.require(reason, "reason") as String?, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw JSONReadError(offset: 0, reason: "a redaction payload states its reason")
        }
        guard !found.isEmpty, zip(found, found.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw JSONReadError(offset: 0, reason: "a redaction payload names its events ascending, each once, and at least one")
        }
        return Payload(sequences: found, reason: reason)
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
