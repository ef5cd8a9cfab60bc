import Ledger

/// One person or piece of property of the synthetic population, and the commands that enter it.
struct SyntheticItem: Sendable {
    enum Kind: CaseIterable, Sendable {
        case personWithHistory, vehicleRegistration, driverLicence, wantedPerson, missingPerson
        case protectiveOrder, stolenVehicle, stolenPlate, stolenGun, stolenArticle, offenderRegistration

        /// Relative frequency in the population.
        var weight: Int {
            switch self {
            case .personWithHistory: return 28
            case .vehicleRegistration: return 20
            case .driverLicence: return 20
            case .wantedPerson: return 8
            case .missingPerson: return 3
            case .protectiveOrder: return 7
            case .stolenVehicle: return 5
            case .stolenPlate: return 2
            case .stolenGun: return 3
            case .stolenArticle: return 2
            case .offenderRegistration: return 2
            }
        }

        /// Records the item enters (a person with a history is two: the person and the rap sheet).
        var recordCount: Int { self == .personWithHistory ? 2 : 1 }
    }

    static let agencies = ["CA0340000", "CA0194200", "CA0370000", "CA0010000", "CA0380100"]
    static let court = "CA034015J"

    let seed: UInt64
    let index: Int
    let kind: Kind

    static func kind(seed: UInt64, index: Int) -> Kind {
        var random = SplitMix(seed: seed, stream: UInt64(index), purpose: 1)
        var roll = Int(random.next() % UInt64(Kind.allCases.reduce(0) { $0 + $1.weight }))
        for kind in Kind.allCases {
            if roll < kind.weight { return kind }
            roll -= kind.weight
        }
        return .driverLicence
    }

    func enter(into service: RecordsService, today: CalendarDate) async throws -> SyntheticPopulation.Summary {
        var facts = SyntheticFacts(seed: seed, index: index, today: today)
        let agency = Self.agencies[index % Self.agencies.count]
        let enterer = EventActor(userID: "\(agency.lowercased())-op1", agency: agency, clientAddress: "10.0.0.1")
        let checker = EventActor(userID: "\(agency.lowercased())-op2", agency: agency, clientAddress: "10.0.0.2")
        let court = EventActor(userID: "clerk-\(index % 7)", agency: Self.court, clientAddress: "10.0.9.1")
        var summary = SyntheticPopulation.Summary()

        func run(_ command: RecordCommand, by actor: EventActor, step: Int) async throws -> RecordState? {
            do {
                return try await service.execute(command, by: actor, idempotencyKey: "seed-\(seed)-\(index)-\(step)")
            } catch let rejection as RecordRejection {
                summary.rejected += 1
                summary.firstRejection = summary.firstRejection ?? "\(command.name): \(rejection)"
                return nil
            }
        }

        func enterChecked(_ record: RecordFacts, by actor: EventActor, check: EventActor?) async throws -> RecordState? {
            guard let state = try await run(.enter(record), by: actor, step: summary.recordsEntered) else { return nil }
            summary.recordsEntered += 1
            if let check, facts.chance(percent: 80), try await run(.checkEntry(state.number), by: check, step: 100 + summary.entriesChecked) != nil {
                summary.entriesChecked += 1
            }
            return state
        }

        switch kind {
        case .personWithHistory:
            let identity = facts.person()
            guard let person = try await enterChecked(.person(identity), by: enterer, check: checker),
                  let history = try await enterChecked(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: identity)), by: enterer, check: checker)
            else { break }
            var step = 200
            for (arrest, followUps) in facts.historyCases() {
                step += 1
                guard let recorded = try await run(.addHistoryEntry(history.number, arrest), by: enterer, step: step),
                      let arrestID = recorded.history.last?.id
                else { continue }
                summary.historyEntries += 1
                for var followUp in followUps {
                    step += 1
                    followUp.arrestID = arrestID
                    if try await run(.addHistoryEntry(history.number, followUp), by: court, step: step) != nil { summary.historyEntries += 1 }
                }
            }
        case .protectiveOrder:
            _ = try await enterChecked(facts.record(kind), by: court, check: nil)
        default:
            _ = try await enterChecked(facts.record(kind), by: enterer, check: checker)
        }
        return summary
    }
}

/// SplitMix64 seeded by a population seed, an item and a purpose, so every draw is reproducible.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64, stream: UInt64, purpose: UInt64) {
        state = seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (purpose &* 0xD1B5_4A32_D192_ED03)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
