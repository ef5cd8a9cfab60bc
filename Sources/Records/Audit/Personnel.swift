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
    /// Why the user could not work at that moment (disabled, unused for too long,
    /// certification lapsed), or nil when they could.
    public private(set) var barredBecause: String?
    /// Where the user lives (`AddressKey.normalized`), when a manager recorded it.
    public let address: String?

    public init(name: String, purposes: Set<PurposeCode>, barredBecause: String?, address: String? = nil) {
        self.name = name
        self.purposes = purposes
        self.barredBecause = barredBecause
        self.address = address.map(AddressKey.normalized).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The same user, barred for `reason` (or not), without normalizing the address again.
    public func barred(_ reason: String?) -> UserStanding {
        var copy = self
        copy.barredBecause = reason
        return copy
    }

    /// The surname in the account's name, upper-case letters only: the part before a comma
    /// (`WHITFIELD, DANA`), else the last word (`Dana Whitfield`). Empty when there is none.
    public var surname: String {
        let part = name.firstIndex(of: ",").map { String(name[..<$0]) } ?? String(name.split(separator: " ").last ?? "")
        return Self.letters(part)
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

    /// Upper-case ASCII letters of `text`, everything else dropped (`O'Neil` → `ONEIL`).
    public static func letters(_ text: String) -> String {
        String(String.UnicodeScalarView(text.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) }))
    }
}
