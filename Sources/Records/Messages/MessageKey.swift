/// A message key, as NCIC and CLETS spell them: an action letter and a file code, `EW` (enter
/// wanted), `QV` (query vehicle), `XPO` (cancel protection order).
///
/// The file codes are the record numbers' (`RecordKind.fileCode`), except protection orders,
/// whose records are numbered `H…` but whose messages keep NCIC's `PO`.
public struct MessageKey: Hashable, Sendable, CustomStringConvertible {
    public enum Action: Character, CaseIterable, Sendable {
        case enter = "E"
        case modify = "M"
        case cancel = "X"
        case clear = "C"
        case locate = "L"
        case query = "Q"

        /// What a reply calls the action, e.g. `ENTER`.
        public var word: String {
            switch self {
            case .enter: return "ENTER"
            case .modify: return "MODIFY"
            case .cancel: return "CANCEL"
            case .clear: return "CLEAR"
            case .locate: return "LOCATE"
            case .query: return "QUERY"
            }
        }
    }

    public let action: Action
    public let kind: RecordKind

    public init(_ action: Action, _ kind: RecordKind) {
        self.action = action
        self.kind = kind
    }

    /// Parses `EW`, `QPO`, …; nil for anything else.
    public init?(_ text: String) {
        guard let first = text.first, let action = Action(rawValue: first),
              let kind = Self.kind(fileCode: String(text.dropFirst())) else { return nil }
        self.init(action, kind)
    }

    public var text: String { String(action.rawValue) + Self.fileCode(of: kind) }
    public var description: String { text }

    /// A kind's file code in messages.
    public static func fileCode(of kind: RecordKind) -> String {
        kind == .protectiveOrder ? "PO" : kind.fileCode
    }

    static func kind(fileCode: String) -> RecordKind? {
        if fileCode == "PO" { return .protectiveOrder }
        guard fileCode != RecordKind.protectiveOrder.fileCode else { return nil }
        return RecordKind(fileCode: fileCode)
    }

    /// Every key, in the order `Docs/messages.md` lists them.
    public static var all: [MessageKey] {
        RecordKind.allCases.flatMap { kind in Action.allCases.map { MessageKey($0, kind) } }
    }
}
