import Access
import Foundation
import Records

/// A body that is JSON but not of the shape a route takes, with the field at fault: what
/// `JSONDecoder` reports only as "not valid JSON" (a fraction or a negative number where a
/// whole number belongs).
struct BodyShapeError: Error {
    let field: String?
    let message: String

    /// Fields whose numbers are counts or versions: never below zero.
    static let unsignedFields: Set<String> = ["expectedVersion", "limit", "toleranceDays", "sequence", "treeSize"]

    /// The first number in `body` no field of the API takes, or nil (and the body is then
    /// not JSON at all, or wrong in a way the decoder's own error names).
    static func find(in body: Data) -> BodyShapeError? {
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return nil }
        return find(in: value, path: "")
    }

    private static func find(in value: Any, path: String) -> BodyShapeError? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = find(in: object[key]!, path: path.isEmpty ? key : path + "." + key) { return found }
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = find(in: element, path: path + "[\(index)]") { return found }
            }
        case is Bool, is String:
            break
        case let number as NSNumber:
            let field = path.isEmpty ? nil : path
            let double = number.doubleValue
            if double != double.rounded() { return BodyShapeError(field: field, message: "must be a whole number; \(number) is not") }
            if abs(double) > 9.0e15 { return BodyShapeError(field: field, message: "is out of range") }
            let name = path.split(separator: ".").last.map { String($0.split(separator: "[").first ?? "") } ?? ""
            if double < 0, unsignedFields.contains(name) { return BodyShapeError(field: field, message: "must be a whole number, 0 or more") }
        default:
            break
        }
        return nil
    }
}

/// The values an enumeration field takes, for the message when a body names another.
enum EnumerationValues {
    static func message(for description: String, field: String?) -> String? {
        // "Cannot initialize RecordKind from invalid String value robot"
        let words = description.split(separator: " ")
        guard description.hasPrefix("Cannot initialize"), words.count >= 3, let value = words.last else { return nil }
        guard let allowed = values(typeName: String(words[2]), field: field) else { return "\(value) is not an accepted value" }
        return "\(value) is not one of: \(allowed.joined(separator: ", "))"
    }

    private static func values(typeName: String, field: String?) -> [String]? {
        switch typeName {
        case "RecordKind": return RecordKind.allCases.map(\.rawValue)
        case "PurposeCode": return PurposeCode.allCases.map(\.rawValue)
        case "Role": return Role.allCases.map(\.rawValue)
        case "AgencyAccess": return AgencyAccess.allCases.map(\.rawValue)
        case "Jurisdiction": return Jurisdiction.allCases.map(\.rawValue)
        case "OrderType": return ProtectiveOrderFacts.OrderType.allCases.map(\.rawValue)
        case "Status": return DriverLicenceFacts.Status.allCases.map(\.rawValue)
        case "Classification": return WantedPersonFacts.Classification.allCases.map(\.rawValue)
        case "Extradition": return WantedPersonFacts.Extradition.allCases.map(\.rawValue)
        case "Category": return MissingPersonFacts.Category.allCases.map(\.rawValue)
        case "OffenseLevel": return CriminalHistoryEntry.OffenseLevel.allCases.map(\.rawValue)
        case "Outcome": return CriminalHistoryEntry.Outcome.allCases.map(\.rawValue)
        case "Relief": return CriminalHistoryEntry.Relief.allCases.map(\.rawValue)
        case "Kind": return field == "by" ? RecordQuery.Kind.allCases.map(\.rawValue) : CriminalHistoryEntry.Kind.allCases.map(\.rawValue)
        default: return nil
        }
    }
}
