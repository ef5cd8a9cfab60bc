import Ledger

/// A court's order that the defense receive the records about one selection, and how they
/// were accessed: entered by a court clerk (`DiscoveryOrdered`, on stream `discovery/<id>`),
/// then exported by the one recipient it names, a user with the discovery role. Nobody exports
/// what no order names, and no recipient names themselves.
public struct DiscoveryOrder: Hashable, Sendable {
    public static let eventType = "DiscoveryOrdered"
    public static let maximumIDLength = 64
    public static let maximumTextLength = 200

    /// The court's number for the order; names its stream.
    public let id: String
    /// The order's citation: court, case, date, as a court writes it.
    public let citation: String
    /// The criminal case the discovery serves.
    public let caseNumber: String
    /// The user who may export it (a discovery recipient).
    public let recipient: String
    /// Whose records: a person (state id, FBI number, or name and date of birth), a case
    /// number, or one record.
    public let selection: RecordQuery
    /// Only events recorded from `from` (included) to `to` (excluded); nil is open.
    public let from: LedgerTime?
    public let to: LedgerTime?
    /// The court ordered sealed arrests (sealing, Clean Slate relief) disclosed too.
    public let disclosesSealedArrests: Bool

    public init(
        id: String, citation: String, caseNumber: String, recipient: String, selection: RecordQuery,
        from: LedgerTime? = nil, to: LedgerTime? = nil, disclosesSealedArrests: Bool = false
    ) {
        self.id = id
        self.citation = citation
        self.caseNumber = caseNumber
        self.recipient = recipient
        self.selection = selection
        self.from = from
        self.to = to
        self.disclosesSealedArrests = disclosesSealedArrests
    }

    public var stream: String { Self.stream(id: id) }
    public static func stream(id: String) -> String { "discovery/" + id }

    /// What is wrong with the order as entered; empty when nothing.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if !Self.isOrderID(id) {
            problems.append(FieldProblem(field: "id", "1 to \(Self.maximumIDLength) letters, digits and - . _ (the court's order number)"))
        }
        for (field, text) in [("citation", citation), ("caseNumber", caseNumber), ("recipient", recipient)] {
            if !Self.isOneLine(text, atMost: Self.maximumTextLength) {
                problems.append(FieldProblem(field: field, "required: one line of at most \(Self.maximumTextLength) bytes"))
            }
        }
        switch selection {
        case .stateID, .fbiNumber, .name, .caseNumber, .recordNumber: break
        default:
            problems.append(FieldProblem(field: "selection.by", "an order selects a person (stateID, fbiNumber, name), a caseNumber or a recordNumber, not \(selection.kind.rawValue)"))
        }
        problems += QueryValidation.problems(selection, QueryContext(purpose: .criminalJustice, caseNumber: caseNumber)).map {
            FieldProblem(field: "selection." + ($0.field ?? "by"), $0.message)
        }
        if let from, let to, from >= to { problems.append(FieldProblem(field: "to", "must be after from")) }
        return problems
    }

    /// Text that is not blank, one line, at most `maximum` bytes: what an order's and a
    /// vacation's text fields hold.
    static func isOneLine(_ text: String, atMost maximum: Int) -> Bool {
        !text.trimmingSpaces.isEmpty && text.utf8.count <= maximum && !text.contains(where: \.isNewline)
    }

    static func isOrderID(_ text: String) -> Bool {
        (1...maximumIDLength).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            }
    }
}

extension DiscoveryOrder: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var id: String?, citation: String?, caseNumber: String?, recipient: String?, selection: RecordQuery?
        var from: LedgerTime?, to: LedgerTime?, sealed: Bool?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "citation" { citation = try reader.readString() }
            else if key == "disclosesSealedArrests" { sealed = try reader.readBool() }
            else if key == "from" { from = try reader.readOptional(LedgerTime.self) }
            else if key == "id" { id = try reader.readString() }
            else if key == "recipient" { recipient = try reader.readString() }
            else if key == "selection" { selection = try reader.read(RecordQuery.self) }
            else if key == "to" { to = try reader.readOptional(LedgerTime.self) }
            else { try reader.skipValue() }
        }
        self.init(
            id: try reader.require(id, "id"), citation: try reader.require(citation, "citation"),
            caseNumber: try reader.require(caseNumber, "caseNumber"), recipient: try reader.require(recipient, "recipient"),
            selection: try reader.require(selection, "selection"), from: from, to: to,
            disclosesSealedArrests: try reader.require(sealed, "disclosesSealedArrests"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("citation")
        writer.string(citation)
        writer.key("disclosesSealedArrests")
        writer.bool(disclosesSealedArrests)
        writer.member("from", from)
        writer.key("id")
        writer.string(id)
        writer.key("recipient")
        writer.string(recipient)
        writer.key("selection")
        writer.value(selection)
        writer.member("to", to)
        writer.endObject()
    }
}

extension DiscoveryOrder: Codable {
    private enum CodingKeys: String, CodingKey { case id, citation, caseNumber, recipient, selection, from, to, disclosesSealedArrests }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), citation: try container.decode(String.self, forKey: .citation),
            caseNumber: try container.decode(String.self, forKey: .caseNumber), recipient: try container.decode(String.self, forKey: .recipient),
            selection: try container.decode(RecordQuery.self, forKey: .selection),
            from: try container.decodeIfPresent(LedgerTime.self, forKey: .from), to: try container.decodeIfPresent(LedgerTime.self, forKey: .to),
            disclosesSealedArrests: try container.decodeIfPresent(Bool.self, forKey: .disclosesSealedArrests) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(citation, forKey: .citation)
        try container.encode(caseNumber, forKey: .caseNumber)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(selection, forKey: .selection)
        try container.encodeIfPresent(from, forKey: .from)
        try container.encodeIfPresent(to, forKey: .to)
        try container.encode(disclosesSealedArrests, forKey: .disclosesSealedArrests)
    }
}
