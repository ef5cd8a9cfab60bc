import Ledger

/// A wanted person: who, on what warrant, and how far the agency will extradite.
public struct WantedPersonFacts: Hashable, Sendable, Codable {
    public enum Classification: String, CaseIterable, Sendable, Codable {
        case felony, misdemeanor, temporaryFelony, juvenile
    }

    public enum Extradition: String, CaseIterable, Sendable, Codable {
        /// Will extradite from anywhere.
        case full
        /// Will extradite from the places named in `extraditionLimits`.
        case limited
        /// In-state pickup only.
        case inStateOnly
    }

    public var subject: PersonIdentity
    public var warrantDate: CalendarDate
    /// Statute and description, e.g. `PC 459 BURGLARY`.
    public var offense: String
    public var classification: Classification
    public var extradition: Extradition
    public var extraditionLimits: String?
    /// The agency's own case number (OCA).
    public var caseNumber: String
    public var caution: String?

    public init(
        subject: PersonIdentity, warrantDate: CalendarDate, offense: String, classification: Classification,
        extradition: Extradition, extraditionLimits: String? = nil, caseNumber: String, caution: String? = nil
    ) {
        self.subject = subject
        self.warrantDate = warrantDate
        self.offense = offense
        self.classification = classification
        self.extradition = extradition
        self.extraditionLimits = extraditionLimits
        self.caseNumber = caseNumber
        self.caution = caution
    }
}

/// A missing person reported by an agency.
public struct MissingPersonFacts: Hashable, Sendable, Codable {
    public enum Category: String, CaseIterable, Sendable, Codable {
        case disability, endangered, involuntary, catastropheVictim, juvenile, other
    }

    /// The age from which NCIC's juvenile category no longer applies and "other" does.
    public static let adultAge = 21

    public var subject: PersonIdentity
    public var category: Category
    public var dateOfLastContact: CalendarDate
    public var circumstances: String
    public var caseNumber: String

    public init(subject: PersonIdentity, category: Category, dateOfLastContact: CalendarDate, circumstances: String, caseNumber: String) {
        self.subject = subject
        self.category = category
        self.dateOfLastContact = dateOfLastContact
        self.circumstances = circumstances
        self.caseNumber = caseNumber
    }
}
