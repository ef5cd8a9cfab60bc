import Ledger

extension RecordState {
    /// One inquiring agency's request to confirm a hit on the record, with its later requests
    /// and the owner's answers: everything a deadline or a locate is judged by, all from events.
    public struct HitConfirmation: Hashable, Sendable, Codable {
        /// The first request: its sequence is the request's id.
        public let requested: RecordAction
        public let details: HitConfirmationRequest
        /// Second requests, each after the one before went unanswered past its deadline.
        public var requestedAgain: [RecordAction] = []
        /// The request sent on to the state's control terminal when the second went unanswered.
        public var escalated: RecordAction?
        public var answers: [Answered] = []

        public struct Answered: Hashable, Sendable, Codable {
            public let details: HitConfirmationAnswer
            public let by: RecordAction
        }

        public enum Standing: String, Sendable, Codable {
            case open, pending, confirmed, denied
        }

        public init(requested: RecordAction, details: HitConfirmationRequest) {
            self.requested = requested
            self.details = details
        }

        public var id: UInt64 { requested.sequence }
        public var requester: String { requested.agency }

        public var standing: Standing {
            switch answers.last?.details.answer {
            case nil: return .open
            case .pending: return .pending
            case .confirmed: return .confirmed
            case .denied: return .denied
            }
        }

        /// Whether the owner has given its final answer.
        public var isAnswered: Bool { standing == .confirmed || standing == .denied }

        /// When the next answer is due: the priority's minutes after the latest request, or the
        /// minutes a pending answer named after it. Times are the events' own.
        public var deadline: LedgerTime {
            let latestRequest = requestedAgain.last ?? requested
            // A pending answer after the latest request sets the deadline; a request after it,
            // its own.
            if let last = answers.last, last.details.answer == .pending, let minutes = last.details.withinMinutes,
               last.by.sequence > latestRequest.sequence {
                return last.by.at.adding(seconds: Int64(minutes) * 60)
            }
            return latestRequest.at.adding(seconds: details.priority.minutes * 60)
        }

        /// The first request's deadline, which the first answer is measured against.
        public var firstDeadline: LedgerTime { requested.at.adding(seconds: details.priority.minutes * 60) }

        /// Unanswered (or still pending) past its deadline at `time`.
        public func isOverdue(at time: LedgerTime) -> Bool {
            !isAnswered && time > deadline
        }

        /// How late the first answer came (nil if on time or not yet given), in seconds.
        public var lateness: Int64? {
            guard let first = answers.first else { return nil }
            let late = first.by.at.microsecondsSinceEpoch - firstDeadline.microsecondsSinceEpoch
            // Whole seconds, rounded up: a quarter second late is late.
            return late > 0 ? (late + 999_999) / 1_000_000 : nil
        }
    }

    /// The request of `agency` still awaiting a final answer, if any.
    func openHitConfirmation(from agency: String) -> HitConfirmation? {
        hitConfirmations?.last { $0.requester == agency && !$0.isAnswered }
    }

    /// Whether the owner confirmed a hit to `agency` (its latest request's final answer).
    func hitConfirmed(to agency: String) -> Bool {
        hitConfirmations?.last { $0.requester == agency }?.standing == .confirmed
    }
}

extension RecordState {
    /// The `keys` entries that list the record under its owner's incoming and each requester's
    /// outgoing hit confirmations (the owner first, then requesters in order, each once).
    var hitConfirmationKeys: [IndexKey] {
        guard let hitConfirmations, !hitConfirmations.isEmpty else { return [] }
        var requesters: [String] = []
        for confirmation in hitConfirmations where !requesters.contains(confirmation.requester) {
            requesters.append(confirmation.requester)
        }
        return [IndexKey(type: .hitOwner, value: owner)] + requesters.map { IndexKey(type: .hitRequester, value: $0) }
    }
}
