import Foundation
import Ledger

/// The facts of one synthetic item: people drawn from realistic name and birth-date
/// distributions, identifiers unique to the item (so nothing is a duplicate by accident).
struct SyntheticFacts {
    private var random: SplitMix
    private let index: Int
    let today: CalendarDate

    init(seed: UInt64, index: Int, today: CalendarDate) {
        random = SplitMix(seed: seed, stream: UInt64(index), purpose: 2)
        self.index = index
        self.today = today
    }

    mutating func chance(percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    /// Zipf-like: index k drawn with weight about 1/(k+8), so common names are common (the first
    /// about 4% of a list of a hundred) without one name taking over.
    private mutating func skewed<T>(_ values: [T]) -> T {
        let offset = 8.0
        let total = log((Double(values.count) + offset) / offset)
        let position = Int(offset * exp(Double.random(in: 0..<1, using: &random) * total) - offset)
        return values[min(max(position, 0), values.count - 1)]
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    private func digits(_ value: Int, _ count: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, count - text.count)) + text
    }

    private mutating func pastDate(withinDays days: Int) -> CalendarDate {
        today.adding(days: -Int.random(in: 1...max(1, days), using: &random))
    }

    mutating func person(bornBetween years: ClosedRange<Int> = 1945...2006) -> PersonIdentity {
        let sex = chance(percent: 70) ? "M" : "F"
        let given = skewed(sex == "M" ? SyntheticNames.maleGivenNames : SyntheticNames.femaleGivenNames)
        let middle = chance(percent: 60) ? " " + String(pick(Array("ABCDEFGHJKLMNPRSTW"))) : ""
        let surname = skewed(SyntheticNames.surnames)
        let birth = CalendarDate(year: Int.random(in: years, using: &random), month: Int.random(in: 1...12, using: &random),
                                 day: Int.random(in: 1...28, using: &random))!
        let feet = sex == "M" ? Int.random(in: 5...6, using: &random) : Int.random(in: 4...5, using: &random)
        return PersonIdentity(
            name: PersonName("\(surname), \(given)\(middle)"),
            aliases: chance(percent: 10) ? [PersonName("\(skewed(SyntheticNames.surnames)), \(given)")] : [],
            dateOfBirth: birth, sex: sex, race: pick(["W", "B", "A", "I", "W", "W", "B"]),
            height: "\(feet)\(digits(Int.random(in: 0...11, using: &random), 2))", weight: Int.random(in: 110...260, using: &random),
            eyes: pick(["BRO", "BLU", "GRN", "HAZ", "BLK"]), hair: pick(["BLK", "BRO", "BLN", "RED", "GRY"]),
            scarsMarksTattoos: chance(percent: 25) ? [pick(["TAT R ARM", "SC L CHEEK", "TAT NECK", "MOLE CHIN"])] : [],
            stateID: "A\(digits(index, 8))", fbiNumber: chance(percent: 40) ? "\(digits(index, 7))AB" : nil,
            licenceNumber: "D\(digits(index, 7))", licenceState: "CA")
    }

    private mutating func vin(year: Int) -> String {
        let allowed = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        var characters = (0..<17).map { _ in pick(allowed) }
        let serial = Array(digits(index, 6))
        for position in 0..<6 { characters[11 + position] = serial[position] }
        characters[8] = "0"
        characters[8] = VehicleIdentificationNumber.checkDigit(for: String(characters)) ?? "0"
        return String(characters)
    }

    private func plate() -> String {
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
        let value = index
        return "\(value % 9 + 1)\(letters[(value / 9) % 23])\(letters[(value / 207) % 23])\(letters[(value / 4761) % 23])\(digits(value % 1000, 3))"
    }

    mutating func record(_ kind: SyntheticItem.Kind) -> RecordFacts {
        let caseNumber = "\(today.year % 100)-\(digits(index, 7))"
        switch kind {
        case .vehicleRegistration:
            let (make, model) = pick(SyntheticNames.makes)
            let year = Int.random(in: 1995...today.year, using: &random)
            return .vehicleRegistration(VehicleRegistrationFacts(
                plate: plate(), plateState: "CA", plateType: "PC", vin: vin(year: year), year: year, make: make, model: model,
                color: pick(["BLK", "WHI", "SIL", "BLU", "RED", "GRY"]), owner: person(bornBetween: 1945...2004),
                ownerAddress: "\(Int.random(in: 1...9999, using: &random)) \(pick(SyntheticNames.streets)), \(pick(SyntheticNames.cities)) CA",
                expiresOn: today.adding(days: Int.random(in: 1...365, using: &random))))
        case .driverLicence:
            let holder = person(bornBetween: 1945...2008)
            return .driverLicence(DriverLicenceFacts(
                holder: holder, licenceNumber: holder.licenceNumber!, licenceState: "CA", licenceClass: pick(["C", "C", "C", "M", "A"]),
                status: chance(percent: 90) ? .valid : pick([.suspended, .revoked]), expiresOn: today.adding(days: Int.random(in: 30...1800, using: &random))))
        case .wantedPerson:
            return .wantedPerson(WantedPersonFacts(
                subject: person(bornBetween: 1950...2006), warrantDate: pastDate(withinDays: 60),
                offense: pick(["PC 459 BURGLARY", "PC 211 ROBBERY", "PC 245 ASSAULT WITH A DEADLY WEAPON", "HS 11378 POSSESSION FOR SALE", "VC 10851 VEHICLE THEFT"]),
                classification: pick([.felony, .felony, .misdemeanor]), extradition: pick([.full, .inStateOnly]), caseNumber: caseNumber))
        case .missingPerson:
            let juvenile = chance(percent: 60)
            let subject = person(bornBetween: juvenile ? (today.year - 16)...(today.year - 8) : 1950...2000)
            return .missingPerson(MissingPersonFacts(
                subject: subject, category: juvenile ? .juvenile : pick([.endangered, .disability, .involuntary, .other]),
                dateOfLastContact: pastDate(withinDays: 20), circumstances: "LAST SEEN NEAR \(pick(SyntheticNames.streets))", caseNumber: caseNumber))
        case .protectiveOrder:
            // Within the type's term (`ProtectiveOrderTerm`), and not expired yet: an emergency
            // order issued this week, a temporary one this month, one after hearing running years.
            let type = pick(ProtectiveOrderFacts.OrderType.allCases)
            let temporary = type != .emergency && type != .criminalProtective && chance(percent: 30)
            let term = ProtectiveOrderTerm.maximum(type, temporary: temporary)
            let span = term.latestExpiry(from: today).dayNumber - today.dayNumber
            let issued = pastDate(withinDays: min(40, span - 1))
            let latest = term.latestExpiry(from: issued)
            let earliest = max(issued, today).adding(days: 1)
            let expires = ProtectiveOrderTerm.mustExpire(type, temporary: temporary) || chance(percent: 90)
                ? earliest.adding(days: Int.random(in: 0...max(0, latest.dayNumber - earliest.dayNumber), using: &random)) : nil
            return .protectiveOrder(ProtectiveOrderFacts(
                orderType: type, isTemporary: temporary,
                court: "\(pick(SyntheticNames.cities)) SUPERIOR COURT", caseNumber: "\(today.year % 100)FL\(digits(index, 6))",
                fileControlNumber: digits(1_000_000_000_000 + index, 13), restrained: person(bornBetween: 1950...2004),
                protectedPersons: [.init(name: PersonName("\(skewed(SyntheticNames.surnames)), \(pick(SyntheticNames.femaleGivenNames))"))],
                conditions: ["01", "04", "05", "07"].filter { _ in chance(percent: 70) }.nilIfEmpty ?? ["01"],
                issuedOn: issued, expiresOn: expires))
        case .stolenVehicle:
            let (make, model) = pick(SyntheticNames.makes)
            let year = Int.random(in: 2000...today.year, using: &random)
            return .stolenVehicle(StolenVehicleFacts(
                vin: vin(year: year), plate: plate(), plateState: "CA", year: year, make: make, model: model,
                color: pick(["BLK", "WHI", "SIL"]), dateOfTheft: pastDate(withinDays: 30), caseNumber: caseNumber))
        case .stolenPlate:
            return .stolenPlate(StolenPlateFacts(plate: plate(), plateState: "CA", plateType: "PC", dateOfTheft: pastDate(withinDays: 30), caseNumber: caseNumber))
        case .stolenGun:
            return .stolenGun(StolenGunFacts(
                serialNumber: "G\(digits(index, 8))", make: pick(["GLOCK", "SMITH AND WESSON", "RUGER", "SIG SAUER"]),
                caliber: pick(["9MM", "45", "22", "38"]), gunType: pick(["PISTOL", "REVOLVER", "RIFLE", "SHOTGUN"]),
                dateOfTheft: pastDate(withinDays: 30), caseNumber: caseNumber))
        case .stolenArticle:
            return .stolenArticle(StolenArticleFacts(
                serialNumber: "S\(digits(index, 8))", articleType: pick(["LAPTOP", "BICYCLE", "CAMERA", "PHONE"]),
                brand: pick(["DELL", "TREK", "CANON", "APPLE"]), dateOfTheft: pastDate(withinDays: 30), caseNumber: caseNumber))
        case .offenderRegistration:
            let since = pastDate(withinDays: 900)
            return .offenderRegistration(OffenderRegistrationFacts(
                registrant: person(bornBetween: 1950...2000), registrationType: "PC 290",
                addresses: [.init(address: "\(Int.random(in: 1...9999, using: &random)) \(pick(SyntheticNames.streets)), \(pick(SyntheticNames.cities)) CA", since: since)],
                registeredOn: since))
        case .personWithHistory:
            preconditionFailure("a person with a history is entered in steps")
        }
    }

    /// One to three arrests, most followed by a disposition and some by a sentence; the
    /// follow-ups get their arrest's id once the arrest is recorded.
    mutating func historyCases() -> [(arrest: CriminalHistoryEntry, followUps: [CriminalHistoryEntry])] {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in
            let arrested = pastDate(withinDays: 3_650)
            let (statute, description, level) = pick([
                ("PC459", "BURGLARY", CriminalHistoryEntry.OffenseLevel.felony), ("PC484", "PETTY THEFT", .misdemeanor),
                ("VC23152", "DRIVING UNDER THE INFLUENCE", .misdemeanor), ("PC245", "ASSAULT WITH A DEADLY WEAPON", .felony),
                ("HS11350", "POSSESSION OF A CONTROLLED SUBSTANCE", .felony),
            ])
            let arrest = CriminalHistoryEntry(kind: .arrest, date: arrested, bookingNumber: "B\(digits(index, 7))",
                                              statute: statute, offenseLevel: level, offenseDescription: description)
            guard chance(percent: 75) else { return (arrest, []) }
            let outcome = pick([CriminalHistoryEntry.Outcome.convicted, .convicted, .dismissed, .diverted])
            let decided = min(arrested.adding(days: Int.random(in: 30...300, using: &random)), today)
            var followUps = [CriminalHistoryEntry(kind: .disposition, date: decided, outcome: outcome)]
            if outcome == .convicted && chance(percent: 80) {
                followUps.append(CriminalHistoryEntry(kind: .sentence, date: decided,
                                                      terms: pick(["90 DAYS JAIL, 3 YEARS PROBATION", "2 YEARS PRISON", "FINE $500"])))
            }
            return (arrest, followUps)
        }
    }
}

extension Array {
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
