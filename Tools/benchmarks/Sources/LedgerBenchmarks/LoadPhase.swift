import Foundation

/// Concurrent clients, each sending one request at a time for a fixed time: a closed loop, so the
/// rate measured is what the service sustains with that many requests outstanding.
struct LoadPhase {
    let clients: Int
    let duration: Duration

    /// What one request came back with. Status 0: no HTTP answer (a transport error).
    struct Outcome: Sendable {
        var status: Int
        /// For searches: whether the answer held at least one hit.
        var found = false
    }

    /// Every request's latency and outcome, merged over the clients.
    struct Tally: Sendable {
        var latenciesMilliseconds: [Double] = []
        var statuses: [Int: Int] = [:]
        var found = 0
        var seconds = 0.0

        mutating func record(_ outcome: Outcome, latency: Duration) {
            latenciesMilliseconds.append(latency.milliseconds)
            statuses[outcome.status, default: 0] += 1
            if outcome.found { found += 1 }
        }

        mutating func add(_ other: Tally) {
            latenciesMilliseconds += other.latenciesMilliseconds
            statuses.merge(other.statuses, uniquingKeysWith: +)
            found += other.found
        }
    }

    /// Runs `send(client, request)` from every client until the time is up; requests already
    /// sent then are waited for and counted.
    func run(_ send: @escaping @Sendable (_ client: Int, _ request: Int) async -> Outcome) async -> Tally {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + duration
        var total = await withTaskGroup(of: Tally.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var tally = Tally()
                    tally.latenciesMilliseconds.reserveCapacity(1 << 16)
                    var request = 0
                    while clock.now < deadline {
                        let start = clock.now
                        let outcome = await send(client, request)
                        tally.record(outcome, latency: clock.now - start)
                        request += 1
                    }
                    return tally
                }
            }
            var total = Tally()
            for await part in group { total.add(part) }
            return total
        }
        total.seconds = (clock.now - started).seconds
        total.latenciesMilliseconds.sort()
        return total
    }
}

extension Int {
    /// Decimal digits with leading zeros to `width` (String(format:) costs several times more,
    /// and the clients share the machine with the service they measure).
    func zeroPadded(to width: Int) -> String {
        let digits = String(self)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1e3 }
}
