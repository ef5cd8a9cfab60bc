/// A message key, as NCIC and CLETS spell them: an action letter and a file code, `EW` (enter
/// wanted), `QV` (query vehicle), `XPO` (cancel protection order); and the two keys of hit
/// confirmation, `YQ` (request) and `YR` (response), whose record number names the file.
///
/// The file codes are the record numbers' (`RecordKind.fileCode`), except protection orders,
/// whose records are numbered `H…` but whose messages keep NCIC's `PO`.
public struct MessageKey: Hashable, Sendable, CustomStringConvertible {
    public enum Action: String, CaseIterable, Sendable {
        case enter = "E"
        case modify = "M"
        case cancel = "X"
        case clear = "C"
        case locate = "L"
        case query = "Q"
        /// Ask the owner to confirm a hit.
        case hitConfirmationRequest = "YQ"
        /// The owner's answer.
        case hitConfirmationResponse = "YR"

        /// Whether a file code follows the action in the key.
        public var takesFile: Bool { self != .hitConfirmationRequest && self != .hitConfirmationResponse }
    }

    public let action: Action
    /// The file; nil for `YQ` and `YR`.
    public let file: RecordKind?

    public init(_ action: Action, _ kind: RecordKind) {
        precondition(action.takesFile, "YQ and YR name no file")
        self.action = action
        self.file = kind
    }

    private init(fileless action: Action) {
        self.action = action
        self.file = nil
    }

    public static let hitConfirmationRequest = MessageKey(fileless: .hitConfirmationRequest)
    public static let hitConfirmationResponse = MessageKey(fileless: .hitConfirmationResponse)

    /// Parses `EW`, `QPO`, `YQ`, …; nil for anything else.
    public init?(_ text: String) {
        if let fileless = Action(rawValue: text), !fileless.takesFile {
            self.init(fileless: fileless)
            return
        }
        guard let first = text.first, let action = Action(rawValue: String(first)), action.takesFile,
              let kind = Self.kind(fileCode: String(text.dropFirst())) else { return nil }
        self.init(action, kind)
    }

    /// The file of a key that has one (every action but `YQ` and `YR`, which translate
    /// without it).
    public var kind: RecordKind {
        guard let file else { preconditionFailure("\(action.rawValue) names no file") }
        return file
    }

    public var text: String { action.rawValue + (file.map(Self.fileCode(of:)) ?? "") }
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
        RecordKind.allCases.flatMap { kind in Action.allCases.filter(\.takesFile).map { MessageKey($0, kind) } }
            + [hitConfirmationRequest, hitConfirmationResponse]
    }
}
