import Access
import Hummingbird

extension Request {
    /// The request's `Idempotency-Key` (1-100 characters), scoped to the user sending it, so
    /// one user's key never answers another's request; nil when the header is absent.
    func idempotencyKey(of principal: Principal) throws -> String? {
        guard let key = headers[.init("Idempotency-Key")!] else { return nil }
        guard (1...100).contains(key.count) else { throw Problem.invalid(field: "Idempotency-Key", "must be 1-100 characters") }
        return "\(principal.userID):\(key)"
    }
}
