/// Who caused an event: the user, the agency they act for, and where the request came from.
public struct EventActor: Hashable, Sendable, Codable {
    /// The user's unique id (never reused), or a system component's name.
    public var userID: String
    /// The acting agency's ORI.
    public var agency: String
    /// The client's network address, or the local component for internal work.
    public var clientAddress: String

    public init(userID: String, agency: String, clientAddress: String) {
        self.userID = userID
        self.agency = agency
        self.clientAddress = clientAddress
    }

    /// The ledger itself, for work no user asked for.
    public static let system = EventActor(userID: "system", agency: "", clientAddress: "local")
}
