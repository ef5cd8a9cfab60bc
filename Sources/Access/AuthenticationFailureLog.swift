import Ledger
import Synchronization

/// Keeps failed authentications on the record without letting a flood of bad credentials grow
/// the ledger with every request: the first failure from an address in a window is recorded as
/// it comes (at most `recordedPerSecond` such events across all addresses), the rest are
/// counted in memory and recorded as one count per window for the busiest addresses, and a
/// total for the others. Routes are cut to `routeLength` characters. Memory is bounded by
/// `maximumAddresses`.
final class AuthenticationFailureLog: Sendable {
    struct Limits: Sendable {
        var windowSeconds: Int64 = 60
        var recordedPerSecond = 1
        var maximumAddresses = 10_000
        var listedAddresses = 50
        var routesPerAddress = 3
        var routeLength = 64
    }

    enum Decision: Equatable {
        /// Record this failure now, with the route cut to its bound.
        case record(route: String)
        /// Counted for the window's summary.
        case counted
    }

    private struct Tally {
        var count = 0
        var routes: [String] = []
    }

    private struct State {
        var windowStart: LedgerTime?
        var seen: [String: Tally] = [:]
        var otherFailures = 0
        var recordedSecond: Int64 = -1
        var recordedInSecond = 0
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    func note(address: String, route: String, at time: LedgerTime) -> Decision {
        let route = String(route.prefix(limits.routeLength))
        return state.withLock { state in
            if state.windowStart == nil { state.windowStart = time }
            let second = time.microsecondsSinceEpoch / 1_000_000
            if state.recordedSecond != second { (state.recordedSecond, state.recordedInSecond) = (second, 0) }
            if state.seen[address] == nil, state.recordedInSecond < limits.recordedPerSecond, state.seen.count < limits.maximumAddresses {
                state.recordedInSecond += 1
                state.seen[address] = Tally()
                return .record(route: route)
            }
            guard state.seen[address] != nil || state.seen.count < limits.maximumAddresses else {
                state.otherFailures += 1
                return .counted
            }
            state.seen[address, default: Tally()].count += 1
            if state.seen[address]!.routes.count < limits.routesPerAddress, !state.seen[address]!.routes.contains(route) {
                state.seen[address]!.routes.append(route)
            }
            return .counted
        }
    }

    /// The window's counts, once it has lasted `windowSeconds` (or now, when `force`), and a
    /// new window begun; nil when nothing was counted beyond what was recorded as it came.
    func drain(at time: LedgerTime, force: Bool = false) -> AuthenticationFailureCount? {
        state.withLock { state in
            guard let start = state.windowStart, force || time >= start.adding(seconds: limits.windowSeconds) else { return nil }
            let counted = state.seen.filter { $0.value.count > 0 }.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
            let listed = counted.prefix(limits.listedAddresses)
            let others = counted.dropFirst(limits.listedAddresses).reduce(state.otherFailures) { $0 + $1.value.count }
            defer { state = State(recordedSecond: state.recordedSecond, recordedInSecond: state.recordedInSecond) }
            guard !listed.isEmpty || others > 0 else { return nil }
            return AuthenticationFailureCount(
                from: start, to: time,
                addresses: listed.map { .init(address: $0.key, count: $0.value.count, routes: $0.value.routes) },
                otherFailures: others)
        }
    }
}
