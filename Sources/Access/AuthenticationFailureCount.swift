import Ledger

/// Failed authentications counted over a window instead of recorded one by one: how a flood
/// of bad credentials is kept on the record without growing the ledger with every request.
public struct AuthenticationFailureCount: Hashable, Sendable, Codable {
    public struct Address: Hashable, Sendable, Codable {
        public let address: String
        public let count: Int
        /// A few of the routes asked for, each cut to a bounded length.
        public let routes: [String]
    }

    public let from: LedgerTime
    public let to: LedgerTime
    /// The addresses with the most failures in the window, most first.
    public let addresses: [Address]
    /// Failures from addresses beyond those listed.
    public let otherFailures: Int
}
