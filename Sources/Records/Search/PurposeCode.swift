import Ledger

/// Why a criminal-history query is made (FBI CJIS purpose codes). R is FBI-only and refused.
public enum PurposeCode: String, CaseIterable, Sendable, Codable {
    case administrative = "A"
    case criminalJustice = "C"
    case domesticViolence = "D"
    case firearms = "F"
    case publicHousing = "H"
    case licensingOrEmployment = "I"
    case criminalJusticeEmployment = "J"
    case nationalSecurity = "S"
    case visa = "V"
    case exigentChildPlacement = "X"

    /// Purposes whose queries must name the case or incident they serve [unverified default:
    /// the investigative purposes].
    public var requiresCaseNumber: Bool {
        switch self {
        case .criminalJustice, .domesticViolence, .nationalSecurity, .exigentChildPlacement: return true
        default: return false
        }
    }

    /// Whether the purpose is a criminal-justice one (sealed arrests stay visible to these).
    public var isCriminalJustice: Bool {
        self == .criminalJustice || self == .domesticViolence || self == .criminalJusticeEmployment
    }
}
