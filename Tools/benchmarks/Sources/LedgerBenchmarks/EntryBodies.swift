import Foundation
import Records

/// Request bodies for `POST /records`: valid stolen guns and wanted persons, each with a serial
/// number or case number no other entry has, so none is refused as a duplicate.
///
/// The bodies are encoded once as templates and stamped with a unique token per request, so the
/// clients spend little of the machine's time making them.
struct EntryBodies: Sendable {
    /// Each template split around its placeholder: parts joined by the token make a body.
    private let templates: [[String]]
    private static let placeholder = "PLACEHOLDER"

    init(today: CalendarDate) throws {
        let theft = today.adding(days: -3)
        var facts: [RecordFacts] = []
        for (make, gunType) in [("GLOCK", "PISTOL"), ("RUGER", "REVOLVER"), ("SIG SAUER", "PISTOL"), ("REMINGTON", "SHOTGUN")] {
            facts.append(.stolenGun(StolenGunFacts(
                serialNumber: "G" + Self.placeholder, make: make, caliber: "9MM", gunType: gunType,
                dateOfTheft: theft, caseNumber: "G" + Self.placeholder)))
        }
        for (name, born, sex) in [("RIVERA, ANA M", (1988, 4, 2), "F"), ("OKAFOR, DAVID", (1975, 11, 19), "M"),
                                  ("NGUYEN, THANH", (1993, 7, 30), "M"), ("SMITH, JOHN A", (1969, 1, 5), "M")] {
            let subject = PersonIdentity(
                name: PersonName(name), dateOfBirth: CalendarDate(year: born.0, month: born.1, day: born.2)!, sex: sex, race: "W",
                height: "510", weight: 180, eyes: "BRO", hair: "BLK")
            facts.append(.wantedPerson(WantedPersonFacts(
                subject: subject, warrantDate: theft, offense: "PC 459 BURGLARY", classification: .felony,
                extradition: .full, caseNumber: "W" + Self.placeholder)))
        }
        templates = try facts.map { try ServiceClient.json($0).components(separatedBy: Self.placeholder) }
    }

    /// The body of a client's `request`th entry (four guns, then four persons, in turn), unique by the
    /// client and request numbers.
    func body(client: Int, request: Int) -> String {
        precondition((0..<100).contains(client) && (0..<10_000_000).contains(request))
        let token = client.zeroPadded(to: 2) + request.zeroPadded(to: 7)
        return templates[request % templates.count].joined(separator: token)
    }
}
