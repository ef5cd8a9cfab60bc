import Crypto
import Foundation
import Ledger
import Synchronization

/// Live sessions, in memory only: a restart ends them all, which is the safe way round. A token
/// is 32 random bytes shown to the client once; only its SHA-256 is kept.
final class SessionStore: Sendable {
    struct Session: Sendable {
        let userID: String
        let createdAt: LedgerTime
        var lastSeen: LedgerTime
    }

    enum Lookup {
        case active(userID: String)
        case idle(userID: String)
        case expired(userID: String)
        case unknown
    }

    /// An enrolment begun with a one-time credential, waiting for the authenticator's first code.
    struct Enrolment: Sendable {
        let userID: String
        let passwordHash: String
        let seed: String
        /// The credential it was begun with: the enrolment completes only if it is still pending.
        let credentialHash: String
        let expiresAt: LedgerTime
    }

    /// Sessions kept at most; the oldest are dropped beyond it.
    let capacity: Int
    private let sessions = Mutex<[String: Session]>([:])
    /// Enrolments in progress, by the hash of their token; at most `capacity` / 10.
    private let enrolments = Mutex<[String: Enrolment]>([:])

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    static func newToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        TextEncoding.hex(SHA256.hash(data: Data(token.utf8)))
    }

    func open(userID: String, at time: LedgerTime) -> String {
        let token = Self.newToken()
        sessions.withLock { sessions in
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
                sessions.removeValue(forKey: oldest.key)
            }
            sessions[Self.hash(token)] = Session(userID: userID, createdAt: time, lastSeen: time)
        }
        return token
    }

    /// Finds the session and, when it is active, marks it used now. Idle or expired sessions are
    /// removed: the user must log in again.
    func use(_ token: String, at time: LedgerTime, rules: AccountRules) -> Lookup {
        let key = Self.hash(token)
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return .unknown }
            if time >= session.createdAt.adding(seconds: rules.sessionLifetimeSeconds) {
                sessions.removeValue(forKey: key)
                return .expired(userID: session.userID)
            }
            if time >= session.lastSeen.adding(seconds: rules.sessionIdleSeconds) {
                sessions.removeValue(forKey: key)
                return .idle(userID: session.userID)
            }
            session.lastSeen = time
            sessions[key] = session
            return .active(userID: session.userID)
        }
    }

    @discardableResult
    func close(_ token: String) -> String? {
        sessions.withLock { $0.removeValue(forKey: Self.hash(token))?.userID }
    }

    /// Ends every session of a user (disabled, locked, roles changed).
    func closeAll(of userID: String) {
        sessions.withLock { sessions in sessions = sessions.filter { $0.value.userID != userID } }
    }

    var count: Int { sessions.withLock { $0.count } }

    // MARK: Enrolments

    func beginEnrolment(_ enrolment: Enrolment) -> String {
        let token = Self.newToken()
        enrolments.withLock { enrolments in
            if enrolments.count >= max(1, capacity / 10) {
                enrolments = enrolments.filter { $0.value.expiresAt > enrolment.expiresAt.adding(seconds: -10 * 60) }
                if enrolments.count >= max(1, capacity / 10) { enrolments.removeAll() }
            }
            // One enrolment at a time per user: a new one replaces an older one.
            enrolments = enrolments.filter { $0.value.userID != enrolment.userID }
            enrolments[Self.hash(token)] = enrolment
        }
        return token
    }

    func enrolment(_ token: String, at time: LedgerTime) -> Enrolment? {
        enrolments.withLock { enrolments in
            guard let enrolment = enrolments[Self.hash(token)] else { return nil }
            guard time < enrolment.expiresAt else {
                enrolments.removeValue(forKey: Self.hash(token))
                return nil
            }
            return enrolment
        }
    }

    func endEnrolment(_ token: String) {
        _ = enrolments.withLock { $0.removeValue(forKey: Self.hash(token)) }
    }

    /// Compares two secrets' hashes in time independent of where they differ.
    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
