import Ledger

/// What a misuse report needs to know of the users whose activity it examines: their own name,
/// the purposes their roles serve, and whether they could work at all, as the account events
/// had made them at each moment. The accounts belong to the Access module (which this module
/// cannot import), so it supplies them through this protocol; without it the report leaves
/// out the signals that need them (`MisuseReport.personnelSignals`).
public protocol PersonnelHistory: Sendable {
    /// The accounts as the events through `position` made them, read in `transaction`.
    func personnel(in transaction: LedgerReadTransaction, through position: UInt64) -> any PersonnelLookup
}

/// One report's view of the accounts; used from one thread.
public protocol PersonnelLookup: AnyObject {
    /// `userID`'s account as it stood just before event `sequence`, judged at `time` (when
    /// that event was recorded); nil for a user id no account was ever created for.
    func standing(of userID: String, before sequence: UInt64, at time: LedgerTime) throws -> UserStanding?
}

/// A user at one moment, as far as the misuse signals care.
public struct UserStanding: Hashable, Sendable {
    /// The name on the account, as entered.
    public let name: String
    /// The purposes the user's roles query for; a query for another purpose is a lead.
    public let purposes: Set<PurposeCode>
    /// Why the user could not work at that moment, each rule on its own (the signal weighs them
    /// by what was done): the account disabled, unused past the limit, or its certification
    /// lapsed (or training overdue) for a role that needs one.
    public private(set) var disabled: String?
    public private(set) var unused: String?
    public private(set) var uncertified: String?
    /// Where the user lives (`AddressKey.normalized`), when a manager recorded it.
    public let address: String?

    public init(name: String, purposes: Set<PurposeCode>, disabled: String? = nil, unused: String? = nil, uncertified: String? = nil,
                address: String? = nil) {
        self.name = name
        self.purposes = purposes
        self.disabled = disabled
        self.unused = unused
        self.uncertified = uncertified
        self.address = address.map(AddressKey.normalized).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The first reason the user could not work, if any.
    public var barredBecause: String? { disabled ?? unused ?? uncertified }

    /// The same user with the time-bound reasons judged at one moment, without normalizing the
    /// address again.
    public func judged(disabled: String?, unused: String?, uncertified: String?) -> UserStanding {
        var copy = self
        (copy.disabled, copy.unused, copy.uncertified) = (disabled, unused, uncertified)
        return copy
    }

    /// The surname in the account's name, upper-case letters only: the part before a comma
    /// (`WHITFIELD, DANA`), else every word after the first (`Maria de la Cruz` → `DELACRUZ`),
    /// suffixes (`JR`, `SR`, `II`, `III`, `IV`) left out. Empty when there is none.
    public var surname: String {
        Self.surnameWords(of: name).joined()
    }

    /// The surname as it is matched: the whole of it, and each of its words of three letters or
    /// more (`O'Neil-Whitfield` matches `ONEILWHITFIELD`, `ONEIL` and `WHITFIELD`).
    public var surnameForms: Set<String> {
        Self.forms(Self.surnameWords(of: name))
    }

    /// The first given name, upper-case letters only: the first word after a comma, else the
    /// first word of a name of two words or more.
    public var givenName: String {
        if let comma = name.firstIndex(of: ",") {
            return Self.letters(String(name[name.index(after: comma)...].split(separator: " ").first ?? ""))
        }
        let words = name.split(separator: " ")
        return words.count >= 2 ? Self.letters(String(words[0])) : ""
    }

    static let suffixes: Set<String> = ["JR", "SR", "II", "III", "IV"]

    static func surnameWords(of name: String) -> [String] {
        let part = name.firstIndex(of: ",").map { String(name[..<$0]) } ?? name.split(separator: " ").dropFirst().joined(separator: " ")
        return part.split(whereSeparator: { $0 == " " || $0 == "-" }).map { letters(String($0)) }.filter { !$0.isEmpty && !suffixes.contains($0) }
    }

    /// A surname's forms for matching: its words joined, and each word of three letters or more.
    static func forms(_ words: [String]) -> Set<String> {
        let joined = words.joined()
        guard !joined.isEmpty else { return [] }
        return Set([joined] + words.filter { $0.count >= 3 })
    }

    /// A record's surname (`PersonName.last`) in the same forms.
    static func forms(ofRecordSurname last: String) -> Set<String> {
        forms(last.split(whereSeparator: { $0 == " " || $0 == "-" }).map { letters(String($0)) }.filter { !$0.isEmpty && !suffixes.contains($0) })
    }

    /// Upper-case ASCII letters of `text`, everything else dropped (`O'Neil` → `ONEIL`).
    public static func letters(_ text: String) -> String {
        String(String.UnicodeScalarView(text.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) }))
    }
}
