import Foundation
import Ledger

/// Everything that can happen to a record, as the facts the ledger stores. Each case is one
/// event type (its `type` in the ledger); the payload is the case's JSON.
public enum RecordEvent: Hashable, Sendable {
    case entered(RecordFacts)
    case modified(RecordFacts)
    case cancelled(reason: String)
    case cleared(ClearDetails)
    case located(LocateDetails)
    case entryChecked
    case validated(remarks: String?)
    case orderServed(ServiceDetails)
    case orderRenewed(expiresOn: CalendarDate?)
    case orderTerminated(TerminationDetails)
    case historyEntryAdded(id: String, entry: CriminalHistoryEntry)
    case registrantMoved(OffenderRegistrationFacts.Address)
    case annualUpdateRecorded(on: CalendarDate)

    /// The event's type in the ledger: a past-tense fact.
    public var type: String {
        switch self {
        case .entered: return "RecordEntered"
        case .modified: return "RecordModified"
        case .cancelled: return "RecordCancelled"
        case .cleared: return "RecordCleared"
        case .located: return "RecordLocated"
        case .entryChecked: return "EntryChecked"
        case .validated: return "RecordValidated"
        case .orderServed: return "OrderServed"
        case .orderRenewed: return "OrderRenewed"
        case .orderTerminated: return "OrderTerminated"
        case .historyEntryAdded(_, let entry): return entry.kind.eventType
        case .registrantMoved: return "RegistrantMoved"
        case .annualUpdateRecorded: return "AnnualUpdateRecorded"
        }
    }

    static let historyEventTypes = Set(CriminalHistoryEntry.Kind.allCases.map(\.eventType))
    private struct Reason: Codable { let reason: String }
    private struct Remarks: Codable { let remarks: String? }
    private struct Expiry: Codable { let expiresOn: CalendarDate? }
    private struct HistoryEntry: Codable { let id: String; let entry: CriminalHistoryEntry }
    private struct AnnualUpdate: Codable { let on: CalendarDate }
    private struct Empty: Codable {}

    /// The payload bytes: JSON with sorted keys, so the same event always has the same bytes.
    public func payload() throws -> [UInt8] {
        let encoder = RecordJSON.encoder
        switch self {
        case .entered(let facts), .modified(let facts): return Array(try encoder.encode(facts))
        case .cancelled(let reason): return Array(try encoder.encode(Reason(reason: reason)))
        case .cleared(let details): return Array(try encoder.encode(details))
        case .located(let details): return Array(try encoder.encode(details))
        case .entryChecked: return Array(try encoder.encode(Empty()))
        case .validated(let remarks): return Array(try encoder.encode(Remarks(remarks: remarks)))
        case .orderServed(let details): return Array(try encoder.encode(details))
        case .orderRenewed(let expiresOn): return Array(try encoder.encode(Expiry(expiresOn: expiresOn)))
        case .orderTerminated(let details): return Array(try encoder.encode(details))
        case .historyEntryAdded(let id, let entry): return Array(try encoder.encode(HistoryEntry(id: id, entry: entry)))
        case .registrantMoved(let address): return Array(try encoder.encode(address))
        case .annualUpdateRecorded(let date): return Array(try encoder.encode(AnnualUpdate(on: date)))
        }
    }

    /// Decodes an event of a record stream; nil for types that are not record events.
    public init?(type: String, payload: [UInt8]) throws {
        let decoder = RecordJSON.decoder
        let data = Data(payload)
        switch type {
        case "RecordEntered": self = .entered(try decoder.decode(RecordFacts.self, from: data))
        case "RecordModified": self = .modified(try decoder.decode(RecordFacts.self, from: data))
        case "RecordCancelled": self = .cancelled(reason: try decoder.decode(Reason.self, from: data).reason)
        case "RecordCleared": self = .cleared(try decoder.decode(ClearDetails.self, from: data))
        case "RecordLocated": self = .located(try decoder.decode(LocateDetails.self, from: data))
        case "EntryChecked": self = .entryChecked
        case "RecordValidated": self = .validated(remarks: try decoder.decode(Remarks.self, from: data).remarks)
        case "OrderServed": self = .orderServed(try decoder.decode(ServiceDetails.self, from: data))
        case "OrderRenewed": self = .orderRenewed(expiresOn: try decoder.decode(Expiry.self, from: data).expiresOn)
        case "OrderTerminated": self = .orderTerminated(try decoder.decode(TerminationDetails.self, from: data))
        case "RegistrantMoved": self = .registrantMoved(try decoder.decode(OffenderRegistrationFacts.Address.self, from: data))
        case "AnnualUpdateRecorded": self = .annualUpdateRecorded(on: try decoder.decode(AnnualUpdate.self, from: data).on)
        case _ where RecordEvent.historyEventTypes.contains(type):
            let decoded = try decoder.decode(HistoryEntry.self, from: data)
            self = .historyEntryAdded(id: decoded.id, entry: decoded.entry)
        default:
            return nil
        }
    }
}

/// The one JSON configuration for every stored payload: sorted keys (stable bytes), no
/// escaped slashes, nothing that depends on the locale or the clock.
enum RecordJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder { JSONDecoder() }
}
