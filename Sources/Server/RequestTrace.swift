import Synchronization

/// One request's facts for its log line, shared by the middleware it passes through: its id
/// (returned as `X-Request-Id`) and, once authenticated, its user. Never a secret.
public final class RequestTrace: Sendable {
    public let requestID: String
    private let user = Mutex<String?>(nil)

    init() {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        requestID = String((0..<16).map { _ in digits[Int(generator.next() % 16)] })
    }

    public var userID: String? {
        get { user.withLock { $0 } }
        set { user.withLock { $0 = newValue } }
    }
}
