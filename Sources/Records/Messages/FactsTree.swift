import Foundation
import Ledger

/// A record's facts as the JSON API's tree of values: what a message's fields are written into
/// and read out of, so a message goes through exactly the decoding (and then the validation)
/// a JSON request does.
indirect enum FactsTree: Hashable, Sendable, Codable {
    case object([String: FactsTree])
    case array([FactsTree])
    case string(String)
    case integer(Int)
    case flag(Bool)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .flag(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([FactsTree].self) { self = .array(value) }
        else { self = .object(try container.decode([String: FactsTree].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let members): try container.encode(members)
        case .array(let elements): try container.encode(elements)
        case .string(let text): try container.encode(text)
        case .integer(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        }
    }

    /// The tree of `facts`, as the JSON API writes them.
    init(_ facts: RecordFacts) {
        // The facts' canonical JSON (the bytes the JSON API writes too: CanonicalJSONTests), read
        // back as a tree. A tree reads any JSON object, so a failure is a broken invariant of
        // the writer, not bad input.
        let decoded: FactsTree
        do {
            decoded = try JSONDecoder().decode(FactsTree.self, from: Data(facts.canonicalJSON()))
        } catch {
            preconditionFailure("the canonical JSON of facts reads back as a tree: \(error)")
        }
        guard case .object(let members) = decoded, let tree = members["facts"] else {
            preconditionFailure("facts are written as {facts, kind}")
        }
        self = tree
    }

    /// The facts of `kind` this tree describes; throws the decoder's error naming its path.
    func facts(of kind: RecordKind) throws -> RecordFacts {
        let data = try JSONEncoder().encode(FactsTree.object(["kind": .string(kind.rawValue), "facts": self]))
        return try JSONDecoder().decode(RecordFacts.self, from: data)
    }

    subscript(path: ArraySlice<String>) -> FactsTree? {
        get {
            guard let first = path.first else { return self }
            guard case .object(let members) = self else { return nil }
            return members[first]?[path.dropFirst()]
        }
        set {
            guard let first = path.first else {
                self = newValue ?? .object([:])
                return
            }
            guard case .object(var members) = self else { preconditionFailure("a field's path runs through objects") }
            if path.count == 1 {
                members[first] = newValue
            } else {
                var child = members[first] ?? .object([:])
                child[path.dropFirst()] = newValue
                members[first] = child
            }
            self = .object(members)
        }
    }
}
