import Ledger

/// Everything that identifies a person, "packed" as NCIC asks: every identifier known.
public struct PersonIdentity: Hashable, Sendable, Codable {
    public var name: PersonName
    public var aliases: [PersonName]
    public var dateOfBirth: CalendarDate
    /// M, F, X or U.
    public var sex: String
    /// NCIC race code: A, B, I, U or W.
    public var race: String
    /// Feet then inches: `510` is 5 ft 10 in.
    public var height: String?
    /// Pounds.
    public var weight: Int?
    /// Three-letter colour code (BRO, BLK, BLU, GRN, HAZ, XXX, …).
    public var eyes: String?
    public var hair: String?
    /// Scars, marks and tattoos, as described.
    public var scarsMarksTattoos: [String]
    /// The state identification number (California's CII).
    public var stateID: String?
    public var fbiNumber: String?
    public var licenceNumber: String?
    public var licenceState: String?
    public var socialSecurityNumber: String?

    public init(
        name: PersonName, aliases: [PersonName] = [], dateOfBirth: CalendarDate, sex: String, race: String,
        height: String? = nil, weight: Int? = nil, eyes: String? = nil, hair: String? = nil,
        scarsMarksTattoos: [String] = [], stateID: String? = nil, fbiNumber: String? = nil,
        licenceNumber: String? = nil, licenceState: String? = nil, socialSecurityNumber: String? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.race = race
        self.height = height
        self.weight = weight
        self.eyes = eyes
        self.hair = hair
        self.scarsMarksTattoos = scarsMarksTattoos
        self.stateID = stateID
        self.fbiNumber = fbiNumber
        self.licenceNumber = licenceNumber
        self.licenceState = licenceState
        self.socialSecurityNumber = socialSecurityNumber
    }

    /// The name and every alias.
    public var allNames: [PersonName] { [name] + aliases }
}
