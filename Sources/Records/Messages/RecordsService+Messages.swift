import Ledger

/// The service's side of NCIC-style messages: a refused message is on the record like any
/// refused command, and a modify's changes meet the record as it stands.
extension RecordsService {
    /// Records a message refused before it became a command (its key, its ORI or a field at
    /// fault) as a `CommandRejected` event with command `message`; returns the rejection.
    public func refuse(_ refusal: MessageRefusal, target: RecordNumber? = nil, by actor: EventActor) async throws -> RecordRejection {
        try await reject(.invalidField, target: target, problems: refusal.problems, by: actor, command: "message")
    }

    /// The modify command a `MW`-style message asks for: its fields written over the record's
    /// current facts, expecting the version the operator named, else the one the fields were
    /// written over (so a change landing in between is refused, not overwritten). A record
    /// that does not exist, or another agency's, is refused and recorded as the JSON route's
    /// modify is, before any of its fields are merged: an attempt on another agency's record
    /// is on the record as `ownerOnly`, whatever the message held.
    public func modifyCommand(_ message: Message, number: RecordNumber, expectedVersion: UInt32?, by actor: EventActor) async throws -> RecordCommand {
        guard let current = try record(number)?.record else {
            throw try await reject(.notFound, target: number, problems: [FieldProblem(field: "NIC", "no record \(number)")], by: actor, command: "modify")
        }
        guard current.owner == actor.agency else {
            throw try await reject(.ownerOnly, target: number, problems: [FieldProblem(field: nil, "only the owning agency \(current.owner) may modify \(number)")],
                                   by: actor, command: "modify")
        }
        do {
            return try MessageTranslator.modify(message, expectedVersion: expectedVersion, current: current)
        } catch let refusal as MessageRefusal {
            throw try await refuse(refusal, target: number, by: actor)
        }
    }
}
