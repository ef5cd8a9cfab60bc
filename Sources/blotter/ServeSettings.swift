import Configuration
import Foundation
import Server
import SystemPackage

/// The service's settings, one spelling each: a configuration-file key (`blotter.…`) and the
/// environment variable swift-configuration derives from it (`BLOTTER_…`, camel case split
/// by underscores). Docs/operations.md lists exactly these; a test reads that list.
enum ServeSettings {
    enum Kind: String {
        case string, integer, number, boolean

        var withArticle: String { self == .integer ? "an integer" : "a \(rawValue)" }
    }

    struct Setting {
        let key: String
        let kind: Kind
        var environmentVariable: String {
            key.split(separator: ".").map { component in
                var words = ""
                var previous: Character?
                for character in component {
                    if let previous, previous.isLowercase, character.isUppercase { words.append("_") }
                    words.append(character)
                    previous = character
                }
                return words.uppercased()
            }.joined(separator: "_")
        }
    }

    static let all: [Setting] = [
        Setting(key: "blotter.data", kind: .string),
        Setting(key: "blotter.host", kind: .string),
        Setting(key: "blotter.port", kind: .integer),
        Setting(key: "blotter.tls.certificate", kind: .string),
        Setting(key: "blotter.tls.key", kind: .string),
        Setting(key: "blotter.allowPlainHTTP", kind: .boolean),
        Setting(key: "blotter.passwordCost", kind: .integer),
        Setting(key: "blotter.rateLimit", kind: .number),
        Setting(key: "blotter.rateBurst", kind: .number),
        Setting(key: "blotter.maximumMapMiB", kind: .integer),
        Setting(key: "blotter.checkpointIntervalSeconds", kind: .integer),
    ]

    /// Refuses a configuration file that is not a JSON object of known settings of the right
    /// types, naming the first one wrong: a misspelt setting silently ignored is a setting lost.
    static func checkFile(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ServerConfigurationError("cannot read the configuration file \(path)") }
        guard case .object(let root)? = try? JSONDecoder().decode(FileValue.self, from: data) else {
            throw ServerConfigurationError("\(path) is not a JSON object")
        }
        var leaves: [(key: String, value: FileValue)] = []
        func flatten(_ members: [String: FileValue], _ prefix: String) {
            for (name, value) in members {
                let key = prefix.isEmpty ? name : prefix + "." + name
                if case .object(let inner) = value { flatten(inner, key) } else { leaves.append((key, value)) }
            }
        }
        flatten(root, "")
        for (key, value) in leaves.sorted(by: { $0.key < $1.key }) {
            guard let setting = all.first(where: { $0.key == key }) else {
                throw ServerConfigurationError("\(path): \(key) is not a setting (the settings are \(all.map(\.key).joined(separator: ", ")))")
            }
            guard value.isOfKind(setting.kind) else {
                throw ServerConfigurationError("\(path): \(key) must be \(setting.kind.withArticle), not \(value)")
            }
        }
    }

    /// A configuration file's value by JSON type; JSONDecoder keeps `true` apart from `1`,
    /// which Foundation's JSONSerialization on Linux does not.
    enum FileValue: Decodable, CustomStringConvertible {
        case object([String: FileValue])
        case boolean(Bool)
        case integer(Int)
        case number(Double)
        case string(String)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .boolean(value)
            } else if let value = try? container.decode(Int.self) {
                self = .integer(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([String: FileValue].self) {
                self = .object(value)
            } else {
                self = .other
            }
        }

        func isOfKind(_ kind: Kind) -> Bool {
            switch (self, kind) {
            case (.string, .string), (.boolean, .boolean), (.integer, .integer), (.integer, .number), (.number, .number): return true
            default: return false
            }
        }

        var description: String {
            switch self {
            case .object: return "an object"
            case .boolean(let value): return "\(value)"
            case .integer(let value): return "\(value)"
            case .number(let value): return "\(value)"
            case .string(let value): return "\"\(value)\""
            case .other: return "an array or null"
            }
        }
    }

    /// Refuses an environment variable of a setting whose text is not of its type.
    static func checkEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        for setting in all {
            guard let text = environment[setting.environmentVariable] else { continue }
            let valid: Bool
            switch setting.kind {
            case .string: valid = !text.isEmpty
            case .integer: valid = Int(text) != nil
            case .number: valid = Double(text) != nil
            case .boolean: valid = ["true", "false", "1", "0", "yes", "no"].contains(text.lowercased())
            }
            if !valid { throw ServerConfigurationError("\(setting.environmentVariable)=\(text) is not \(setting.kind.withArticle)") }
        }
    }
}
