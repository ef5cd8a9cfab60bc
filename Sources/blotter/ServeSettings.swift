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
    ]

    /// Refuses a configuration file that is not a JSON object of known settings of the right
    /// types, naming the first one wrong: a misspelt setting silently ignored is a setting lost.
    static func checkFile(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ServerConfigurationError("cannot read the configuration file \(path)") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ServerConfigurationError("\(path) is not a JSON object")
        }
        var flattened: [String: Any] = [:]
        func flatten(_ value: Any, _ key: String) {
            if let object = value as? [String: Any] {
                for (name, inner) in object { flatten(inner, key.isEmpty ? name : key + "." + name) }
            } else {
                flattened[key] = value
            }
        }
        flatten(root, "")
        for (key, value) in flattened.sorted(by: { $0.key < $1.key }) {
            guard let setting = all.first(where: { $0.key == key }) else {
                throw ServerConfigurationError("\(path): \(key) is not a setting (the settings are \(all.map(\.key).joined(separator: ", ")))")
            }
            guard matches(value, setting.kind) else {
                throw ServerConfigurationError("\(path): \(key) must be a \(setting.kind.rawValue), not \(value)")
            }
        }
    }

    private static func matches(_ value: Any, _ kind: Kind) -> Bool {
        switch kind {
        case .string: return value is String
        case .boolean: return value is Bool
        case .integer: return !(value is Bool) && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } == true
        case .number: return !(value is Bool) && value is NSNumber
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
            if !valid { throw ServerConfigurationError("\(setting.environmentVariable)=\(text) is not a \(setting.kind.rawValue)") }
        }
    }
}
