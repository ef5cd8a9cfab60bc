import Ledger

/// One entry of a rap sheet, owned by the agency that added it.
public struct CriminalHistoryEntry: Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case arrest, chargeFiled, pretrial, disposition, sentence, custodyIn, custodyOut
        case supervisionStarted, supervisionViolation, supervisionEnded, program, relief

        /// The past-tense event that records it.
        public var eventType: String {
            switch self {
            case .arrest: return "ArrestRecorded"
            case .chargeFiled: return "ChargeFiled"
            case .pretrial: return "PretrialEventRecorded"
            case .disposition: return "DispositionRecorded"
            case .sentence: return "SentenceRecorded"
            case .custodyIn: return "CustodyBegan"
            case .custodyOut: return "CustodyEnded"
            case .supervisionStarted: return "SupervisionBegan"
            case .supervisionViolation: return "SupervisionViolated"
            case .supervisionEnded: return "SupervisionEnded"
            case .program: return "ProgramRecorded"
            case .relief: return "ReliefAnnotated"
            }
        }
    }

    public enum OffenseLevel: String, CaseIterable, Sendable, Codable {
        case felony, misdemeanor, infraction
    }

    /// Disposition outcomes.
    public enum Outcome: String, CaseIterable, Sendable, Codable {
        case convicted, dismissed, acquitted, diverted
    }

    /// California relief statutes that narrow who may see an arrest.
    public enum Relief: String, CaseIterable, Sendable, Codable {
        /// PC 851.91 petition sealing: only the subject and criminal-justice agencies may see it.
        case sealedPetition = "PC 851.91"
        /// PC 851.93 / 1203.425 automatic ("Clean Slate") relief.
        case cleanSlate = "PC 851.93"
        /// PC 1203.4 dismissal after probation.
        case dismissal = "PC 1203.4"
        /// PC 851.8 factual innocence: the arrest data must be destroyed.
        case factualInnocence = "PC 851.8"
    }

    public var kind: Kind
    public var date: CalendarDate
    /// The arrest this entry follows up (its entry id), for charges, dispositions, sentences, relief.
    public var arrestID: String?
    public var bookingNumber: String?
    /// Statute, written without spaces, e.g. `PC459`.
    public var statute: String?
    public var offenseLevel: OffenseLevel?
    public var offenseDescription: String?
    public var courtCase: String?
    public var outcome: Outcome?
    /// Sentence or supervision terms, e.g. `365 DAYS JAIL, 3 YEARS PROBATION`.
    public var terms: String?
    public var relief: Relief?
    public var remarks: String?

    public init(
        kind: Kind, date: CalendarDate, arrestID: String? = nil, bookingNumber: String? = nil, statute: String? = nil,
        offenseLevel: OffenseLevel? = nil, offenseDescription: String? = nil, courtCase: String? = nil,
        outcome: Outcome? = nil, terms: String? = nil, relief: Relief? = nil, remarks: String? = nil
    ) {
        self.kind = kind
        self.date = date
        self.arrestID = arrestID
        self.bookingNumber = bookingNumber
        self.statute = statute
        self.offenseLevel = offenseLevel
        self.offenseDescription = offenseDescription
        self.courtCase = courtCase
        self.outcome = outcome
        self.terms = terms
        self.relief = relief
        self.remarks = remarks
    }
}

/// A person's criminal history (CORI): opened for a person record, then added to entry by entry.
public struct CriminalHistoryFacts: Hashable, Sendable, Codable {
    /// The person record this history belongs to.
    public var person: RecordNumber
    /// The subject's identity when the history was opened (copied from the person record).
    public var subject: PersonIdentity

    public init(person: RecordNumber, subject: PersonIdentity) {
        self.person = person
        self.subject = subject
    }
}
