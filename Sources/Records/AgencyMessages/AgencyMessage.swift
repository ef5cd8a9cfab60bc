import Ledger

/// An administrative message from one agency to others: CLETS's way for agencies to reach each
/// other (a BOLO, a request for a report, a notice to every agency of a county).
public struct AgencyMessage: Hashable, Sendable, Codable {
    /// Who it is for, as the sender addressed it; the service resolves it to agencies.
    public enum Addressees: Hashable, Sendable {
        case agency(String)
        case agencies([String])
        /// Every registered agency whose ORI starts with this prefix: `CA034` is every agency
        /// of Sacramento County, `CA` every agency of the state.
        case region(String)
    }

    public enum Priority: String, CaseIterable, Sendable, Codable {
        case routine, urgent
    }

    public var to: Addressees
    public var subject: String
    public var text: String
    public var priority: Priority

    /// Most agencies one message reaches: a region wider than this is refused, not cut short.
    public static let maximumRecipients = 1_000
    public static let maximumSubjectLength = 80
    public static let maximumTextLength = 4_000

    public init(to: Addressees, subject: String, text: String, priority: Priority = .routine) {
        self.to = to
        self.subject = subject
        self.text = text
        self.priority = priority
    }
}

/// The events of administrative messages and the streams they live on.
enum AgencyMessageEvents {
    /// On the sender's outbox: the message, its addressing and the agencies it reached.
    static let sent = "AgencyMessageSent"
    /// On each recipient's inbox: `{"message": id}`.
    static let delivered = "AgencyMessageDelivered"
    /// On the message's own stream: a user of a recipient agency opened it (the read receipt,
    /// and the record of who saw its text).
    static let read = "AgencyMessageRead"

    static func outbox(_ agency: String) -> String { "agency-outbox/" + agency }
    static func inbox(_ agency: String) -> String { "agency-inbox/" + agency }
    static func message(_ id: UInt64) -> String { "agency-message/" + String(id) }
}

/// The `AgencyMessageSent` payload: the message and the agencies it was delivered to, sorted.
struct SentAgencyMessage: Hashable, Sendable {
    let message: AgencyMessage
    let recipients: [String]
}

extension AgencyMessage.Addressees: Codable {
    private enum CodingKeys: String, CodingKey { case agency, agencies, region }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "name exactly one of agency, agencies or region"))
        }
        if let agency = try container.decodeIfPresent(String.self, forKey: .agency) { self = .agency(agency) }
        else if let agencies = try container.decodeIfPresent([String].self, forKey: .agencies) { self = .agencies(agencies) }
        else { self = .region(try container.decode(String.self, forKey: .region)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .agency(let agency): try container.encode(agency, forKey: .agency)
        case .agencies(let agencies): try container.encode(agencies, forKey: .agencies)
        case .region(let region): try container.encode(region, forKey: .region)
        }
    }
}

extension AgencyMessage.Addressees: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var found: AgencyMessage.Addressees?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "agency" { found = .agency(try reader.readString()) }
            else if key == "agencies" { found = .agencies(try reader.readStringArray()) }
            else if key == "region" { found = .region(try reader.readString()) }
            else { try reader.skipValue() }
        }
        self = try reader.require(found, "to")
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .agency(let agency):
            writer.key("agency")
            writer.string(agency)
        case .agencies(let agencies):
            writer.key("agencies")
            writer.stringArray(agencies)
        case .region(let region):
            writer.key("region")
            writer.string(region)
        }
        writer.endObject()
    }
}

extension SentAgencyMessage: CanonicalJSON {
    init(canonicalJSON reader: inout JSONReader) throws {
        var priority: AgencyMessage.Priority?, recipients: [String]?, subject: String?, text: String?, to: AgencyMessage.Addressees?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "priority" { priority = try reader.readEnumeration(AgencyMessage.Priority.self) }
            else if key == "recipients" { recipients = try reader.readStringArray() }
            else if key == "subject" { subject = try reader.readString() }
            else if key == "text" { text = try reader.readString() }
            else if key == "to" { to = try reader.read(AgencyMessage.Addressees.self) }
            else { try reader.skipValue() }
        }
        let message = AgencyMessage(to: try reader.require(to, "to"), subject: try reader.require(subject, "subject"),
                                    text: try reader.require(text, "text"), priority: try reader.require(priority, "priority"))
        self.init(message: message, recipients: try reader.require(recipients, "recipients"))
    }

    func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("priority")
        writer.string(message.priority.rawValue)
        writer.key("recipients")
        writer.stringArray(recipients)
        writer.key("subject")
        writer.string(message.subject)
        writer.key("text")
        writer.string(message.text)
        writer.key("to")
        writer.value(message.to)
        writer.endObject()
    }
}
