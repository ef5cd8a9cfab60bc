import Foundation
import Ledger
@testable import Records
import TestSupport

/// Random values of the records model with every optional both present and absent, and strings
/// with quotes, backslashes, control characters and non-ASCII text: what the canonical JSON
/// tests feed both encoders.
struct ModelGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func chance() -> Bool { Bool.random(using: &random) }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    mutating func text() -> String {
        let pieces = ["SMITH", "GARCÍA", "O'BRIEN", "A\"B", "C\\D", "/E/", "\u{1}", "\n", "\t", "ŁÓDŹ", "😀", " ", "Ω", "\u{7F}", "X"]
        return (0..<Int.random(in: 0...5, using: &random)).map { _ in pick(pieces) }.joined()
    }

    mutating func optionalText() -> String? { chance() ? text() : nil }
    mutating func date() -> CalendarDate { CalendarDate(dayNumber: Int.random(in: -40_000...40_000, using: &random)) }
    mutating func optionalDate() -> CalendarDate? { chance() ? date() : nil }
    mutating func time() -> LedgerTime { LedgerTime(microsecondsSinceEpoch: Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &random)) }
    mutating func number() -> RecordNumber { RecordNumber(kind: pick(RecordKind.allCases), sequence: UInt64.random(in: 1...9_999_999_999, using: &random)) }
    mutating func name() -> PersonName { PersonName(text()) }

    mutating func person() -> PersonIdentity {
        PersonIdentity(
            name: name(), aliases: (0..<Int.random(in: 0...2, using: &random)).map { _ in name() }, dateOfBirth: date(),
            sex: text(), race: text(), height: optionalText(), weight: chance() ? Int.random(in: -5...900, using: &random) : nil,
            eyes: optionalText(), hair: optionalText(), scarsMarksTattoos: (0..<Int.random(in: 0...2, using: &random)).map { _ in text() },
            stateID: optionalText(), fbiNumber: optionalText(), licenceNumber: optionalText(), licenceState: optionalText(),
            socialSecurityNumber: optionalText())
    }

    mutating func facts() -> RecordFacts {
        switch pick(RecordKind.allCases) {
        case .person: return .person(person())
        case .criminalHistory: return .criminalHistory(CriminalHistoryFacts(person: number(), subject: person()))
        case .protectiveOrder:
            return .protectiveOrder(ProtectiveOrderFacts(
                orderType: pick(ProtectiveOrderFacts.OrderType.allCases), isTemporary: chance(), court: text(), caseNumber: text(),
                fileControlNumber: text(), restrained: person(),
                protectedPersons: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    .init(name: name(), dateOfBirth: optionalDate(), relationship: optionalText())
                },
                conditions: (0..<Int.random(in: 0...3, using: &random)).map { _ in text() }, remarks: optionalText(),
                issuedOn: date(), expiresOn: optionalDate()))
        case .vehicleRegistration:
            return .vehicleRegistration(VehicleRegistrationFacts(
                plate: text(), plateState: text(), plateType: text(), vin: text(), year: Int.random(in: 1900...2100, using: &random),
                make: text(), model: text(), color: text(), owner: person(), ownerAddress: optionalText(), expiresOn: date()))
        case .driverLicence:
            return .driverLicence(DriverLicenceFacts(
                holder: person(), licenceNumber: text(), licenceState: text(), licenceClass: text(),
                status: pick(DriverLicenceFacts.Status.allCases), expiresOn: date()))
        case .offenderRegistration:
            return .offenderRegistration(OffenderRegistrationFacts(
                registrant: person(), registrationType: text(),
                addresses: (0..<Int.random(in: 0...3, using: &random)).map { _ in .init(address: text(), since: date()) },
                registeredOn: date(), lastAnnualUpdate: optionalDate()))
        case .wantedPerson:
            return .wantedPerson(WantedPersonFacts(
                subject: person(), warrantDate: date(), offense: text(), classification: pick(WantedPersonFacts.Classification.allCases),
                extradition: pick(WantedPersonFacts.Extradition.allCases), extraditionLimits: optionalText(), caseNumber: text(),
                caution: optionalText()))
        case .missingPerson:
            return .missingPerson(MissingPersonFacts(
                subject: person(), category: pick(MissingPersonFacts.Category.allCases), dateOfLastContact: date(),
                circumstances: text(), caseNumber: text()))
        case .stolenVehicle:
            return .stolenVehicle(StolenVehicleFacts(
                vin: text(), plate: optionalText(), plateState: optionalText(), year: Int.random(in: 1900...2100, using: &random),
                make: text(), model: text(), color: text(), dateOfTheft: date(), caseNumber: text()))
        case .stolenPlate:
            return .stolenPlate(StolenPlateFacts(
                plate: text(), plateState: text(), plateType: text(), plateYear: chance() ? Int.random(in: 1900...2100, using: &random) : nil,
                dateOfTheft: date(), caseNumber: text()))
        case .stolenGun:
            return .stolenGun(StolenGunFacts(
                serialNumber: text(), make: text(), caliber: text(), model: optionalText(), gunType: text(), dateOfTheft: date(),
                caseNumber: text()))
        case .stolenArticle:
            return .stolenArticle(StolenArticleFacts(
                serialNumber: text(), articleType: text(), brand: optionalText(), description: optionalText(), dateOfTheft: date(),
                caseNumber: text()))
        }
    }

    mutating func historyEntry() -> CriminalHistoryEntry {
        CriminalHistoryEntry(
            kind: pick(CriminalHistoryEntry.Kind.allCases), date: date(), arrestID: optionalText(), bookingNumber: optionalText(),
            statute: optionalText(), offenseLevel: chance() ? pick(CriminalHistoryEntry.OffenseLevel.allCases) : nil,
            offenseDescription: optionalText(), courtCase: optionalText(),
            outcome: chance() ? pick(CriminalHistoryEntry.Outcome.allCases) : nil, terms: optionalText(),
            relief: chance() ? pick(CriminalHistoryEntry.Relief.allCases) : nil, remarks: optionalText())
    }

    mutating func action() -> RecordAction {
        RecordAction(userID: text(), agency: text(), at: time(), sequence: UInt64.random(in: 0...UInt64.max, using: &random))
    }

    mutating func event() -> RecordEvent {
        switch Int.random(in: 0..<19, using: &random) {
        case 0: return .entered(facts())
        case 1: return .modified(facts())
        case 2: return .cancelled(reason: text())
        case 3: return .cleared(ClearDetails(clearedOn: date(), how: text(), remarks: optionalText()))
        case 4: return .located(LocateDetails(locatedOn: date(), caseNumber: text(), recovered: text()))
        case 5: return .entryChecked
        case 6: return .validated(remarks: optionalText())
        case 7: return .orderServed(ServiceDetails(servedOn: date(), method: text()))
        case 8: return .orderRenewed(expiresOn: optionalDate())
        case 9: return .orderTerminated(TerminationDetails(terminatedOn: date(), reason: text()))
        case 10: return .historyEntryAdded(id: text(), entry: historyEntry())
        case 11: return .registrantMoved(.init(address: text(), since: date()))
        case 12: return .disseminated(dissemination())
        case 14: return .hitConfirmationRequested(hitRequest())
        case 15: return .hitConfirmationRequestedAgain(request: UInt64.random(in: 0...UInt64.max, using: &random))
        case 16: return .hitConfirmationEscalated(request: UInt64.random(in: 0...UInt64.max, using: &random))
        case 17: return .hitConfirmationAnswered(hitAnswer())
        case 18: return .historyEntryCorrected(id: text(), entry: historyEntry(), reason: text())
        default: return .annualUpdateRecorded(on: date())
        }
    }

    mutating func hitRequest() -> HitConfirmationRequest {
        HitConfirmationRequest(priority: pick(HitConfirmationRequest.Priority.allCases), caseNumber: text(), remarks: optionalText())
    }

    mutating func hitAnswer() -> HitConfirmationAnswer {
        HitConfirmationAnswer(request: UInt64.random(in: 0...UInt64.max, using: &random), answer: pick(HitConfirmationAnswer.Answer.allCases),
                              withinMinutes: chance() ? Int.random(in: 1...1_440, using: &random) : nil, remarks: optionalText())
    }

    mutating func hitConfirmation() -> RecordState.HitConfirmation {
        var confirmation = RecordState.HitConfirmation(requested: action(), details: hitRequest())
        confirmation.requestedAgain = (0..<Int.random(in: 0...2, using: &random)).map { _ in action() }
        if chance() { confirmation.escalated = action() }
        confirmation.answers = (0..<Int.random(in: 0...2, using: &random)).map { _ in .init(details: hitAnswer(), by: action()) }
        return confirmation
    }

    mutating func dissemination() -> DisseminationDetails {
        DisseminationDetails(recipient: text(), purpose: pick(PurposeCode.allCases), authority: text(), disseminatedOn: date(), caseNumber: optionalText())
    }

    mutating func state() -> RecordState {
        var state = RecordState(number: number(), facts: facts(), entered: action(), version: UInt32.random(in: 1...UInt32.max, using: &random))
        state.lastSequence = UInt64.random(in: 0...UInt64.max, using: &random)
        state.lastChangedAt = time()
        if chance() { state.cancelled = .init(reason: text(), by: action()) }
        if chance() { state.cleared = .init(details: ClearDetails(clearedOn: date(), how: text(), remarks: optionalText()), by: action()) }
        if chance() { state.disseminations = (0..<Int.random(in: 1...2, using: &random)).map { _ in .init(details: dissemination(), by: action()) } }
        state.locates = (0..<Int.random(in: 0...2, using: &random)).map { _ in
            .init(details: LocateDetails(locatedOn: date(), caseNumber: text(), recovered: text()), by: action())
        }
        if chance() { state.checked = action() }
        if chance() { state.lastValidated = action() }
        if chance() { state.service = .init(details: ServiceDetails(servedOn: date(), method: text()), by: action()) }
        if chance() { state.terminated = .init(details: TerminationDetails(terminatedOn: date(), reason: text()), by: action()) }
        state.history = (0..<Int.random(in: 0...3, using: &random)).map { _ in
            var item = RecordState.HistoryItem(id: text(), entry: historyEntry(), by: action())
            if chance() { item.corrections = [.init(previous: historyEntry(), reason: text(), by: action())] }
            return item
        }
        if chance() { state.hitConfirmations = (0..<Int.random(in: 1...2, using: &random)).map { _ in hitConfirmation() } }
        return state
    }
}
