import Foundation
@testable import Ledger
import Testing
import TestSupport

/// The JSON reader behind stored payloads: exact on what it accepts, specific on what it refuses.
@Suite("JSON reader and writer")
struct JSONReaderTests {
    /// Reads any JSON value into Foundation's shapes, for comparison with JSONSerialization.
    static func readAny(_ reader: inout JSONReader) throws -> Any {
        if try reader.readNull() { return NSNull() }
        let next = reader.bytes[reader.offset...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        switch next {
        case UInt8(ascii: "{"):
            var object: [String: Any] = [:]
            try reader.beginObject()
            while let key = try reader.nextKey() { object[key.description] = try readAny(&reader) }
            return object
        case UInt8(ascii: "["):
            var array: [Any] = []
            try reader.beginArray()
            while try reader.nextElement() { array.append(try readAny(&reader)) }
            return array
        case UInt8(ascii: "\""): return try reader.readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return try reader.readBool()
        default: return try reader.readInt64()
        }
    }

    static func parse(_ text: String) throws -> Any {
        try Array(text.utf8).withUnsafeBytes { bytes in
            var reader = JSONReader(bytes)
            let value = try readAny(&reader)
            try reader.expectEnd()
            return value
        }
    }

    @Test(arguments: [
        (#"{"a":[1,-2,0,{"b":"c"}],"d":true,"e":false,"f":null}"#, true),
        (#"  { "a" : [ ] , "b" : { } }  "#, true),
        (#""\u00e9\ud83d\ude00\n\"\\\/""#, true),
        (#"9223372036854775807"#, true),
        (#"-9223372036854775808"#, true),
        (#"9223372036854775808"#, false),
        (#"01"#, false),
        (#"1.5"#, false),
        (#"1e3"#, false),
        (#"{"a":1,}"#, false),
        (#"[1,]"#, false),
        (#"[1 2]"#, false),
        (#"{"a" 1}"#, false),
        (#"{a:1}"#, false),
        ("\"a\u{1}b\"", false),
        (#""\ud800""#, false),
        (#""\x41""#, false),
        (#""\u12""#, false),
        (#"tru"#, false),
        (#"[1] [2]"#, false),
        (#"{"a":1"#, false),
        (#""open"#, false),
    ])
    func acceptsExactlyStrictJSONIntegers(text: String, accepted: Bool) {
        #expect(((try? Self.parse(text)) != nil) == accepted, "\(text)")
    }

    @Test func invalidUTF8IsRefusedInStringsKeysAndSkippedValues() {
        for bytes in [[0x22, 0xC3, 0x28, 0x22], [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]] as [[UInt8]] {
            let refused = bytes.withUnsafeBytes { buffer -> Bool in
                var reader = JSONReader(buffer)
                return (try? reader.skipValue()) == nil
            }
            #expect(refused, "\(bytes)")
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        #expect(throws: JSONReadError.self) { _ = try Self.parse(deep) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect((try? Self.parse(fine)) != nil)
    }

    /// Random documents written by JSONSerialization read back to the same values.
    @Test func readsWhatJSONSerializationWrites() throws {
        let seed = TestSeed.make()
        var random = SeededGenerator(seed: seed)
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random) {
            case 0: return Int64.random(in: Int64.min...Int64.max, using: &random)
            case 1: return String((0..<Int.random(in: 0...12, using: &random)).map { _ in
                Character(Unicode.Scalar([0x22, 0x5C, 0x2F, 0x0A, 0x01, 0x41, 0xE9, 0x1F600, 0x4E2D][Int.random(in: 0..<9, using: &random)])!)
            })
            case 2: return Bool.random(using: &random)
            case 3: return NSNull()
            case 4: return (0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth + 1) }
            default:
                var object: [String: Any] = [:]
                for index in 0..<Int.random(in: 0...4, using: &random) { object["k\(index)\u{E9}"] = value(depth + 1) }
                return object
            }
        }
        for round in 0..<300 {
            let document = [value(0)]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.fragmentsAllowed])
            let read = try Self.parse(String(decoding: data, as: UTF8.self))
            #expect(NSArray(array: document).isEqual(read), "seed \(seed), round \(round): \(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func theWriterEscapesAsFoundationDoes() throws {
        var text = (0..<0x20).map { String(Character(Unicode.Scalar($0)!)) }.joined()
        text += "\"\\/ é \u{7F} \u{2028} 😀"
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.string(text)
        writer.key("b")
        writer.int(-42)
        writer.key("c")
        writer.beginArray()
        writer.uint64(.max)
        writer.bool(true)
        writer.null()
        writer.endArray()
        writer.endObject()
        struct Shape: Encodable {
            let a: String
            let b: Int
            let c: [UInt64?]
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(a, forKey: .a)
                try container.encode(b, forKey: .b)
                var array = container.nestedUnkeyedContainer(forKey: .c)
                try array.encode(UInt64.max)
                try array.encode(true)
                try array.encodeNil()
            }
            enum CodingKeys: CodingKey { case a, b, c }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(writer.bytes == Array(try encoder.encode(Shape(a: text, b: -42, c: []))))
    }
}
