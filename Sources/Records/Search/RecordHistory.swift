import Foundation
import Ledger

/// A record's past, read straight from the log.
public enum RecordHistory {
    /// One event of a record, and the record as it left it.
    public struct Step: Hashable, Sendable, Codable {
        public let sequence: UInt64
        public let version: UInt32
        public let type: String
        public let recordedAt: LedgerTime
        public let actor: EventActor
        /// Nil once a court-ordered destruction removed the event's payload.
        public let record: RecordState?
        public let isRedacted: Bool

        public init(sequence: UInt64, version: UInt32, type: String, recordedAt: LedgerTime, actor: EventActor, record: RecordState?, isRedacted: Bool) {
            self.sequence = sequence
            self.version = version
            self.type = type
            self.recordedAt = recordedAt
            self.actor = actor
            self.record = record
            self.isRedacted = isRedacted
        }
    }

    /// A query whose answer included the record.
    public struct Access: Hashable, Sendable, Codable {
        public let sequence: UInt64
        public let recordedAt: LedgerTime
        public let actor: EventActor
        public let purpose: PurposeCode
        public let caseNumber: String?
        public let query: RecordQuery
        /// The version of the record the answer showed.
        public let version: UInt32
    }

    static func events(of number: RecordNumber, in transaction: LedgerReadTransaction) throws -> [RecordedEvent] {
        try transaction.streamEvents(number.stream)
    }

    static func steps(of number: RecordNumber, in ledger: Ledger) throws -> [Step] {
        try ledger.read { transaction in
            var state: RecordState?
            return try events(of: number, in: transaction).map { event in
                state = try fold(state, event, number: number)
                return Step(sequence: event.sequence, version: event.streamVersion, type: event.type, recordedAt: event.recordedAt,
                            actor: event.actor, record: event.isRedacted ? nil : state, isRedacted: event.isRedacted)
            }
        }
    }

    static func state(
        of number: RecordNumber, in ledger: Ledger, through include: (RecordedEvent) -> Bool, at time: LedgerTime? = nil,
        policy: RetentionPolicy
    ) throws -> SearchHit? {
        try ledger.read { transaction in
            var state: RecordState?
            var lastTime: LedgerTime?
            for event in try events(of: number, in: transaction) where include(event) {
                state = try fold(state, event, number: number)
                lastTime = event.recordedAt
            }
            guard let state, let moment = time ?? lastTime else { return nil }
            return SearchHit(record: state, status: state.status(at: moment, policy: policy), score: nil)
        }
    }

    private static func fold(_ state: RecordState?, _ event: RecordedEvent, number: RecordNumber) throws -> RecordState? {
        guard let payload = event.payload, let recordEvent = try RecordEvent(type: event.type, payload: payload) else { return state }
        let action = RecordAction(userID: event.actor.userID, agency: event.actor.agency, at: event.recordedAt, sequence: event.sequence)
        return RecordState.folding(state, recordEvent, number: number, action: action, version: event.streamVersion) ?? state
    }

    static func accesses(to number: RecordNumber, in ledger: Ledger) throws -> [Access] {
        try ledger.read { transaction in
            var sequences: [UInt64] = []
            let prefix = Array(number.text.utf8) + [0]
            try transaction.tables(of: RecordsProjection.self).forEach(in: RecordsProjection.accesses, keyPrefix: prefix) { key, _ in
                if key.count == prefix.count + 8 {
                    sequences.append(key[prefix.count...].reduce(0) { $0 << 8 | UInt64($1) })
                }
                return true
            }
            return try sequences.compactMap { sequence in
                guard let event = try transaction.event(at: sequence), let payload = event.payload else { return nil }
                let access = try RecordJSON.decoder.decode(AccessRecord.self, from: Data(payload))
                guard let returned = access.results.first(where: { $0.number == number }) else { return nil }
                return Access(sequence: sequence, recordedAt: event.recordedAt, actor: event.actor, purpose: access.context.purpose,
                              caseNumber: access.context.caseNumber, query: access.query, version: returned.version)
            }
        }
    }
}

/// Proves a past answer: the same query over the log folded to the position it was read at.
enum AccessRederivation {
    static func rederive(accessSequence: UInt64, in ledger: Ledger, policy: RetentionPolicy) throws
        -> (recorded: [ReturnedRecord], rederived: [ReturnedRecord])
    {
        try ledger.read { transaction in
            guard let event = try transaction.event(at: accessSequence), event.type == AccessRecord.eventType,
                  let payload = event.payload
            else { throw LedgerError.eventNotFound(sequence: accessSequence) }
            let access = try RecordJSON.decoder.decode(AccessRecord.self, from: Data(payload))
            let projection = RecordsProjection()
            let store = MemoryProjectionStore(projection: projection)
            try transaction.forEachEvent(through: access.position) { event in
                try projection.apply(event, to: store)
                return true
            }
            let hits = try RecordSearch.run(access.query, context: access.context, in: store, asOf: access.asOf, policy: policy)
            return (access.results, hits.map { ReturnedRecord(number: $0.number, version: $0.record.version) })
        }
    }
}
