import Ledger

extension FieldChecks {
    /// A criminal-history entry: what each kind must carry, and links to an earlier arrest.
    mutating func historyEntry(_ entry: CriminalHistoryEntry, knownArrests: Set<String>, bornOn birth: CalendarDate? = nil) {
        notInFuture(entry.date, "date")
        if let birth, entry.date < birth { fail("date", "\(entry.date) is before the subject was born on \(birth)") }
        switch entry.kind {
        case .arrest:
            identifier(entry.statute, "statute", maximumLength: 20, allowHyphen: false)
            if entry.offenseLevel == nil { fail("offenseLevel", "an arrest names the offense's level") }
            optional(entry.bookingNumber, "bookingNumber", maximumLength: 20)
        case .chargeFiled:
            identifier(entry.statute, "statute", maximumLength: 20, allowHyphen: false)
            if entry.offenseLevel == nil { fail("offenseLevel", "a charge names the offense's level") }
            requireArrest(entry, knownArrests)
        case .disposition:
            if entry.outcome == nil { fail("outcome", "a disposition says whether the subject was convicted, dismissed, acquitted or diverted") }
            requireArrest(entry, knownArrests)
        case .sentence:
            required(entry.terms, "terms", maximumLength: 200)
            requireArrest(entry, knownArrests)
        case .relief:
            if entry.relief == nil { fail("relief", "a relief annotation names its statute") }
            requireArrest(entry, knownArrests)
        case .pretrial, .custodyIn, .custodyOut, .supervisionStarted, .supervisionViolation, .supervisionEnded, .program:
            optional(entry.terms, "terms")
        }
        optional(entry.remarks, "remarks", maximumLength: 500)
    }

    private mutating func requireArrest(_ entry: CriminalHistoryEntry, _ knownArrests: Set<String>) {
        guard let arrest = entry.arrestID else {
            fail("arrestID", "a \(entry.kind.rawValue) entry names the arrest it follows")
            return
        }
        if !knownArrests.contains(arrest) { fail("arrestID", "no arrest \(arrest) in this history") }
    }
}
