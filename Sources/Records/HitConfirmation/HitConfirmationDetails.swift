import Ledger

/// An inquiring agency's request that the owner confirm a hit before anyone is detained or
/// property seized: a hit is not probable cause.
public struct HitConfirmationRequest: Hashable, Sendable, Codable {
    public enum Priority: String, CaseIterable, Sendable, Codable {
        /// The subject is held or the property in hand: an answer within 10 minutes.
        case urgent
        /// An answer within an hour.
        case routine

        /// How long the owner has to answer.
        public var minutes: Int64 { self == .urgent ? 10 : 60 }
    }

    public var priority: Priority
    /// The inquiring agency's own case or incident number.
    public var caseNumber: String
    public var remarks: String?

    public init(priority: Priority, caseNumber: String, remarks: String? = nil) {
        self.priority = priority
        self.caseNumber = caseNumber
        self.remarks = remarks
    }
}

/// The owner's answer to a request: confirmed, denied, or pending with the minutes it needs.
public struct HitConfirmationAnswer: Hashable, Sendable, Codable {
    public enum Answer: String, CaseIterable, Sendable, Codable {
        case confirmed, denied
        /// Not yet: the owner is checking its file and answers within `withinMinutes`.
        case pending
    }

    /// The sequence of the request event it answers.
    public var request: UInt64
    public var answer: Answer
    /// For a pending answer: the minutes until the final one (at most a day).
    public var withinMinutes: Int?
    public var remarks: String?

    public static let maximumPendingMinutes = 1_440

    public init(request: UInt64, answer: Answer, withinMinutes: Int? = nil, remarks: String? = nil) {
        self.request = request
        self.answer = answer
        self.withinMinutes = withinMinutes
        self.remarks = remarks
    }
}

extension HitConfirmationRequest: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var priority: Priority?, caseNumber: String?, remarks: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "caseNumber" { caseNumber = try reader.readString() }
            else if key == "priority" { priority = try reader.readEnumeration(Priority.self) }
            else if key == "remarks" { remarks = try reader.readOptionalString() }
            else { try reader.skipValue() }
        }
        self.init(priority: try reader.require(priority, "priority"), caseNumber: try reader.require(caseNumber, "caseNumber"), remarks: remarks)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("caseNumber")
        writer.string(caseNumber)
        writer.key("priority")
        writer.string(priority.rawValue)
        writer.member("remarks", remarks)
        writer.endObject()
    }
}

extension HitConfirmationAnswer: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var request: UInt64?, answer: Answer?, withinMinutes: Int?, remarks: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "answer" { answer = try reader.readEnumeration(Answer.self) }
            else if key == "remarks" { remarks = try reader.readOptionalString() }
            else if key == "request" { request = try reader.readUInt64() }
            else if key == "withinMinutes" { withinMinutes = try reader.readOptionalInt() }
            else { try reader.skipValue() }
        }
        self.init(request: try reader.require(request, "request"), answer: try reader.require(answer, "answer"),
                  withinMinutes: withinMinutes, remarks: remarks)
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("answer")
        writer.string(answer.rawValue)
        writer.member("remarks", remarks)
        writer.key("request")
        writer.uint64(request)
        writer.member("withinMinutes", withinMinutes)
        writer.endObject()
    }
}
