import Foundation
import Ledger

/// The signals auditors look for (domain brief section 8), computed over the accesses of a
/// period: each finding names who, what, and the access events behind it, so an auditor can
/// open each one (`blotter reproduce SEQ`, the user's activity). Findings are leads, not
/// verdicts: a case number explains most of them.
public struct MisuseReport: Hashable, Sendable, Codable {
    public enum Signal: String, Hashable, Sendable, Codable, CaseIterable {
        /// Searches and reads with no case or incident number.
        case noCaseNumber
        /// One record shown to many users within a day (a victim in the news).
        case manyUsersOneRecord
        /// A day with far more accesses than the user's usual day.
        case volumeSpike
        /// The same record looked up by the same user on several days over weeks, not under
        /// one case number (an ex-partner, a neighbour).
        case repeatedLookups
        /// A user whose subjects are of one sex far more often than everyone's.
        case sexSkew
        /// Reads of the records of a subject on the watch list (`WatchList`).
        case flaggedSubject
        /// Reads at hours of the day the user hardly ever works (UTC; the user's own hours are
        /// the baseline, so an agency's time zone does not matter).
        case unusualHours
        /// Searches for, or records shown of, people with the user's own surname (a record's
        /// subject, or a person a protective order protects).
        case ownSurname
        /// Records shown that hold the user's own home address.
        case userAddress
        /// Searches and reads for a purpose none of the user's roles serves.
        case purposeOutsideRole
        /// Searches, reads, logins or refused requests while the user's account could not
        /// work: disabled (someone who left), unused past the limit, or certification lapsed.
        case activityWhileBarred
    }

    /// The signals that need the users' accounts; a report computed without them says so.
    public static let personnelSignals: [Signal] = [.ownSurname, .userAddress, .purposeOutsideRole, .activityWhileBarred]

    public struct Finding: Hashable, Sendable, Codable {
        public let signal: Signal
        public let userID: String?
        public let agency: String?
        public let number: RecordNumber?
        public let summary: String
        /// The access events behind it, ascending (at most `MisuseReport.maximumEventsPerFinding`).
        public let events: [UInt64]
        /// How many events are behind it, listed or not.
        public let eventCount: Int
    }

    /// The thresholds the signals fire at: the report states them, so a reader knows what was asked.
    public struct Thresholds: Hashable, Sendable, Codable {
        public var distinctUsersPerRecordPerDay = 5
        public var spikeMinimumAccesses = 20
        public var spikeTimesUsualDay = 3
        public var repeatedLookupDays = 3
        public var repeatedLookupSpanDays = 14
        public var sexSkewMinimumSubjects = 20
        public var sexSkewPercentagePoints = 35
        /// Reads a user needs in the period before their hours are judged.
        public var unusualHoursMinimumAccesses = 20
        /// An hour of the day holding less than this share of the user's reads is unusual for them.
        public var unusualHoursMaximumPercent = 10
        /// Reads at unusual hours before they are reported.
        public var unusualHoursMinimumReads = 3

        public init() {}
    }

    public static let maximumEventsPerFinding = 1_000

    public let from: LedgerTime?
    public let to: LedgerTime?
    /// Whose users' accesses were examined: every agency's, or one.
    public let scope: AuditScope
    /// When the report is about one user: their findings only (the signals still judged against
    /// everyone in scope).
    public let user: String?
    public let thresholds: Thresholds
    /// Searches and reads examined (the auditors' own reads are not).
    public let accessesExamined: Int
    /// The reads examined on each day of the period that had any (UTC), oldest first.
    public let days: [DayCount]
    public let findings: [Finding]
    /// Whether the signals that need the users' accounts (`personnelSignals`) were computed.
    public let personnelSignals: Bool

    public struct DayCount: Hashable, Sendable, Codable {
        public let date: CalendarDate
        public let accesses: Int
    }

    /// The JSON the report's digest is taken over: sorted keys, so the same report gives the
    /// same bytes.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// The audit event a misuse report leaves (`MisuseReportRead`, in the auditor's access stream):
/// the period and scope asked for, the position it was computed at, how many findings it
/// listed and the SHA-256 of the report's JSON as it left the domain.
struct MisuseReportRecord: CanonicalJSON {
    static let eventType = "MisuseReportRead"

    let from: LedgerTime?
    let to: LedgerTime?
    let scope: AuditScope
    let user: String?
    let position: UInt64
    let findings: Int
    let digest: Digest32

    init(from: LedgerTime?, to: LedgerTime?, scope: AuditScope, user: String?, position: UInt64, findings: Int, digest: Digest32) {
        self.from = from
        self.to = to
        self.scope = scope
        self.user = user
        self.position = position
        self.findings = findings
        self.digest = digest
    }

    init(canonicalJSON reader: inout JSONReader) throws {
        var from: LedgerTime?, to: LedgerTime?, scope: AuditScope?, user: String?, position: UInt64?, findings: Int?, digest: Digest32?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "digest" { digest = Digest32(hex: try reader.readString()) }
            else if key == "findings" { findings = try reader.readInt() }
            else if key == "from" { from = try reader.read(LedgerTime.self) }
            else if key == "position" { position = try reader.readUInt64() }
            else if key == "scope" { scope = try AuditScope(stored: try reader.readString()) }
            else if key == "to" { to = try reader.read(LedgerTime.self) }
            else if key == "user" { user = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(from: from, to: to, scope: try reader.require(scope, "scope"), user: user, position: try reader.require(position, "position"),
                  findings: try reader.require(findings, "findings"), digest: try reader.require(digest, "digest"))
    }

    func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("digest")
        writer.string(digest.hex)
        writer.key("findings")
        writer.int(findings)
        if let from {
            writer.key("from")
            writer.time(from)
        }
        writer.key("position")
        writer.uint64(position)
        writer.key("scope")
        writer.string(scope.stored)
        if let to {
            writer.key("to")
            writer.time(to)
        }
        if let user {
            writer.key("user")
            writer.string(user)
        }
        writer.endObject()
    }
}

/// A misuse report, released after its audit event is durable.
public struct MisuseReportAnswer: Hashable, Sendable, Codable {
    public let position: UInt64
    public let reportSequence: UInt64
    public let report: MisuseReport
}
