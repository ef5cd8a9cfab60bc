import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Random command sequences (valid and invalid, from several agencies, with searches between
/// them and the clock moving): afterwards the projections equal a replay of the log, every
/// record equals the fold of its own events, and every answer re-derives from the log at the
/// position it recorded.
@Suite("Records property: projections and answers follow from the log")
struct RecordsPropertyTests {
    static let actors = [RecordsFixture.sacramento, RecordsFixture.sacramentoChecker, RecordsFixture.losAngeles, RecordsFixture.court]
    static let names = ["SMITH, JOHN", "SMITHE, JON", "GARCIA, MARIA", "NGUYEN, AN", "JOHNSON, ROBERT"]
    static let vins = [Samples.validVIN, "JH4KA7561PC008269", "1M8GDM9AXKP042788", "1HGCM82634A004352"]

    struct Generator {
        var random: SeededGenerator
        let numbers: () -> [RecordNumber]

        mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

        mutating func person() -> PersonIdentity {
            let year = Int.random(in: 1970...1990, using: &random)
            return Samples.person(pick(RecordsPropertyTests.names), born: "\(year)0115", sex: pick(["M", "F"]),
                                  stateID: Bool.random(using: &random) ? "S\(Int.random(in: 100...120, using: &random))" : nil)
        }

        mutating func facts() -> RecordFacts {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return Samples.wanted(person(), case: "C-\(Int.random(in: 1...5, using: &random))",
                                          classification: pick([.felony, .temporaryFelony, .misdemeanor]))
            case 1: return Samples.stolenVehicle(vin: pick(RecordsPropertyTests.vins), plate: pick(["7ABC123", "8XYZ000"]))
            case 2: return Samples.order(fcn: "12345678901\(Int.random(in: 10...14, using: &random))", restrained: person())
            case 3: return Samples.missing(person())
            case 4: return Samples.stolenGun(serial: "G\(Int.random(in: 1...6, using: &random))")
            default: return .person(person())
            }
        }

        mutating func command(today: CalendarDate) -> RecordCommand {
            let known = numbers()
            guard !known.isEmpty, Int.random(in: 0..<3, using: &random) > 0 else { return .enter(facts()) }
            let number = pick(known)
            switch Int.random(in: 0..<7, using: &random) {
            case 0: return .modify(number, facts(), expectedVersion: UInt32.random(in: 1...3, using: &random))
            case 1: return .cancel(number, reason: "IN ERROR", identifierAsEntered: pick(RecordsPropertyTests.names + RecordsPropertyTests.vins))
            case 2: return .clear(number, ClearDetails(clearedOn: today, how: "RECOVERED"))
            case 3: return .locate(number, LocateDetails(locatedOn: today, caseNumber: "L-1", recovered: "FOUND"))
            case 4: return .checkEntry(number)
            case 5: return .validate(number, remarks: nil)
            default: return .serveOrder(number, ServiceDetails(servedOn: today, method: "PERSONAL"))
            }
        }

        mutating func query() -> RecordQuery {
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                let name = PersonName(pick(RecordsPropertyTests.names))
                return .name(last: name.last, first: name.first, dateOfBirth: Samples.date("19800115"), sex: nil,
                             toleranceDays: pick([30, 365, 3650]))
            case 1: return .vin(pick(RecordsPropertyTests.vins))
            case 2: return .gunSerial("G\(Int.random(in: 1...6, using: &random))")
            default: return .stateID("S\(Int.random(in: 100...120, using: &random))")
            }
        }
    }

    @Test(arguments: 0..<2)
    func projectionsAndAnswersFollowFromTheLog(round: Int) async throws {
        let seed = TestSeed.make()
        let comment = Comment(rawValue: "seed \(seed) (replay with BLOTTER_TEST_SEED=\(seed))")
        let fixture = try RecordsFixture()
        let entered = NumberList()
        var generator = Generator(random: SeededGenerator(seed: seed), numbers: { entered.numbers })
        var accessSequences: [UInt64] = []
        for _ in 0..<120 {
            let actor = generator.pick(Self.actors)
            if Int.random(in: 0..<4, using: &generator.random) == 0 {
                let context = QueryContext(purpose: .criminalJustice, caseNumber: "Q-1", includeInactive: Bool.random(using: &generator.random))
                accessSequences.append(try await fixture.service.search(generator.query(), context: context, by: actor).accessSequence)
            } else if case let state? = try? await fixture.service.execute(generator.command(today: fixture.today), by: actor) {
                entered.add(state.number)
            }
            fixture.clock.advance(hours: Int64.random(in: 0...72, using: &generator.random))
        }
        #expect(entered.numbers.count > 10 && accessSequences.count > 10, "the sequence must exercise records and searches — \(comment.rawValue)")
        let check = try LedgerRebuilder.check(fixture.ledger)
        #expect(check.isIdentical, "\(check.differences) — \(comment.rawValue)")
        for number in entered.numbers {
            let live = try fixture.service.record(number)?.record
            let folded = try fixture.service.record(number, asOfSequence: .max)?.record
            #expect(live == folded, "\(number) — \(comment.rawValue)")
        }
        for sequence in accessSequences {
            let (recorded, rederived) = try fixture.service.rederive(accessSequence: sequence)
            #expect(recorded == rederived, "access \(sequence) — \(comment.rawValue)")
        }
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid, comment)
    }
}

/// The numbers entered so far, shared with the generator's closure.
final class NumberList: @unchecked Sendable {
    private(set) var numbers: [RecordNumber] = []
    func add(_ number: RecordNumber) { if !numbers.contains(number) { numbers.append(number) } }
}
