import Ledger

/// What a user asks of a record: the transaction vocabulary (NCIC message keys) and the
/// kind-specific transactions. Commands are imperatives; the events they produce are facts.
public enum RecordCommand: Hashable, Sendable {
    /// Enter a new record owned by the acting agency.
    case enter(RecordFacts)
    /// Replace a record's facts (owner only; never its kind or identity). `expectedVersion` is
    /// the version the user read, so two operators cannot overwrite each other.
    case modify(RecordNumber, RecordFacts, expectedVersion: UInt32)
    /// Withdraw a record entered in error or no longer valid (owner only), repeating the name
    /// (or the property's number) exactly as entered.
    case cancel(RecordNumber, reason: String, identifierAsEntered: String)
    /// Close a record because the subject was apprehended or found, or the property recovered (owner only).
    case clear(RecordNumber, ClearDetails)
    /// Report that another agency found the person or property, after the owner confirmed the hit.
    case locate(RecordNumber, LocateDetails)
    /// A user who received a criminal history records passing it on (secondary dissemination).
    case recordDissemination(RecordNumber, DisseminationDetails)
    /// The second-party check: another user of the owning agency confirms the entry.
    case checkEntry(RecordNumber)
    /// The owner re-confirms the record is still valid.
    case validate(RecordNumber, remarks: String?)
    case serveOrder(RecordNumber, ServiceDetails)
    case renewOrder(RecordNumber, expiresOn: CalendarDate?)
    case terminateOrder(RecordNumber, TerminationDetails)
    /// Add an arrest, charge, disposition, sentence, custody, supervision, program or relief
    /// entry to a criminal history (any criminal-justice agency; it owns what it adds).
    case addHistoryEntry(RecordNumber, CriminalHistoryEntry)
    /// Correct a rap-sheet entry (the agency that added it): the entry as it should read, same
    /// kind, and why; the original stays in the state's corrections and in the log.
    case correctHistoryEntry(RecordNumber, id: String, entry: CriminalHistoryEntry, reason: String)
    /// A registrant's move.
    case reportMove(RecordNumber, OffenderRegistrationFacts.Address)
    case recordAnnualUpdate(RecordNumber, on: CalendarDate)
    /// Ask the owner to confirm a hit (another agency): a locate needs a confirmed one. Asked
    /// again once overdue it is the second request; once more, the escalation.
    case requestHitConfirmation(RecordNumber, HitConfirmationRequest)
    /// The owner's answer to a request to confirm a hit.
    case answerHitConfirmation(RecordNumber, HitConfirmationAnswer)

    /// The record the command acts on; nil for an entry.
    public var target: RecordNumber? {
        switch self {
        case .enter: return nil
        case .modify(let number, _, _), .cancel(let number, _, _), .clear(let number, _), .locate(let number, _), .recordDissemination(let number, _),
             .checkEntry(let number), .validate(let number, _), .serveOrder(let number, _), .renewOrder(let number, _),
             .terminateOrder(let number, _), .addHistoryEntry(let number, _), .correctHistoryEntry(let number, _, _, _), .reportMove(let number, _),
             .recordAnnualUpdate(let number, _), .requestHitConfirmation(let number, _), .answerHitConfirmation(let number, _):
            return number
        }
    }

    /// A short name for logs and rejection events, e.g. `cancel`.
    public var name: String {
        switch self {
        case .enter: return "enter"
        case .modify: return "modify"
        case .cancel: return "cancel"
        case .clear: return "clear"
        case .locate: return "locate"
        case .recordDissemination: return "recordDissemination"
        case .checkEntry: return "checkEntry"
        case .validate: return "validate"
        case .serveOrder: return "serveOrder"
        case .renewOrder: return "renewOrder"
        case .terminateOrder: return "terminateOrder"
        case .addHistoryEntry: return "addHistoryEntry"
        case .correctHistoryEntry: return "correctHistoryEntry"
        case .reportMove: return "reportMove"
        case .recordAnnualUpdate: return "recordAnnualUpdate"
        case .requestHitConfirmation: return "requestHitConfirmation"
        case .answerHitConfirmation: return "answerHitConfirmation"
        }
    }
}

/// One reason a command was refused: the field at fault (a JSON-path-like name such as
/// `subject.dateOfBirth`, or nil for a rule about the whole record) and what is wrong with it.
public struct FieldProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public let field: String?
    public let message: String

    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}

/// A refused command. The refusal itself is an event (`CommandRejected`), so every refusal
/// is in the ledger with who asked, what and why; nothing else was written.
public struct RecordRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Rule: String, Hashable, Sendable, Codable {
        /// A field is missing or invalid.
        case invalidField
        /// The record does not exist.
        case notFound
        /// Only the owning agency may do this.
        case ownerOnly
        /// Only another agency may do this.
        case otherAgencyOnly
        /// The record's lifecycle does not allow it (cancelled, cleared, expired, …).
        case lifecycle
        /// An active record with the same identifiers exists.
        case duplicate
        /// Someone else changed the record since it was read.
        case versionConflict
        /// The idempotency key was used for another request.
        case idempotencyKeyReused
        /// An auditor asked for what lies outside the scope they were granted.
        case outsideScope
        /// A read by number of a record no longer in force (the historical file) by a reader
        /// without the right to it.
        case historicalFile
        /// Only the recipient a discovery order names may export it.
        case notRecipient
        /// The court vacated the discovery order: nothing more is exported under it.
        case orderVacated
        /// A locate needs the owner's confirmation of the hit to the locating agency first.
        case hitNotConfirmed
    }

    public let rule: Rule
    public let problems: [FieldProblem]
    /// The sequence of the `CommandRejected` event that records this refusal.
    public let rejectionSequence: UInt64
    /// For duplicates: the record that already exists.
    public let existingRecord: RecordNumber?

    public var description: String {
        problems.map(\.description).joined(separator: "; ")
    }
}
