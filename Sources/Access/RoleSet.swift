/// A user's roles: a set that is always kept, encoded and compared sorted, so an account's
/// stored bytes never depend on hash order (a replay must write the very same bytes).
public struct RoleSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Ascending, each role once.
    public private(set) var sorted: [Role]

    public init(_ roles: some Sequence<Role>) {
        sorted = Array(Set(roles)).sorted()
    }

    public init(arrayLiteral roles: Role...) {
        self.init(roles)
    }

    public func contains(_ role: Role) -> Bool { sorted.contains(role) }
    public var isEmpty: Bool { sorted.isEmpty }
    public var count: Int { sorted.count }
    public func makeIterator() -> IndexingIterator<[Role]> { sorted.makeIterator() }

    public func isSubset(of other: RoleSet) -> Bool { sorted.allSatisfy(other.contains) }
    public func subtracting(_ other: RoleSet) -> RoleSet { RoleSet(sorted.filter { !other.contains($0) }) }

    public var description: String { sorted.map(\.rawValue).joined(separator: ", ") }
}

/// Encoded as the sorted array of role names; decoded in any order (and duplicates folded), so
/// events written before roles were kept sorted still read the same.
extension RoleSet: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Role].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sorted)
    }
}
