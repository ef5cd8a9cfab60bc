import Foundation
import Ledger

/// Computes a misuse report from the access events of a period, at a reader's position. Every
/// grouping is sorted before it is read out, so the report is a function of the events alone.
struct MisuseAnalysis {
    /// What the signals need of one access event.
    struct Access {
        let sequence: UInt64
        let time: LedgerTime
        let userID: String
        let agency: String
        let caseNumber: String?
        let purpose: PurposeCode
        let numbers: [RecordNumber]
        /// The surname (its forms, `UserStanding.forms`) and first name a name search asked for.
        let searchedName: (surname: Set<String>, givenName: String)?
        /// The user's account just before it (nil without personnel, or for an unknown user).
        var standing: UserStanding?

        var day: Int64 { Self.day(of: time) }

        /// The hour of the day, UTC (0-23).
        var hour: Int {
            let microsecondsPerHour: Int64 = 3_600_000_000
            let inDay = time.microsecondsSinceEpoch - day * 86_400_000_000
            return Int(inDay / microsecondsPerHour)
        }

        static func day(of time: LedgerTime) -> Int64 {
            let microseconds = time.microsecondsSinceEpoch
            let perDay: Int64 = 86_400_000_000
            return microseconds >= 0 ? microseconds / perDay : (microseconds - perDay + 1) / perDay
        }
    }

    /// A login, or a request refused by a rule, by a user: activity that shows a user still at
    /// work, even when it did not reach any record. Failed logins are not among them: anyone can
    /// type a user id, so they do not show its holder at work.
    struct Attempt {
        let sequence: UInt64
        let time: LedgerTime
        let userID: String
        let agency: String
        let type: String
        var standing: UserStanding?

        static let types: Set<String> = ["LoginSucceeded", "AccessDenied", "RequestRefused"]

        /// Why this attempt was made by a user who could not work, if it was. A login that
        /// succeeded counts only against a disabled account (an enrolment after a long absence
        /// logs in an account the inactivity rule had stopped); a refused request against a
        /// disabled or unused one; a refusal by a rule (`AccessDenied`: a lapsed certification's
        /// refusal among them) against any of the three.
        var barredBecause: String? {
            guard let standing else { return nil }
            switch type {
            case "LoginSucceeded": return standing.disabled
            case "RequestRefused": return standing.disabled ?? standing.unused
            default: return standing.barredBecause
            }
        }
    }

    /// What the signals need of a record's people, read once per record: the subject's sex,
    /// the names of its subject and of the people an order protects, and its addresses.
    struct Subject {
        let sex: String?
        let names: [(surname: Set<String>, givenName: String)]
        let addresses: [String]

        init(_ facts: RecordFacts) {
            sex = facts.subject?.sex
            var names = facts.subject.map { [$0.name] } ?? []
            var addresses: [String] = []
            switch facts {
            case .protectiveOrder(let order): names += order.protectedPersons.map(\.name)
            case .vehicleRegistration(let registration): addresses += registration.ownerAddress.map { [$0] } ?? []
            case .offenderRegistration(let registration): addresses += registration.addresses.map(\.address)
            default: break
            }
            self.names = names.map { (UserStanding.forms(ofRecordSurname: $0.last), UserStanding.letters($0.first)) }
            self.addresses = addresses.map(AddressKey.normalized).filter { !$0.isEmpty }
        }
    }

    let accesses: [Access]
    let attempts: [Attempt]
    let subjects: [RecordNumber: Subject]
    let thresholds: MisuseReport.Thresholds
    /// The accesses grouped by user, users in order: grouped once, read by every signal.
    private let byUser: [(user: String, accesses: [Access])]

    init(accesses: [Access], attempts: [Attempt] = [], subjects: [RecordNumber: Subject] = [:], thresholds: MisuseReport.Thresholds) {
        self.accesses = accesses
        self.attempts = attempts
        self.subjects = subjects
        self.thresholds = thresholds
        byUser = Dictionary(grouping: accesses, by: \.userID).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The reads examined: every read that can show records, the auditors' own investigations
    /// included (an auditor can look up an ex-partner too); not activity investigations, which
    /// show events rather than records.
    static func isAudited(_ read: RecordRead) -> Bool {
        switch read {
        case .search, .record, .recordAsOfSequence, .recordAsOfTime, .history, .accesses, .timeline, .subject, .discovery: return true
        case .activity: return false
        }
    }

    var days: [MisuseReport.DayCount] {
        Dictionary(grouping: accesses, by: \.day).sorted { $0.key < $1.key }.map {
            MisuseReport.DayCount(date: CalendarDate(dayNumber: Int($0.key)), accesses: $0.value.count)
        }
    }

    var findings: [MisuseReport.Finding] {
        noCaseNumber + manyUsersOneRecord + volumeSpikes + repeatedLookups + unusualHours + sexSkew
            + ownSurname + userAddress + purposeOutsideRole + activityWhileBarred
    }

    static func finding(_ signal: MisuseReport.Signal, user: String?, agency: String?, number: RecordNumber?, _ summary: String,
                        _ events: [UInt64]) -> MisuseReport.Finding {
        let sorted = events.sorted()
        return MisuseReport.Finding(signal: signal, userID: user, agency: agency, number: number, summary: summary,
                                    events: Array(sorted.prefix(MisuseReport.maximumEventsPerFinding)), eventCount: sorted.count)
    }

    var noCaseNumber: [MisuseReport.Finding] {
        byUser.compactMap { user, accesses in
            let missing = accesses.filter { ($0.caseNumber ?? "").trimmingSpaces.isEmpty }
            guard !missing.isEmpty else { return nil }
            return Self.finding(.noCaseNumber, user: user, agency: missing[0].agency, number: nil,
                                "\(missing.count) of \(accesses.count) searches and reads by \(user) give no case or incident number", missing.map(\.sequence))
        }
    }

    var manyUsersOneRecord: [MisuseReport.Finding] {
        var shown: [RecordNumber: [Access]] = [:]
        for access in accesses { for number in access.numbers { shown[number, default: []].append(access) } }
        return shown.keys.sorted().compactMap { number in
            let reads = shown[number]!
            let day: Int64 = 86_400_000_000
            // The first window of a day, from one read on, in which enough distinct users saw it.
            var start = 0
            for end in reads.indices {
                while reads[end].time.microsecondsSinceEpoch - reads[start].time.microsecondsSinceEpoch > day { start += 1 }
                let window = reads[start...end]
                let users = Set(window.map(\.userID))
                if users.count >= thresholds.distinctUsersPerRecordPerDay {
                    return Self.finding(.manyUsersOneRecord, user: nil, agency: nil, number: number,
                                        "\(number) was shown to \(users.count) users within a day (\(users.sorted().joined(separator: ", ")))",
                                        window.map(\.sequence))
                }
            }
            return nil
        }
    }

    var volumeSpikes: [MisuseReport.Finding] {
        byUser.flatMap { user, accesses -> [MisuseReport.Finding] in
            let days = Dictionary(grouping: accesses, by: \.day)
            return days.keys.sorted().compactMap { day in
                let reads = days[day]!
                // The usual day is the median of the user's other days in the period (none: 0),
                // so a spike does not raise its own bar.
                let others = days.filter { $0.key != day }.map(\.value.count).sorted()
                let usual = others.isEmpty ? 0 : others[others.count / 2]
                let floor = max(thresholds.spikeMinimumAccesses, thresholds.spikeTimesUsualDay * usual)
                guard reads.count >= floor, reads.count > usual else { return nil }
                let date = CalendarDate(dayNumber: Int(day))
                return Self.finding(.volumeSpike, user: user, agency: reads[0].agency, number: nil,
                                    "\(user) made \(reads.count) searches and reads on \(date), against a usual day of \(usual)", reads.map(\.sequence))
            }
        }
    }

    var repeatedLookups: [MisuseReport.Finding] {
        byUser.flatMap { user, accesses -> [MisuseReport.Finding] in
            var byRecord: [RecordNumber: [Access]] = [:]
            for access in accesses { for number in Set(access.numbers) { byRecord[number, default: []].append(access) } }
            return byRecord.keys.sorted().compactMap { number in
                let reads = byRecord[number]!
                let days = Set(reads.map(\.day))
                guard days.count >= thresholds.repeatedLookupDays,
                      let first = days.min(), let last = days.max(), last - first >= Int64(thresholds.repeatedLookupSpanDays)
                else { return nil }
                let cases = Set(reads.map { $0.caseNumber ?? "" })
                guard cases.count > 1 || cases.first == "" else { return nil }
                return Self.finding(.repeatedLookups, user: user, agency: reads[0].agency, number: number,
                                    "\(user) looked up \(number) on \(days.count) days over \(last - first) days, not under one case number", reads.map(\.sequence))
            }
        }
    }

    /// Reads at hours of the day (UTC) that hold less than the threshold's share of the user's
    /// reads in the period, once the user has enough reads to have a pattern.
    var unusualHours: [MisuseReport.Finding] {
        byUser.compactMap { user, accesses in
            guard accesses.count >= thresholds.unusualHoursMinimumAccesses else { return nil }
            let hours = Dictionary(grouping: accesses, by: \.hour)
            let rare = Set(hours.filter { $0.value.count * 100 < accesses.count * thresholds.unusualHoursMaximumPercent }.keys)
            let unusual = accesses.filter { rare.contains($0.hour) }
            guard unusual.count >= thresholds.unusualHoursMinimumReads else { return nil }
            let listed = rare.sorted().map { String(format: "%02d:00", $0) }.joined(separator: ", ")
            return Self.finding(.unusualHours, user: user, agency: accesses[0].agency, number: nil,
                                "\(user) made \(unusual.count) of \(accesses.count) reads at hours they rarely work (\(listed) UTC)",
                                unusual.map(\.sequence))
        }
    }

    /// Each user's reads of the records of each subject on the watch list, flag by flag.
    /// A flag set by an auditor outside `scope` still raises the finding, without its reason
    /// (why a person is watched is no business of another agency's auditor).
    func flaggedSubjects(_ flagged: [(flag: WatchList.Flag, records: Set<RecordNumber>)], scope: AuditScope) -> [MisuseReport.Finding] {
        flagged.flatMap { flag, records -> [MisuseReport.Finding] in
            let why = scope.includes(flag.flaggedBy.agency) ? flag.reason : "set by an auditor of another agency"
            return byUser.compactMap { user, accesses in
                let reads = accesses.filter { $0.numbers.contains { records.contains($0) } }
                guard !reads.isEmpty else { return nil }
                return Self.finding(.flaggedSubject, user: user, agency: reads[0].agency, number: nil,
                                    "\(user) read records of a flagged subject \(reads.count) times (flag \(flag.sequence): \(why))",
                                    reads.map(\.sequence))
            }
        }
    }

    /// Users whose subjects are of one sex far more often than everyone's in the period.
    var sexSkew: [MisuseReport.Finding] {
        let sexes = subjects.compactMapValues { $0.sex == "U" ? nil : $0.sex }
        func shares(_ numbers: Set<RecordNumber>) -> (count: Int, shares: [String: Double]) {
            let known = numbers.compactMap { sexes[$0] }
            let grouped = Dictionary(grouping: known, by: { $0 }).mapValues { Double($0.count) / Double(max(known.count, 1)) }
            return (known.count, grouped)
        }
        let everyone = shares(Set(sexes.keys))
        return byUser.compactMap { user, accesses in
            let mine = shares(Set(accesses.flatMap(\.numbers)))
            guard mine.count >= thresholds.sexSkewMinimumSubjects else { return nil }
            for sex in mine.shares.keys.sorted() {
                let excess = (mine.shares[sex]! - (everyone.shares[sex] ?? 0)) * 100
                if excess >= Double(thresholds.sexSkewPercentagePoints) {
                    let percent = Int((mine.shares[sex]! * 100).rounded())
                    let overall = Int(((everyone.shares[sex] ?? 0) * 100).rounded())
                    return Self.finding(.sexSkew, user: user, agency: accesses[0].agency, number: nil,
                                        "\(percent)% of the \(mine.count) people \(user) looked up are \(sex), against \(overall)% of everyone's",
                                        accesses.filter { $0.numbers.contains { sexes[$0] == sex } }.map(\.sequence))
                }
            }
            return nil
        }
    }

    // MARK: Signals that need the users' accounts (`PersonnelLookup`)

    /// Searches for, and records shown of, people with the user's own surname: themselves,
    /// their family, an ex-partner who kept the name.
    var ownSurname: [MisuseReport.Finding] {
        byUser.compactMap { user, accesses in
            var matched: [Access] = []
            var fullName = 0
            for access in accesses {
                guard let standing = access.standing, standing.surname.count >= 2 else { continue }
                let own = standing.surnameForms
                var people = access.numbers.flatMap { subjects[$0]?.names ?? [] }
                if let searched = access.searchedName { people.append(searched) }
                let same = people.filter { !$0.surname.isDisjoint(with: own) }
                guard !same.isEmpty else { continue }
                matched.append(access)
                if same.contains(where: { !$0.givenName.isEmpty && $0.givenName == standing.givenName }) { fullName += 1 }
            }
            guard let first = matched.first, let surname = first.standing?.surname else { return nil }
            return Self.finding(.ownSurname, user: user, agency: first.agency, number: nil,
                                "\(user) searched for or was shown people of their own surname \(surname) \(matched.count) times"
                                    + (fullName > 0 ? ", \(fullName) of them with their own first name too" : ""),
                                matched.map(\.sequence))
        }
    }

    /// Records shown that hold the user's own home address (a registration of a vehicle or an
    /// offender at it): their household, their landlord's other tenants.
    var userAddress: [MisuseReport.Finding] {
        byUser.compactMap { user, accesses in
            let matched = accesses.filter { access in
                guard let home = access.standing?.address else { return false }
                return access.numbers.contains { subjects[$0]?.addresses.contains(home) ?? false }
            }
            guard let first = matched.first else { return nil }
            return Self.finding(.userAddress, user: user, agency: first.agency, number: nil,
                                "\(user) was shown records at their own home address \(matched.count) times", matched.map(\.sequence))
        }
    }

    /// Searches and reads for a purpose none of the user's roles serves (an officer running a
    /// licensing check, a court clerk an employment check).
    var purposeOutsideRole: [MisuseReport.Finding] {
        byUser.compactMap { user, accesses in
            let outside = accesses.filter { access in access.standing.map { !$0.purposes.contains(access.purpose) } ?? false }
            guard let first = outside.first else { return nil }
            let counts = Dictionary(grouping: outside, by: \.purpose.rawValue).sorted { $0.key < $1.key }
                .map { "\($0.key) ×\($0.value.count)" }.joined(separator: ", ")
            return Self.finding(.purposeOutsideRole, user: user, agency: first.agency, number: nil,
                                "\(user) made \(outside.count) searches and reads for purposes their roles do not serve (\(counts))",
                                outside.map(\.sequence))
        }
    }

    /// Searches, reads, logins and refused requests while the account could not work: after it
    /// was disabled (someone who left), lay unused past the limit, or its certification lapsed.
    var activityWhileBarred: [MisuseReport.Finding] {
        var barred: [String: [(sequence: UInt64, agency: String, reason: String)]] = [:]
        for access in accesses {
            if let reason = access.standing?.barredBecause { barred[access.userID, default: []].append((access.sequence, access.agency, reason)) }
        }
        for attempt in attempts {
            if let reason = attempt.barredBecause { barred[attempt.userID, default: []].append((attempt.sequence, attempt.agency, reason)) }
        }
        return barred.keys.sorted().map { user in
            let events = barred[user]!.sorted { $0.sequence < $1.sequence }
            let reasons = Array(Set(events.map(\.reason))).sorted().joined(separator: "; ")
            return Self.finding(.activityWhileBarred, user: user, agency: events[0].agency, number: nil,
                                "\(user) was active \(events.count) times while their account could not work: \(reasons)",
                                events.map(\.sequence))
        }
    }
}

extension RecordReader {
    /// The misuse report of the accesses made from `from` (included) to `to` (excluded), up to
    /// the reader's position, by the users within `scope`. Without `personnel` the signals
    /// that need the users' accounts are left out.
    func misuseReport(
        from: LedgerTime?, to: LedgerTime?, scope: AuditScope, user: String? = nil, thresholds: MisuseReport.Thresholds,
        personnel: (any PersonnelLookup)? = nil
    ) throws -> MisuseReport {
        guard let records else { preconditionFailure("a misuse report reads the records projection") }
        let first = try from.map { try transaction.firstSequence(recordedAtOrAfter: $0) } ?? 1
        let end = try to.map { try transaction.firstSequence(recordedAtOrAfter: $0) } ?? .max
        let last = min(position, end == 0 ? 0 : end - 1)
        var accesses: [MisuseAnalysis.Access] = []
        var attempts: [MisuseAnalysis.Attempt] = []
        if first <= last {
            try transaction.forEachStoredEvent(from: first, through: last) { event in
                let agency = String(decoding: event.agency, as: UTF8.self)
                if event.typeIs("RecordsQueried"), event.streamStarts(with: "access/"), let payload = event.payload, scope.includes(agency) {
                    let access = try AccessRecord(canonicalJSON: payload)
                    guard MisuseAnalysis.isAudited(access.read) else { return true }
                    accesses.append(MisuseAnalysis.Access(event, agency: agency, access))
                } else if personnel != nil, event.streamStarts(with: "auth/") || event.streamStarts(with: "denials/"), scope.includes(agency) {
                    let type = String(decoding: event.type, as: UTF8.self)
                    guard MisuseAnalysis.Attempt.types.contains(type) else { return true }
                    attempts.append(MisuseAnalysis.Attempt(
                        sequence: event.sequence, time: event.recordedAt, userID: String(decoding: event.userID, as: UTF8.self),
                        agency: agency, type: type))
                }
                return true
            }
        }
        if let personnel {
            for index in accesses.indices {
                let access = accesses[index]
                accesses[index].standing = try personnel.standing(of: access.userID, before: access.sequence, at: access.time)
            }
            for index in attempts.indices {
                let attempt = attempts[index]
                attempts[index].standing = try personnel.standing(of: attempt.userID, before: attempt.sequence, at: attempt.time)
            }
        }
        var subjects: [RecordNumber: MisuseAnalysis.Subject] = [:]
        for number in Set(accesses.flatMap(\.numbers)).sorted() {
            if let facts = try RecordsProjection.state(of: number, in: records)?.facts { subjects[number] = MisuseAnalysis.Subject(facts) }
        }
        let analysis = MisuseAnalysis(accesses: accesses, attempts: attempts, subjects: subjects, thresholds: thresholds)
        let flagged = try WatchList.flags(in: transaction, through: position).map { flag in
            (flag: flag, records: Set(try subjectRecords(flag.subject).map(\.number)))
        }
        var findings = analysis.findings + analysis.flaggedSubjects(flagged, scope: scope)
        var examined = accesses
        // One user's report: the signals are computed over everyone in scope (a user's share of
        // one sex, or of a record's readers, is judged against everyone's), then narrowed to
        // the findings about them.
        if let user {
            examined = accesses.filter { $0.userID == user }
            let theirs = Set(examined.map(\.sequence) + attempts.filter { $0.userID == user }.map(\.sequence))
            findings = findings.filter { finding in finding.userID.map { $0 == user } ?? finding.events.contains(where: theirs.contains) }
        }
        return MisuseReport(from: from, to: to, scope: scope, user: user, thresholds: thresholds, accessesExamined: examined.count,
                            days: MisuseAnalysis(accesses: examined, thresholds: thresholds).days, findings: findings,
                            personnelSignals: personnel != nil)
    }
}

extension MisuseAnalysis.Access {
    init(_ event: StoredEvent, agency: String, _ access: AccessRecord) {
        var searchedName: (surname: Set<String>, givenName: String)?
        if case .name(let last, let first, _, _, _) = access.query {
            searchedName = (UserStanding.forms(ofRecordSurname: last), UserStanding.letters(first ?? ""))
        }
        self.init(
            sequence: event.sequence, time: event.recordedAt, userID: String(decoding: event.userID, as: UTF8.self), agency: agency,
            caseNumber: access.context.caseNumber, purpose: access.context.purpose, numbers: access.results.map(\.number),
            searchedName: searchedName)
    }
}
