import Foundation
import Ledger

/// What free text may hold, in every field of every record and account (Unicode UTS #55 and
/// UTS #39 guidance): no control characters (a NUL, a line break or an ANSI escape in a name
/// or a statute), no bidirectional controls (`PC 459 \u{202E}YRALGRUB` displays as
/// "BURGLARY"), no invisible separators, and only the composed (NFC) form, so that one name is
/// stored, indexed and compared as one sequence of bytes.
public enum TextPolicy {
    /// The longest any single text field may be, whatever its own limit.
    public static let maximumLength = 2_000

    /// Why `text` cannot be stored, or nil.
    public static func problem(with text: String) -> String? {
        for scalar in text.unicodeScalars {
            if let name = forbiddenName(scalar) {
                return "holds \(name) (U+\(String(scalar.value, radix: 16, uppercase: true))), which no field may hold"
            }
        }
        if text.count > maximumLength { return "is \(text.count) characters; at most \(maximumLength)" }
        if !isNFC(text) { return "is not in composed form (Unicode NFC); write each accented letter as one character" }
        return nil
    }

    /// `text` in composed form (NFC): how every request body is read.
    public static func normalized(_ text: String) -> String {
        isNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    static func isNFC(_ text: String) -> Bool {
        // ASCII is always NFC; most text is ASCII.
        text.utf8.allSatisfy { $0 < 0x80 } || text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    private static func forbiddenName(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return "a control character"
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "a bidirectional control"
        case 0x200B...0x200D, 0x2060, 0xFEFF: return "an invisible character"
        case 0x2028, 0x2029: return "a line or paragraph separator"
        case 0xFDD0...0xFDEF: return "a noncharacter"
        case let value where value & 0xFFFE == 0xFFFE: return "a noncharacter"
        default: return nil
        }
    }

    /// A problem for every string in `value`'s canonical JSON that breaks the policy, named by
    /// its path (`subject.aliases[1]`, `prefix` before it when given).
    public static func problems(in value: some CanonicalJSON, prefix: String = "") -> [FieldProblem] {
        let bytes = value.canonicalJSON()
        var problems: [FieldProblem] = []
        bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer)
            try? walk(&reader, path: prefix) { path, text in
                if let problem = problem(with: text) { problems.append(FieldProblem(field: path.isEmpty ? nil : path, problem)) }
            }
        }
        return problems
    }

    private static func walk(_ reader: inout JSONReader, path: String, _ visit: (String, String) -> Void) throws {
        if try reader.readNull() { return }
        switch reader.bytes[reader.offset...].first(where: { $0 != 0x20 }) {
        case UInt8(ascii: "{"):
            try reader.beginObject()
            while let key = try reader.nextKey() {
                try walk(&reader, path: path.isEmpty ? key.description : path + "." + key.description, visit)
            }
        case UInt8(ascii: "["):
            try reader.beginArray()
            var index = 0
            while try reader.nextElement() {
                try walk(&reader, path: path + "[\(index)]", visit)
                index += 1
            }
        case UInt8(ascii: "\""):
            visit(path, try reader.readString())
        default:
            try reader.skipValue()
        }
    }
}
