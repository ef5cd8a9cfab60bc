import Ledger
import Records

/// What a route needs. Roles grant permissions; an inquiry-only agency loses the ones that
/// change records; every permission that touches criminal-justice information also needs a
/// current certification.
public enum Permission: String, CaseIterable, Sendable, Codable {
    /// Enter and maintain the agency's own records (other than court records).
    case enterRecords
    /// Enter and maintain protective orders, dispositions, sentences and relief.
    case enterCourtRecords
    case placeLocates
    /// Second-party checks and validations.
    case checkAndValidate
    /// Audited searches.
    case query
    /// A record's history and its state as of a moment.
    case readHistory
    case readQualityReport
    /// Every access to a record: the audit trail.
    case readAccessLog
    /// Ledger statistics, checkpoints and proofs.
    case verifyLedger
    case manageOwnAgencyUsers
    case manageAllUsers
    case manageAgencies
    /// Enter a court's discovery order naming its recipient.
    case orderDiscovery
    /// Export the discovery bundle of an order that names the user as its recipient.
    case exportDiscovery
    /// Send administrative messages to other agencies and read the agency's own.
    case agencyMessages

    /// Permissions that touch criminal-justice information, and so need a current certification.
    public var needsCertification: Bool {
        switch self {
        // A discovery recipient is the defense, not an agency's user: it is not certified, and
        // receives only what a court's order names for it.
        case .verifyLedger, .manageOwnAgencyUsers, .manageAllUsers, .manageAgencies, .exportDiscovery: return false
        default: return true
        }
    }

    /// Permissions that change records, refused to inquiry-only agencies.
    public var changesRecords: Bool {
        self == .enterRecords || self == .enterCourtRecords || self == .checkAndValidate
    }
}

/// The rules of who may do what (domain brief, section 1 and 6).
public enum AccessPolicy {
    public static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .operator: return [.enterRecords, .placeLocates, .checkAndValidate, .query, .readHistory, .readQualityReport, .agencyMessages]
        case .officer: return [.placeLocates, .query, .readHistory, .agencyMessages]
        case .supervisor: return [.checkAndValidate, .query, .readHistory, .readQualityReport, .manageOwnAgencyUsers, .agencyMessages]
        case .auditor: return [.readHistory, .readAccessLog, .verifyLedger]
        // Courts validate and check the orders they own (NCIC validates protection orders too).
        case .courtClerk: return [.enterCourtRecords, .checkAndValidate, .query, .readHistory, .orderDiscovery, .agencyMessages]
        case .discovery: return [.exportDiscovery]
        case .administrator: return [.manageAllUsers, .manageAgencies, .manageOwnAgencyUsers, .verifyLedger]
        }
    }

    /// Where `principal`'s audit reads reach: every agency for the administrator and for
    /// auditors of a state agency, their own agency for any other auditor.
    public static func auditScope(of principal: Principal) -> AuditScope {
        if principal.account.roles.contains(.administrator) || principal.agency.jurisdiction == .state { return .statewide }
        return .agency(principal.agency.ori)
    }

    /// Why `principal` may not use `permission` at `time`, or nil when it may.
    public static func denial(of permission: Permission, to principal: Principal, at time: LedgerTime, rules: AccountRules = .standard) -> Denial? {
        guard principal.account.roles.contains(where: { permissions(of: $0).contains(permission) }) else {
            return Denial(rule: "role", reason: "none of the roles \(principal.account.roles.sorted.map(\.rawValue)) may \(permission.rawValue)")
        }
        // The ledger's statistics, checkpoints and proofs cover every agency's events.
        if permission == .verifyLedger, auditScope(of: principal) != .statewide {
            return Denial(rule: "audit-scope", reason: "an auditor of \(principal.agency.ori) reads its own agency's records; the whole ledger is for state auditors")
        }
        if permission.changesRecords && principal.agency.access == .inquiryOnly {
            return Denial(rule: "agency-access", reason: "\(principal.agency.ori) has inquiry-only access")
        }
        if permission.needsCertification {
            switch principal.account.certification(at: time, rules: rules) {
            case .certified: break
            case .lapsed(let on):
                return Denial(rule: "certification", reason: "\(principal.account.userID)'s certification lapsed on \(on); recertify")
            case .untrained(let dueBy):
                return Denial(rule: "certification", reason: "\(principal.account.userID) is not certified (training due by \(dueBy))")
            }
        }
        return nil
    }

    /// Why a search with `context` is refused to `principal`, or nil.
    public static func denial(of context: QueryContext, to principal: Principal) -> Denial? {
        let roles = principal.account.roles
        let courtOnly = roles.contains(.courtClerk) && !roles.contains(.operator) && !roles.contains(.officer) && !roles.contains(.supervisor)
        if courtOnly && ![.criminalJustice, .domesticViolence].contains(context.purpose) {
            return Denial(rule: "purpose", reason: "a court clerk queries only for court purposes (C or D), not \(context.purpose.rawValue)")
        }
        if context.includeInactive {
            let historical = roles.contains(.operator) || roles.contains(.supervisor) || roles.contains(.courtClerk)
            if !historical || !context.purpose.isCriminalJustice {
                return Denial(rule: "historical-file", reason: "records no longer in force are shown only to operators, supervisors and court clerks, for criminal-justice purposes")
            }
        }
        return nil
    }

    /// A read by number with `context`: refused as a search for its purpose would be (whatever
    /// it says of the historical file), else the context it runs with, reaching records no
    /// longer in force only with the right a search needs to include them (the domain refuses
    /// the read of such a record otherwise, so record numbers cannot be walked into it).
    public static func readByNumber(_ context: QueryContext, by principal: Principal) -> Result<QueryContext, Denial> {
        var purposeOnly = context
        purposeOnly.includeInactive = false
        if let denial = denial(of: purposeOnly, to: principal) { return .failure(denial) }
        var granted = context
        granted.includeInactive = true
        granted.includeInactive = denial(of: granted, to: principal) == nil
        return .success(granted)
    }

    /// Which permission a record command needs.
    public static func permission(for command: RecordCommand) -> Permission {
        switch command {
        case .enter(let facts): return facts.kind == .protectiveOrder ? .enterCourtRecords : .enterRecords
        case .modify(let number, _, _), .cancel(let number, _, _):
            return permission(forChanging: number)
        case .clear, .reportMove, .recordAnnualUpdate: return .enterRecords
        // The inquiring agency's dispatch asks; the owner's answers, around the clock.
        case .locate, .requestHitConfirmation: return .placeLocates
        case .answerHitConfirmation: return .enterRecords
        // Whoever may receive a criminal history may pass it on, and must record that they did.
        case .recordDissemination: return .query
        case .checkEntry, .validate: return .checkAndValidate
        case .serveOrder, .renewOrder, .terminateOrder: return .enterCourtRecords
        case .addHistoryEntry(_, let entry), .correctHistoryEntry(_, _, let entry, _):
            switch entry.kind {
            case .disposition, .sentence, .relief, .chargeFiled, .pretrial: return .enterCourtRecords
            default: return .enterRecords
            }
        }
    }

    /// The permissions any one of which allows `command`, the usual one first: police agencies
    /// enter emergency protective orders (and, as their owners, modify, cancel, renew and end
    /// them) and record the service of orders they served; the domain's owner rules keep every
    /// other order the court's.
    public static func permissions(for command: RecordCommand) -> [Permission] {
        switch command {
        case .enter(.protectiveOrder(let order)) where order.orderType == .emergency: return [.enterCourtRecords, .enterRecords]
        case .serveOrder, .renewOrder, .terminateOrder: return [.enterCourtRecords, .enterRecords]
        case .modify(let number, _, _), .cancel(let number, _, _): return permissions(forChanging: number)
        default: return [permission(for: command)]
        }
    }

    /// What a modify or cancel of `number` may be allowed by: for an order, the court's right or
    /// (for the emergency orders police agencies own) theirs; the domain then requires the owner.
    public static func permissions(forChanging number: RecordNumber) -> [Permission] {
        number.kind == .protectiveOrder ? [.enterCourtRecords, .enterRecords] : [.enterRecords]
    }

    /// The permission of `permissions(for:)` that `principal` holds now, else the usual one
    /// (whose refusal then names what is missing).
    public static func permission(for command: RecordCommand, by principal: Principal, at time: LedgerTime, rules: AccountRules) -> Permission {
        held(permissions(for: command), by: principal, at: time, rules: rules)
    }

    /// The first of `choices` `principal` holds now, else the first (whose refusal says what is missing).
    public static func held(_ choices: [Permission], by principal: Principal, at time: LedgerTime, rules: AccountRules) -> Permission {
        choices.first { denial(of: $0, to: principal, at: time, rules: rules) == nil } ?? choices[0]
    }

    /// What a modify or cancel of `number` needs: known before the command is built, so a user
    /// without it learns nothing of the record.
    public static func permission(forChanging number: RecordNumber) -> Permission {
        number.kind == .protectiveOrder ? .enterCourtRecords : .enterRecords
    }

    public struct Denial: Hashable, Sendable, Error, CustomStringConvertible {
        public let rule: String
        public let reason: String
        public var description: String { reason }

        public init(rule: String, reason: String) {
            self.rule = rule
            self.reason = reason
        }
    }
}

/// An authenticated user, with their agency, as of the request.
public struct Principal: Hashable, Sendable {
    public enum Credential: Hashable, Sendable {
        case session
        case apiKey(keyID: String)
    }

    public let account: UserAccount
    public let agency: Agency
    public let credential: Credential

    public var userID: String { account.userID }

    public func actor(clientAddress: String) -> EventActor {
        EventActor(userID: account.userID, agency: agency.ori, clientAddress: clientAddress)
    }
}
