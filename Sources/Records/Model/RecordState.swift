import Ledger

/// Who did something to a record, and when (from the event that did it).
public struct RecordAction: Hashable, Sendable, Codable {
    public let userID: String
    public let agency: String
    public let at: LedgerTime
    public let sequence: UInt64
}

/// A record as its events have made it: the projection's value, and what every answer returns.
public struct RecordState: Hashable, Sendable, Codable {
    public let number: RecordNumber
    public var facts: RecordFacts
    /// The owning agency's ORI: the agency that entered it.
    public let owner: String
    public let entered: RecordAction
    /// The stream version of the last event folded in.
    public var version: UInt32
    public var lastSequence: UInt64
    public var lastChangedAt: LedgerTime

    public var cancelled: Cancellation?
    public var cleared: Clearance?
    public var locates: [Locate] = []
    /// The second-party check; nil while the entry is unchecked.
    public var checked: RecordAction?
    public var lastValidated: RecordAction?
    public var service: OrderService?
    public var terminated: OrderTermination?
    /// A criminal history's entries, oldest first, each owned by the agency that added it.
    public var history: [HistoryItem] = []
    /// A criminal history passed on to others (secondary dissemination), oldest first; nil
    /// until the first, so the states of records never passed on keep their bytes.
    public var disseminations: [Dissemination]?
    /// Requests to confirm a hit on the record and their answers; nil until the first.
    public var hitConfirmations: [HitConfirmation]?

    public struct Cancellation: Hashable, Sendable, Codable {
        public let reason: String
        public let by: RecordAction
    }

    public struct Clearance: Hashable, Sendable, Codable {
        public let details: ClearDetails
        public let by: RecordAction
    }

    public struct Locate: Hashable, Sendable, Codable {
        public let details: LocateDetails
        public let by: RecordAction
    }

    public struct Dissemination: Hashable, Sendable, Codable {
        public let details: DisseminationDetails
        public let by: RecordAction
    }

    public struct OrderService: Hashable, Sendable, Codable {
        public let details: ServiceDetails
        public let by: RecordAction
    }

    public struct OrderTermination: Hashable, Sendable, Codable {
        public let details: TerminationDetails
        public let by: RecordAction
    }

    public struct HistoryItem: Hashable, Sendable, Codable {
        public let id: String
        /// The entry as it stands: as added, or as last corrected.
        public var entry: CriminalHistoryEntry
        public let by: RecordAction
        /// Each correction, oldest first, with the entry as it was before it; nil until the first.
        public var corrections: [Correction]?

        public struct Correction: Hashable, Sendable, Codable {
            public let previous: CriminalHistoryEntry
            public let reason: String
            public let by: RecordAction
        }
    }

    public var kind: RecordKind { number.kind }

    init(number: RecordNumber, facts: RecordFacts, entered: RecordAction, version: UInt32) {
        self.number = number
        self.facts = facts
        self.owner = entered.agency
        self.entered = entered
        self.version = version
        self.lastSequence = entered.sequence
        self.lastChangedAt = entered.at
    }
}

extension RecordState {
    /// The record after `event`: the fold behind the projection, history and "as of" reads.
    /// Nil when `event` cannot apply to `state` (only an entry can start a record).
    static func folding(
        _ state: RecordState?, _ event: RecordEvent, number: RecordNumber, action: RecordAction, version: UInt32
    ) -> RecordState? {
        var folded = state
        return folded.fold(event, number: number, action: action, version: version) ? folded : nil
    }
}

extension RecordState? {
    /// Folds `event` into the record in place; false (and nothing changed) when it cannot apply
    /// (only an entry starts a record, and a second entry changes nothing).
    mutating func fold(_ event: RecordEvent, number: RecordNumber, action: RecordAction, version: UInt32) -> Bool {
        if case .entered(let facts) = event {
            if self == nil { self = RecordState(number: number, facts: facts, entered: action, version: version) }
            return true
        }
        guard self != nil else { return false }
        // Changed in place (the state is large: a copy out and back was two moves of it an
        // event), its arrays uniquely held, so they grow in place.
        self!.apply(event, action: action)
        self!.version = version
        self!.lastSequence = action.sequence
        self!.lastChangedAt = action.at
        return true
    }
}

extension RecordState? {
    /// Counts an event whose change a later modification replaces: the record's version,
    /// last sequence and time move on as the full fold would move them; nothing else changes.
    mutating func advance(version: UInt32, sequence: UInt64, at time: LedgerTime) {
        guard self != nil else { return }
        self!.version = version
        self!.lastSequence = sequence
        self!.lastChangedAt = time
    }
}

extension RecordState {
    fileprivate mutating func apply(_ event: RecordEvent, action: RecordAction) {
        switch event {
        case .entered: break
        case .modified(let facts): self.facts = facts
        case .cancelled(let reason): cancelled = Cancellation(reason: reason, by: action)
        case .cleared(let details): cleared = Clearance(details: details, by: action)
        case .located(let details): locates.append(Locate(details: details, by: action))
        case .disseminated(let details): disseminations = (disseminations ?? []) + [Dissemination(details: details, by: action)]
        case .entryChecked: checked = action
        case .validated: lastValidated = action
        case .orderServed(let details): service = OrderService(details: details, by: action)
        case .orderRenewed(let expiresOn):
            if case .protectiveOrder(var order) = facts {
                order.expiresOn = expiresOn
                facts = .protectiveOrder(order)
            }
        case .orderTerminated(let details): terminated = OrderTermination(details: details, by: action)
        case .historyEntryAdded(let id, let entry): history.append(HistoryItem(id: id, entry: entry, by: action))
        case .historyEntryCorrected(let id, let entry, let reason):
            // An id naming no entry changes nothing (the rules never append one).
            guard let index = history.firstIndex(where: { $0.id == id }) else { break }
            let correction = HistoryItem.Correction(previous: history[index].entry, reason: reason, by: action)
            history[index].corrections = (history[index].corrections ?? []) + [correction]
            history[index].entry = entry
        case .registrantMoved(let address):
            if case .offenderRegistration(var registration) = facts {
                registration.addresses.append(address)
                facts = .offenderRegistration(registration)
            }
        case .annualUpdateRecorded(let date):
            if case .offenderRegistration(var registration) = facts {
                registration.lastAnnualUpdate = date
                facts = .offenderRegistration(registration)
            }
        case .hitConfirmationRequested(let details):
            hitConfirmations = (hitConfirmations ?? []) + [HitConfirmation(requested: action, details: details)]
        case .hitConfirmationRequestedAgain(let request):
            updateHitConfirmation(request) { $0.requestedAgain.append(action) }
        case .hitConfirmationEscalated(let request):
            updateHitConfirmation(request) { $0.escalated = action }
        case .hitConfirmationAnswered(let answer):
            updateHitConfirmation(answer.request) { $0.answers.append(HitConfirmation.Answered(details: answer, by: action)) }
        }
    }
}

extension RecordState {
    /// Changes the request with id `request`; an event naming no request changes nothing (the
    /// rules never append one).
    fileprivate mutating func updateHitConfirmation(_ request: UInt64, _ change: (inout HitConfirmation) -> Void) {
        guard let index = hitConfirmations?.firstIndex(where: { $0.id == request }) else { return }
        change(&hitConfirmations![index])
    }
}
