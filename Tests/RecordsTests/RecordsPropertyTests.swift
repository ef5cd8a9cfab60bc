import Foundation
import Ledger
@testable import Records
import Testing
import Synchronization
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
        /// The latest request to confirm a hit on a record, if any: what an answer names.
        var latestRequest: (RecordNumber) -> UInt64? = { _ in nil }

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
            switch Int.random(in: 0..<9, using: &random) {
            case 7:
                return .requestHitConfirmation(number, HitConfirmationRequest(priority: pick([.urgent, .routine]), caseNumber: "H-1"))
            case 8:
                let answer = pick([HitConfirmationAnswer.Answer.confirmed, .confirmed, .denied, .pending])
                return .answerHitConfirmation(number, HitConfirmationAnswer(
                    request: latestRequest(number) ?? UInt64.random(in: 1...500, using: &random), answer: answer,
                    withinMinutes: answer == .pending ? 30 : nil))
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

    /// A random read of any kind: a search, a record now or as of a sequence or a moment, a
    /// history, or the access log of a record.
    static func read(_ generator: inout Generator, fixture: RecordsFixture, numbers: [RecordNumber], actor: EventActor) async throws -> UInt64? {
        let context = QueryContext(purpose: generator.pick([.criminalJustice, .administrative, .licensingOrEmployment]),
                                   caseNumber: "Q-1", includeInactive: Bool.random(using: &generator.random))
        guard let number = numbers.isEmpty ? nil : generator.pick(numbers), Int.random(in: 0..<3, using: &generator.random) > 0 else {
            var searchContext = context
            if searchContext.includeInactive { searchContext.purpose = .criminalJustice }
            return try await fixture.service.search(generator.query(), context: searchContext, by: actor).accessSequence
        }
        let head = try fixture.ledger.read { try $0.lastSequence() }
        do {
            return try await readByNumber(number, &generator, fixture: fixture, context: context, head: head, actor: actor)
        } catch let rejection as RecordRejection where rejection.rule == .historicalFile {
            // A reader without the right to the historical file reads no record out of force.
            #expect(!context.includeInactive)
            return nil
        }
    }

    static func readByNumber(
        _ number: RecordNumber, _ generator: inout Generator, fixture: RecordsFixture, context: QueryContext, head: UInt64, actor: EventActor
    ) async throws -> UInt64 {
        switch Int.random(in: 0..<5, using: &generator.random) {
        case 0: return try await fixture.service.record(number, context: context, by: actor).accessSequence
        case 1:
            let sequence = UInt64.random(in: 1...max(1, head), using: &generator.random)
            return try await fixture.service.record(number, read: .recordAsOfSequence(sequence), context: context, by: actor).accessSequence
        case 2:
            let moment = fixture.clock.now().adding(seconds: -Int64.random(in: 0...400_000, using: &generator.random))
            return try await fixture.service.record(number, read: .recordAsOfTime(moment), context: context, by: actor).accessSequence
        case 3: return try await fixture.service.history(of: number, context: context, by: actor).accessSequence
        default: return try await fixture.service.accesses(to: number, context: context, by: actor).accessSequence
        }
    }

    @Test(arguments: 0..<2)
    func projectionsAndAnswersFollowFromTheLog(round: Int) async throws {
        let seed = TestSeed.make()
        let comment = Comment(rawValue: "seed \(seed) (replay with BLOTTER_TEST_SEED=\(seed))")
        let fixture = try RecordsFixture()
        let entered = NumberList()
        // Commands and reads of every kind run at once: each answer must still be computed at
        // one position, in one snapshot, and re-derive from the log to the very same bytes.
        let attempted = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            group.addTask {
                var generator = Generator(random: SeededGenerator(seed: seed), numbers: { entered.numbers })
                generator.latestRequest = { number in try? fixture.service.record(number)?.record.hitConfirmations?.last?.id }
                for _ in 0..<150 {
                    let actor = generator.pick(Self.actors)
                    if case let state? = try? await fixture.service.execute(generator.command(today: fixture.today), by: actor) {
                        entered.add(state.number)
                    }
                    fixture.clock.advance(hours: Int64.random(in: 0...48, using: &generator.random))
                }
                return []
            }
            group.addTask {
                var generator = Generator(random: SeededGenerator(seed: seed &+ 1), numbers: { entered.numbers })
                var sequences: [UInt64] = []
                var refused = 0
                for _ in 0..<150 {
                    if let sequence = try await Self.read(&generator, fixture: fixture, numbers: entered.numbers, actor: generator.pick(Self.actors)) {
                        sequences.append(sequence)
                    } else {
                        refused += 1
                    }
                }
                return sequences + [UInt64](repeating: 0, count: refused)
            }
            return try await group.reduce([], +)
        }
        #expect(entered.numbers.count > 10 && attempted.count == 150, "the sequence must exercise records and reads — \(comment.rawValue)")
        // Refused reads of the historical file left no access event (0 stands for them).
        let accessSequences = attempted.filter { $0 != 0 }
        let check = try LedgerRebuilder.check(fixture.ledger)
        #expect(check.isIdentical, "\(check.differences) — \(comment.rawValue)")
        for number in entered.numbers {
            let live = try fixture.service.record(number)?.record
            let folded = try fixture.service.record(number, foldedThrough: .max)
            #expect(live == folded, "\(number) — \(comment.rawValue)")
        }
        var kinds: Set<String> = []
        for sequence in accessSequences {
            let rederivation = try fixture.service.rederive(accessSequence: sequence)
            kinds.insert(rederivation.read.kind)
            #expect(rederivation.matches && rederivation.recordedDigest != nil, "access \(sequence): \(rederivation) — \(comment.rawValue)")
        }
        #expect(kinds.count == 6, "every kind of read was exercised: \(kinds.sorted()) — \(comment.rawValue)")
        #expect(try LedgerVerifier.verify(fixture.ledger).isValid, comment)
    }
}

/// The numbers entered so far, shared between the tasks.
final class NumberList: Sendable {
    private let list = Mutex<[RecordNumber]>([])
    var numbers: [RecordNumber] { list.withLock { $0 } }
    func add(_ number: RecordNumber) { list.withLock { if !$0.contains(number) { $0.append(number) } } }
}
