import Ledger

/// How far an auditor's reads reach: their own agency's records, or every agency's (state
/// auditors).
public enum AuditScope: Hashable, Sendable, Codable, CustomStringConvertible {
    case statewide
    case agency(String)

    /// Whether a record owned by `owner` lies within the scope (an unknown record does, so that
    /// the answer can say it does not exist).
    public func includes(_ owner: String?) -> Bool {
        switch self {
        case .statewide: return true
        case .agency(let ori): return owner == nil || owner == ori
        }
    }

    /// As access events store it: `statewide`, or the agency's ORI.
    var stored: String {
        switch self {
        case .statewide: return "statewide"
        case .agency(let ori): return ori
        }
    }

    init(stored text: String) throws {
        guard !text.isEmpty else { throw JSONReadError(offset: 0, reason: "an audit scope is statewide or an ORI") }
        self = text == "statewide" ? .statewide : .agency(text)
    }

    public var description: String {
        switch self {
        case .statewide: return "every agency"
        case .agency(let ori): return ori
        }
    }
}

/// JSON: the stored text, `"statewide"` or the ORI.
extension AuditScope {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard !text.isEmpty else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "an audit scope is statewide or an ORI") }
        self = text == "statewide" ? .statewide : .agency(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(stored)
    }
}
