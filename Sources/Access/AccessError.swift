/// Operating errors of the access layer. A refusal of an authenticated user's request carries
/// the sequence of the event that recorded it.
public enum AccessError: Error, CustomStringConvertible, Equatable {
    case misconfigured(String)
    case invalid(field: String, reason: String, eventSequence: UInt64? = nil)
    case notFound(String, eventSequence: UInt64? = nil)
    case denied(rule: String, reason: String, eventSequence: UInt64? = nil)
    case authenticationFailed(String)
    /// A valid credential of an account that cannot be used (disabled, locked, unused past the
    /// limit): refused like any failed authentication, but recorded against the account.
    case accountBlocked(userID: String, agency: String, reason: String)

    public var description: String {
        switch self {
        case .misconfigured(let reason): return reason
        case .invalid(let field, let reason, _): return "\(field): \(reason)"
        case .notFound(let what, _): return "\(what) not found"
        case .denied(let rule, let reason, _): return "\(reason) (rule \(rule))"
        case .authenticationFailed(let reason): return reason
        case .accountBlocked(_, _, let reason): return "the account cannot be used: \(reason)"
        }
    }

    /// The event that recorded the refusal, when one did.
    public var eventSequence: UInt64? {
        switch self {
        case .invalid(_, _, let sequence), .notFound(_, let sequence), .denied(_, _, let sequence): return sequence
        case .misconfigured, .authenticationFailed, .accountBlocked: return nil
        }
    }
}
