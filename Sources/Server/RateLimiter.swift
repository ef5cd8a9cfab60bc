import Access
import Foundation
import Hummingbird
import Synchronization

/// A token bucket per client address, bounded in how many clients it tracks.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
        var lastRefusalRecorded: ContinuousClock.Instant?
    }

    let rate: Double
    let burst: Double
    static let maximumClients = 50_000
    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    enum Outcome {
        case allowed
        /// Refused; `record` is true for the first refusal of a client in a second (so a
        /// flood is recorded without the record itself becoming the flood).
        case refused(record: Bool)
    }

    func take(for client: String, now: ContinuousClock.Instant = .now) -> Outcome {
        buckets.withLock { buckets in
            if buckets[client] == nil && buckets.count >= Self.maximumClients { buckets.removeAll(keepingCapacity: true) }
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            let elapsed = Double((now - bucket.updated).components.attoseconds) / 1e18 + Double((now - bucket.updated).components.seconds)
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = now
            defer { buckets[client] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return .allowed
            }
            let record = bucket.lastRefusalRecorded.map { now - $0 >= .seconds(1) } ?? true
            if record { bucket.lastRefusalRecorded = now }
            return .refused(record: record)
        }
    }
}

/// Refuses clients over their rate with 429 and Retry-After; refusals are recorded as denials.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = BlotterRequestContext
    let limiter: RateLimiter
    let services: BlotterServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch limiter.take(for: context.clientAddress) {
        case .allowed:
            return try await next(request, context)
        case .refused(let record):
            if record {
                try? await services.access.recordDenial(route: "\(request.method) \(request.uri.path)", rule: "rate-limit", principal: nil, clientAddress: context.clientAddress)
            }
            var problem = Problem(status: .tooManyRequests, kind: "rate-limited", title: "Too many requests",
                                  detail: "more than \(Int(limiter.rate)) requests a second from \(context.clientAddress); slow down")
            problem.retryAfterSeconds = 1
            problem.rule = "rate-limit"
            throw problem
        }
    }
}
