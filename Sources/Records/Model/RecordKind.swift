import Ledger

/// The files Blotter keeps, with the NCIC-style file code each record number starts with.
public enum RecordKind: String, CaseIterable, Sendable, Codable {
    case person
    case criminalHistory
    case protectiveOrder
    case vehicleRegistration
    case driverLicence
    case offenderRegistration
    case wantedPerson
    case missingPerson
    case stolenVehicle
    case stolenPlate
    case stolenGun
    case stolenArticle

    public var fileCode: String {
        switch self {
        case .person: return "P"
        case .criminalHistory: return "C"
        case .protectiveOrder: return "H"
        case .vehicleRegistration: return "R"
        case .driverLicence: return "D"
        case .offenderRegistration: return "S"
        case .wantedPerson: return "W"
        case .missingPerson: return "M"
        case .stolenVehicle: return "V"
        case .stolenPlate: return "L"
        case .stolenGun: return "G"
        case .stolenArticle: return "A"
        }
    }

    public init?(fileCode: String) {
        guard let kind = RecordKind.allCases.first(where: { $0.fileCode == fileCode }) else { return nil }
        self = kind
    }

    /// Whether the owner must re-confirm the record 60-90 days after entry and yearly, and
    /// whether a second person of the owning agency must check the entry.
    public var requiresValidation: Bool {
        switch self {
        case .protectiveOrder, .wantedPerson, .missingPerson, .stolenVehicle, .stolenPlate, .stolenGun, .stolenArticle:
            return true
        case .person, .criminalHistory, .vehicleRegistration, .driverLicence, .offenderRegistration:
            return false
        }
    }

    /// Whether another agency may place a locate on it (NCIC's hit files).
    public var acceptsLocates: Bool {
        switch self {
        case .wantedPerson, .missingPerson, .stolenVehicle, .stolenPlate, .stolenGun, .stolenArticle:
            return true
        default:
            return false
        }
    }

    /// Whether the owner closes it with a clear (the subject found, the property recovered).
    public var acceptsClears: Bool { acceptsLocates }
}

/// A record's number: its kind's file code and the ten-digit sequence of the event that entered
/// it, e.g. `W0000001234`. Unique, never reused, and free of personal data (it names a stream).
public struct RecordNumber: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let text: String

    public init(kind: RecordKind, sequence: UInt64) {
        let digits = String(sequence)
        text = kind.fileCode + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// Parses a record number; nil unless it is a file code followed by ten digits.
    public init?(_ text: String) {
        // Checked on the UTF-8 bytes: name searches parse a number for every candidate.
        let bytes = text.utf8
        guard bytes.count == 11, RecordKind(fileCode: String(text.prefix(1))) != nil,
              bytes.dropFirst().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self.text = text
    }

    public var kind: RecordKind { RecordKind(fileCode: String(text.prefix(1)))! }
    /// The ledger stream holding the record's events.
    public var stream: String { "record/" + text }
    public var description: String { text }

    public static func < (left: RecordNumber, right: RecordNumber) -> Bool { left.text < right.text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = RecordNumber(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not a record number")
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
