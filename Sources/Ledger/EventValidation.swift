/// Checks a command's events against `EventLimits` before anything is written.
enum EventValidation {
    static func validate(_ drafts: [EventDraft], actor: EventActor, idempotencyKey: IdempotencyKey?) throws {
        guard !drafts.isEmpty else {
            throw LedgerError.invalidEvent(field: "events", reason: "a command must append at least one event")
        }
        guard drafts.count <= EventLimits.eventsPerCommand else {
            throw LedgerError.invalidEvent(
                field: "events", reason: "\(drafts.count) events in one command; the limit is \(EventLimits.eventsPerCommand)")
        }
        try validate(actor: actor, idempotencyKey: idempotencyKey)
        for draft in drafts {
            try validate(draft)
        }
    }

    static func validate(_ draft: EventDraft, actor: EventActor, idempotencyKey: IdempotencyKey?) throws {
        try validate(actor: actor, idempotencyKey: idempotencyKey)
        try validate(draft)
    }

    private static func validate(actor: EventActor, idempotencyKey: IdempotencyKey?) throws {
        try checkText(actor.userID, field: "actor.userID", limit: EventLimits.userIDBytes, allowEmpty: false)
        try checkText(actor.agency, field: "actor.agency", limit: EventLimits.agencyBytes, allowEmpty: true)
        try checkText(actor.clientAddress, field: "actor.clientAddress", limit: EventLimits.clientAddressBytes, allowEmpty: true)
        if let idempotencyKey {
            try checkText(idempotencyKey.key, field: "idempotencyKey", limit: EventLimits.idempotencyKeyBytes, allowEmpty: false)
            if idempotencyKey.key.contains(IdempotencyKey.separator) {
                throw LedgerError.invalidEvent(field: "idempotencyKey", reason: "a key cannot hold the character U+001F")
            }
        }
    }

    private static func validate(_ draft: EventDraft) throws {
        try checkText(draft.type, field: "type", limit: EventLimits.typeBytes, allowEmpty: false)
        try checkText(draft.stream, field: "stream", limit: EventLimits.streamBytes, allowEmpty: false)
        if draft.stream.utf8.contains(0) {
            throw LedgerError.invalidEvent(field: "stream", reason: "a stream name cannot contain a zero byte")
        }
        guard draft.payload.count <= EventLimits.payloadBytes else {
            throw LedgerError.invalidEvent(
                field: "payload", reason: "\(draft.payload.count) bytes; the limit is \(EventLimits.payloadBytes)")
        }
    }

    private static func checkText(_ text: String, field: String, limit: Int, allowEmpty: Bool) throws {
        let count = text.utf8.count
        if count == 0 && !allowEmpty {
            throw LedgerError.invalidEvent(field: field, reason: "must not be empty")
        }
        if count > limit {
            throw LedgerError.invalidEvent(field: field, reason: "\(count) bytes; the limit is \(limit)")
        }
    }
}
