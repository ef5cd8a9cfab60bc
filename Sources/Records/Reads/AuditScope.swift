/// How far an auditor's reads reach: their own agency's records, or every agency's (state
/// auditors).
public enum AuditScope: Hashable, Sendable, CustomStringConvertible {
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

    public var description: String {
        switch self {
        case .statewide: return "every agency"
        case .agency(let ori): return ori
        }
    }
}
