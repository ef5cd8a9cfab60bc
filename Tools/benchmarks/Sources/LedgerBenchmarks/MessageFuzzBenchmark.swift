import Dispatch
import Foundation
import Records

/// A seeded fuzz run of the NCIC-style message parser and translator: a million inputs (well
/// formed messages for every key, those messages mutated, edge cases of size and shape, and
/// random text), each parsed and, when it parses, translated, timed one by one.
///
/// A crash ends the process, which is the failure signal. The run also fails (prints FAIL and
/// exits non-zero) when one input takes longer than `slowestAllowedMilliseconds`, since the
/// parser promises it is linear in a bounded length, or when a refusal names no problem, since
/// every refusal's reply must say what to fix. The same seed gives the same inputs, so a
/// failure found once is found again.
enum MessageFuzzBenchmark {
    struct Options {
        let inputs: Int
        let seed: UInt64
    }

    static let defaultSeed: UInt64 = 2_026
    static let slowestAllowedMilliseconds = 50.0
    /// Timings re-taken of an input that would be the slowest so far or over the limit, the
    /// fastest kept: a build or another process on this machine can preempt the run for tens
    /// of milliseconds, but a hang or a quadratic blowup is slow every time.
    static let retimings = 3

    enum Shape: String, CaseIterable {
        case wellFormed = "well-formed"
        case mutated
        case edge
        case random
    }

    enum Outcome: CaseIterable {
        case translated
        case refusedByParser
        case refusedByTranslator
    }

    /// What one input did, and where a refusal pointed.
    struct InputReport {
        let outcome: Outcome
        let action: String?
        let refusedField: String?
        let refusalHasProblems: Bool
    }

    /// Returns whether the run passed.
    static func run(_ options: Options) -> Bool {
        print("Message parser fuzz: \(options.inputs) seeded inputs (seed \(options.seed); --fuzz-seed N for another), "
              + "each parsed by MessageParser and, when it parses, translated by MessageTranslator\n")
        var inputs = Inputs(seed: options.seed)
        var tally = Tally()
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<options.inputs {
            let (shape, text) = inputs.next()
            let retimeAbove = min(tally.slowest?.nanoseconds ?? 0, UInt64(slowestAllowedMilliseconds * 1e6))
            tally.record(shape: shape, text: text, measured: measure(text, retimeAbove: retimeAbove))
        }
        let wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        tally.printFigures(wallSeconds: wallSeconds)
        return tally.printVerdict()
    }

    /// Parses then translates `text`, timed; an input slower than `retimeAbove` is timed
    /// again and keeps its fastest time.
    static func measure(_ text: String, retimeAbove: UInt64) -> (result: InputReport, nanoseconds: UInt64) {
        let (result, firstTiming) = timed(text)
        var nanoseconds = firstTiming
        if nanoseconds > retimeAbove {
            for _ in 0..<retimings { nanoseconds = min(nanoseconds, timed(text).nanoseconds) }
        }
        return (result, nanoseconds)
    }

    private static func timed(_ text: String) -> (result: InputReport, nanoseconds: UInt64) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = exercise(text)
        return (result, DispatchTime.now().uptimeNanoseconds - start)
    }

    static func exercise(_ text: String) -> InputReport {
        let message: Message
        do throws(MessageRefusal) {
            message = try MessageParser.parse(text)
        } catch {
            return InputReport(outcome: .refusedByParser, action: nil, refusedField: error.problems.first?.field,
                               refusalHasProblems: !error.problems.isEmpty)
        }
        do throws(MessageRefusal) {
            _ = try MessageTranslator.request(for: message)
            return InputReport(outcome: .translated, action: message.key.action.rawValue, refusedField: nil, refusalHasProblems: true)
        } catch {
            return InputReport(outcome: .refusedByTranslator, action: message.key.action.rawValue, refusedField: error.problems.first?.field,
                               refusalHasProblems: !error.problems.isEmpty)
        }
    }

    /// `text` as a Swift string literal: printable ASCII as is, everything else as `\u{…}`, so
    /// a failing input can be pasted into a test.
    static func escaped(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case " "..."~": literal.unicodeScalars.append(scalar)
            default: literal += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return literal + "\""
    }

    // MARK: Counting

    struct Tally {
        var counts: [Shape: [Outcome: Int]] = [:]
        var bytes: [Shape: Int] = [:]
        var measuredNanoseconds: UInt64 = 0
        var slowest: (nanoseconds: UInt64, bytes: Int, shape: Shape, text: String)?
        var translatedByAction: [String: Int] = [:]
        var parserRefusalsByField: [String: Int] = [:]
        var translatorRefusalsByField: [String: Int] = [:]
        var slowInputCount = 0
        var refusalsWithoutProblemsCount = 0
        var slowInputs: [(milliseconds: Double, shape: Shape, text: String)] = []
        var refusalsWithoutProblems: [(shape: Shape, text: String)] = []
        /// Failing inputs of each kind kept for the report; the counts go on past it.
        static let failuresKept = 5

        var inputs: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

        mutating func record(shape: Shape, text: String, measured: (result: InputReport, nanoseconds: UInt64)) {
            let (result, nanoseconds) = measured
            counts[shape, default: [:]][result.outcome, default: 0] += 1
            bytes[shape, default: 0] += text.utf8.count
            measuredNanoseconds += nanoseconds
            if nanoseconds > slowest?.nanoseconds ?? 0 { slowest = (nanoseconds, text.utf8.count, shape, text) }
            switch result.outcome {
            case .translated: translatedByAction[result.action ?? "?", default: 0] += 1
            case .refusedByParser: parserRefusalsByField[result.refusedField ?? "none", default: 0] += 1
            case .refusedByTranslator: translatorRefusalsByField[result.refusedField ?? "none", default: 0] += 1
            }
            let milliseconds = Double(nanoseconds) / 1e6
            if milliseconds > MessageFuzzBenchmark.slowestAllowedMilliseconds {
                slowInputCount += 1
                if slowInputs.count < Self.failuresKept { slowInputs.append((milliseconds, shape, text)) }
            }
            if !result.refusalHasProblems {
                refusalsWithoutProblemsCount += 1
                if refusalsWithoutProblems.count < Self.failuresKept { refusalsWithoutProblems.append((shape, text)) }
            }
        }

        func printFigures(wallSeconds: Double) {
            print("shape          inputs   translated  refused by parser  refused by translator    MiB")
            for shape in Shape.allCases {
                row(shape.rawValue, counts[shape] ?? [:], bytes: bytes[shape] ?? 0)
            }
            let all = counts.values.reduce(into: [Outcome: Int]()) { total, byShape in total.merge(byShape, uniquingKeysWith: +) }
            let totalBytes = bytes.values.reduce(0, +)
            row("all", all, bytes: totalBytes)
            let seconds = Double(measuredNanoseconds) / 1e9
            print("")
            print(String(format: "parse + translate: %.2f s of %.2f s wall (the rest makes the inputs); %.0f inputs/s, %.1f MB/s of message text",
                         seconds, wallSeconds, Double(inputs) / seconds, Double(totalBytes) / 1e6 / seconds))
            if let slowest {
                print(String(format: "slowest single input: %.3f ms (fastest of %d timings; %d bytes, %@); limit %.0f ms",
                             Double(slowest.nanoseconds) / 1e6, 1 + MessageFuzzBenchmark.retimings, slowest.bytes, slowest.shape.rawValue,
                             MessageFuzzBenchmark.slowestAllowedMilliseconds))
            }
            print("translated by action: " + listed(translatedByAction, limit: 10))
            print("parser refusals by field: " + listed(parserRefusalsByField, limit: 10))
            print("translator refusals by field (most frequent 12): " + listed(translatorRefusalsByField, limit: 12))
        }

        private func row(_ name: String, _ outcomes: [Outcome: Int], bytes: Int) {
            let total = outcomes.values.reduce(0, +)
            print(name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: "%9d  %11d  %17d  %21d  %5.1f", total, outcomes[.translated] ?? 0, outcomes[.refusedByParser] ?? 0,
                           outcomes[.refusedByTranslator] ?? 0, Double(bytes) / 1_048_576))
        }

        private func listed(_ counts: [String: Int], limit: Int) -> String {
            guard !counts.isEmpty else { return "none" }
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit)
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }

        /// Prints the verdict and each failing input kept; returns whether the run passed.
        func printVerdict() -> Bool {
            guard slowInputCount > 0 || refusalsWithoutProblemsCount > 0 else {
                print(String(format: "\nverdict: passed — no crash, no input over %.0f ms, every refusal names a problem",
                             MessageFuzzBenchmark.slowestAllowedMilliseconds))
                return true
            }
            print(String(format: "\nFAIL: %d inputs over %.0f ms, %d refusals naming no problem (the first %d of each below)",
                         slowInputCount, MessageFuzzBenchmark.slowestAllowedMilliseconds, refusalsWithoutProblemsCount, Self.failuresKept))
            for slow in slowInputs {
                print(String(format: "FAIL: %.1f ms (fastest of %d timings) for an input (%@, %d bytes): ",
                             slow.milliseconds, 1 + MessageFuzzBenchmark.retimings, slow.shape.rawValue, slow.text.utf8.count)
                      + MessageFuzzBenchmark.escaped(slow.text))
            }
            for refusal in refusalsWithoutProblems {
                print("FAIL: a refusal naming no problem for an input (\(refusal.shape.rawValue), \(refusal.text.utf8.count) bytes): "
                      + MessageFuzzBenchmark.escaped(refusal.text))
            }
            return false
        }
    }
}

// MARK: Inputs

extension MessageFuzzBenchmark {
    /// The seeded stream of inputs: a quarter well-formed messages, a half mutated ones, one in
    /// twenty an edge case of size or shape, and a fifth random text.
    struct Inputs {
        var random: SplitMix64

        init(seed: UInt64) {
            random = SplitMix64(seed: seed)
        }

        mutating func next() -> (Shape, String) {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<25: return (.wellFormed, String(decoding: wellFormedMessage(), as: UTF8.self))
            case 25..<75: return (.mutated, String(decoding: mutatedMessage(), as: UTF8.self))
            case 75..<80: return (.edge, edgeCase())
            default: return (.random, randomText())
            }
        }

        // MARK: Well-formed messages

        mutating func wellFormedMessage() -> [UInt8] {
            let key = MessageKey.all.randomElement(using: &random)!
            var text = key.text + "." + agencyIdentifier()
            for (code, value) in fields(of: key) {
                // Spaces around a value are trimmed by the parser: keep some to check they are.
                let padding = Int.random(in: 0..<20, using: &random) == 0 ? " " : ""
                text += "." + code + "/" + padding + value + padding
            }
            if Bool.random(using: &random) && Int.random(in: 0..<4, using: &random) == 0 { text += "." }
            return Array(text.utf8)
        }

        mutating func agencyIdentifier() -> String {
            Vocabulary.states.randomElement(using: &random)! + digits(7)
        }

        /// The fields a message with `key` plausibly carries, with plausible values.
        mutating func fields(of key: MessageKey) -> [(String, String)] {
            switch key.action {
            case .enter: return factsFields(of: key.kind, keep: 0.9)
            case .modify:
                var fields = [("NIC", recordNumber(key.file))]
                if Bool.random(using: &random) { fields.append(("VER", String(Int.random(in: 1...20, using: &random)))) }
                return fields + factsFields(of: key.kind, keep: 0.15)
            case .cancel:
                let identifier = Vocabulary.identifierAsEntered[key.kind] ?? "NAM"
                return [("NIC", recordNumber(key.file)), (identifier, value(of: identifier, key: key)), ("RSN", words())]
            case .clear: return chosen(["NIC", "DCL", "HOW", "RMK"], key: key, optional: ["RMK"])
            case .locate: return chosen(["NIC", "DLO", "OCA", "RCV"], key: key, optional: [])
            case .query: return queryFields(key)
            case .hitConfirmationRequest: return chosen(["NIC", "PRI", "OCA", "RMK"], key: key, optional: ["RMK"])
            case .hitConfirmationResponse: return chosen(["NIC", "REQ", "ANS", "MIN", "RMK"], key: key, optional: ["MIN", "RMK"])
            }
        }

        mutating func factsFields(of kind: RecordKind, keep: Double) -> [(String, String)] {
            var fields: [(String, String)] = []
            for code in Vocabulary.factsCodes(of: kind) where Double.random(in: 0..<1, using: &random) < keep {
                fields.append((code, value(of: code, key: nil)))
                // Lists and entries repeat: a second alias, a second protected person.
                if Vocabulary.repeatable.contains(code), Int.random(in: 0..<3, using: &random) == 0 {
                    fields.append((code, value(of: code, key: nil)))
                }
            }
            return fields
        }

        mutating func chosen(_ codes: [String], key: MessageKey, optional: Set<String>) -> [(String, String)] {
            codes.filter { !optional.contains($0) || Bool.random(using: &random) }.map { ($0, value(of: $0, key: key)) }
        }

        /// One search key, its companions, the purpose and sometimes the case; now and then a
        /// second search key, which the translator refuses.
        mutating func queryFields(_ key: MessageKey) -> [(String, String)] {
            var codes = [Vocabulary.searchKeys.randomElement(using: &random)!]
            if Int.random(in: 0..<10, using: &random) == 0 { codes.append(Vocabulary.searchKeys.randomElement(using: &random)!) }
            codes += codes.flatMap { Vocabulary.companions[$0] ?? [] }
            codes.append("PUR")
            if Bool.random(using: &random) { codes.append("CAS") }
            return codes.map { ($0, value(of: $0, key: key)) }
        }

        /// A value of the form `code` takes; now and then one a little wrong (a month 13, a
        /// record number of another file), as an operator types them.
        mutating func value(of code: String, key: MessageKey?) -> String {
            if let choices = Vocabulary.choices[code] { return choices.randomElement(using: &random)! }
            switch code {
            case _ where Vocabulary.dateCodes.contains(code): return date()
            case "NIC": return recordNumber(key?.file)
            case "PER": return "P" + digits(10)
            case "NAM", "AKA", "PPN": return name()
            case "WGT": return String(Int.random(in: 90...350, using: &random))
            case "HGT": return String(Int.random(in: 4...6, using: &random)) + digits(1) + digits(1)
            case "VYR", "LIY": return String(Int.random(in: 1960...2027, using: &random))
            case "VER": return String(Int.random(in: 1...40, using: &random))
            case "REQ": return String(Int.random(in: 1...2_000_000, using: &random))
            case "MIN": return String(Int.random(in: 0...1_500, using: &random))
            case "VIN": return characters(17, from: Vocabulary.vinCharacters)
            case "LIC", "OLN", "SER", "SID", "FBI": return characters(Int.random(in: 5...10, using: &random), from: Vocabulary.letterAndDigits)
            case "FCN": return digits(13)
            case "SOC": return digits(9)
            case "CON": return "0" + String(Int.random(in: 1...9, using: &random))
            case "OCA", "CAS": return digits(2) + "-" + digits(6)
            default: return words()
            }
        }

        mutating func date() -> String {
            let year = Int.random(in: 1900...2030, using: &random)
            let month = Int.random(in: 0..<30, using: &random) == 0 ? 13 : Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...31, using: &random)
            return String(format: "%04d%02d%02d", year, month, day)
        }

        /// A record number of `file` (a protection order's are `H…`), sometimes another file's.
        mutating func recordNumber(_ file: RecordKind?) -> String {
            let kind = file.flatMap { Int.random(in: 0..<10, using: &random) == 0 ? nil : $0 } ?? RecordKind.allCases.randomElement(using: &random)!
            return kind.fileCode + digits(10)
        }

        mutating func name() -> String {
            let last = Vocabulary.surnames.randomElement(using: &random)!
            let given = Vocabulary.givenNames.randomElement(using: &random)!
            return Bool.random(using: &random) ? "\(last), \(given)" : "\(last), \(given) \(Vocabulary.givenNames.randomElement(using: &random)!)"
        }

        mutating func words() -> String {
            (0..<Int.random(in: 1...4, using: &random)).map { _ in Vocabulary.words.randomElement(using: &random)! }.joined(separator: " ")
        }

        mutating func digits(_ count: Int) -> String {
            characters(count, from: Vocabulary.digits)
        }

        mutating func characters(_ count: Int, from alphabet: [Character]) -> String {
            String((0..<count).map { _ in alphabet.randomElement(using: &random)! })
        }

        // MARK: Mutations

        /// A well-formed message with one to four mutations, mostly one.
        mutating func mutatedMessage() -> [UInt8] {
            var bytes = wellFormedMessage()
            let count = [1, 1, 1, 1, 2, 2, 3, 4].randomElement(using: &random)!
            for _ in 0..<count { mutate(&bytes) }
            return bytes
        }

        /// One mutation, as a line or a careless operator makes them: a bit or byte changed, a
        /// period or slash added or lost, the message cut short, a field twice, lower case, a
        /// control or unusual character, a value near the length limit, hundreds of fields, a
        /// stray field start (`.QZX/`), a printable character, another key.
        mutating func mutate(_ bytes: inout [UInt8]) {
            switch Int.random(in: 0..<16, using: &random) {
            case 0: flipBit(&bytes)
            case 1: insert(Array(".".utf8), into: &bytes)
            case 2: insert(Array("/".utf8), into: &bytes)
            case 3: remove(UInt8(ascii: "."), from: &bytes)
            case 4: remove(UInt8(ascii: "/"), from: &bytes)
            case 5: bytes.removeLast(Int.random(in: 0...bytes.count, using: &random))
            case 6: duplicateField(&bytes)
            case 7: lowercase(&bytes)
            case 8: insert(Vocabulary.controlCharacters.randomElement(using: &random)!, into: &bytes)
            case 9: insert(Vocabulary.unusualCharacters.randomElement(using: &random)!, into: &bytes)
            case 10: lengthen(&bytes)
            case 11: appendManyFields(&bytes)
            case 12: insert(Array(("." + characters(3, from: Vocabulary.letters) + "/").utf8), into: &bytes)
            case 13: replaceByte(&bytes)
            case 14: insert([UInt8.random(in: 0x20...0x7E, using: &random)], into: &bytes)
            default: bytes = Array(Vocabulary.keyTexts.randomElement(using: &random)!.utf8) + bytes.drop { $0 != UInt8(ascii: ".") }
            }
        }

        mutating func randomIndex(_ bytes: [UInt8]) -> Int? {
            bytes.isEmpty ? nil : Int.random(in: 0..<bytes.count, using: &random)
        }

        mutating func flipBit(_ bytes: inout [UInt8]) {
            guard let index = randomIndex(bytes) else { return }
            bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        }

        mutating func replaceByte(_ bytes: inout [UInt8]) {
            guard let index = randomIndex(bytes) else { return }
            bytes[index] = UInt8.random(in: 0...255, using: &random)
        }

        mutating func insert(_ inserted: [UInt8], into bytes: inout [UInt8]) {
            bytes.insert(contentsOf: inserted, at: Int.random(in: 0...bytes.count, using: &random))
        }

        mutating func remove(_ byte: UInt8, from bytes: inout [UInt8]) {
            let positions = bytes.indices.filter { bytes[$0] == byte }
            if let position = positions.randomElement(using: &random) { bytes.remove(at: position) }
        }

        /// Copies one `.CODE/value` field to just after itself or to the end.
        mutating func duplicateField(_ bytes: inout [UInt8]) {
            let starts = fieldStarts(bytes)
            guard let start = starts.randomElement(using: &random) else { return }
            let end = starts.first { $0 > start } ?? bytes.count
            let field = Array(bytes[start..<end])
            bytes.insert(contentsOf: field, at: Bool.random(using: &random) ? end : bytes.count)
        }

        /// Where each `.XYZ/` begins.
        func fieldStarts(_ bytes: [UInt8]) -> [Int] {
            guard bytes.count >= 5 else { return [] }
            return (0...(bytes.count - 5)).filter { index in
                bytes[index] == UInt8(ascii: ".") && bytes[index + 4] == UInt8(ascii: "/")
                    && bytes[(index + 1)...(index + 3)].allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
            }
        }

        /// Lower case over the whole message or a stretch of it: the parser reads it as upper.
        mutating func lowercase(_ bytes: inout [UInt8]) {
            guard let start = randomIndex(bytes) else { return }
            let end = Bool.random(using: &random) ? bytes.count : Int.random(in: start...bytes.count, using: &random)
            for index in (Bool.random(using: &random) ? 0 : start)..<end where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index]) {
                bytes[index] += 32
            }
        }

        /// A run of one filler inserted to bring the message to just under, at, or just over
        /// `Message.maximumLength` bytes, or to some length below it; the filler may be
        /// several bytes a character, or periods.
        mutating func lengthen(_ bytes: inout [UInt8]) {
            let limit = Message.maximumLength
            let target = Bool.random(using: &random) ? Int.random(in: (limit - 8)...(limit + 8), using: &random) : Int.random(in: 200...limit, using: &random)
            let filler = Vocabulary.fillers.randomElement(using: &random)!
            let runLength = max(0, target - bytes.count) / filler.count
            let run = Array([[UInt8]](repeating: filler, count: runLength).joined())
            let afterKeyAndAgency = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }.dropFirst().first ?? bytes.count
            bytes.insert(contentsOf: run, at: Int.random(in: min(afterKeyAndAgency, bytes.count)...bytes.count, using: &random))
        }

        /// Hundreds of short fields, around `Message.maximumFields`.
        mutating func appendManyFields(_ bytes: inout [UInt8]) {
            let count = Int.random(in: 150...260, using: &random)
            let code = ["AKA", "SMT", "CON", "PPN", "NAM", "XYZ"].randomElement(using: &random)!
            for _ in 0..<count { bytes += Array(".\(code)/\(characters(Int.random(in: 0...4, using: &random), from: Vocabulary.letters))".utf8) }
        }

        // MARK: Edge cases and random text

        mutating func edgeCase() -> String {
            let limit = Message.maximumLength
            let nearLimit = Int.random(in: (limit - 4)...(limit + 4), using: &random)
            switch Int.random(in: 0..<14, using: &random) {
            case 0: return ""
            case 1: return String(repeating: ".", count: Int.random(in: 1...limit + 2, using: &random))
            case 2: return String(repeating: "/", count: Int.random(in: 1...limit + 2, using: &random))
            case 3: return String(repeating: "./", count: Int.random(in: 1...limit / 2 + 1, using: &random))
            case 4: return String(repeating: " ", count: Int.random(in: 1...limit + 2, using: &random))
            case 5: return ["EW", "EW.", "EW.CA0194200", "EW.CA0194200.", "EW..NAM/", "YQ.CA0194200.NIC/", "QW.CA0194200.NAM/.DOB/.PUR/C"]
                .randomElement(using: &random)!
            case 6: return String(repeating: "A", count: nearLimit)
            case 7: return String(repeating: "É", count: nearLimit / 2)
            case 8: return "EW.CA0194200.NAM/" + String(repeating: "X", count: nearLimit - 17)
            case 9: return "EP.CA0194200" + String(repeating: ".AKA/X", count: Int.random(in: 190...210, using: &random))
            case 10: return "EP.CA0194200" + String(repeating: ".SMT/", count: Int.random(in: 190...210, using: &random))
            case 11: return String(repeating: "NAM/", count: nearLimit / 4)
            case 12: return String(repeating: "e\u{301}", count: nearLimit / 3)
            default: return "EW.CA0194200." + String(repeating: "NAM/.", count: (nearLimit - 13) / 5)
            }
        }

        /// Text of a random alphabet: a message's characters, printable ASCII, any byte, or
        /// any Unicode scalar; mostly short, now and then around the length limit.
        mutating func randomText() -> String {
            let limit = Message.maximumLength
            let length = switch Int.random(in: 0..<10, using: &random) {
            case 0..<5: Int.random(in: 0...64, using: &random)
            case 5..<9: Int.random(in: 0...512, using: &random)
            default: Int.random(in: (limit - 100)...(limit + 100), using: &random)
            }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return characters(length, from: Vocabulary.messageCharacters)
            case 1: return String(decoding: (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }, as: UTF8.self)
            case 2: return String(decoding: (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }, as: UTF8.self)
            default: return String(String.UnicodeScalarView((0..<length / 2).map { _ in unicodeScalar() }))
            }
        }

        mutating func unicodeScalar() -> Unicode.Scalar {
            while true {
                if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random) >> UInt32.random(in: 0...12, using: &random)) {
                    return scalar
                }
            }
        }
    }

    /// The codes and values of Docs/messages.md (FieldCatalog is internal to Records).
    enum Vocabulary {
        static let states = ["CA", "NV", "OR", "WA", "AZ", "NY", "TX", "FL"]
        static let person = ["NAM", "AKA", "DOB", "SEX", "RAC", "HGT", "WGT", "EYE", "HAI", "SMT", "SID", "FBI", "OLN", "OLS", "SOC"]
        static let theft = ["DOT", "OCA"]

        static func factsCodes(of kind: RecordKind) -> [String] {
            switch kind {
            case .person: return person
            case .criminalHistory: return ["PER"] + person
            case .protectiveOrder: return ["ORT", "TMP", "CRT", "OCA", "FCN"] + person + ["PPN", "PPB", "PPR", "CON", "RMK", "ISD", "EXP"]
            case .vehicleRegistration: return ["LIC", "LIS", "LIT", "VIN", "VYR", "VMA", "VMO", "VCO"] + person + ["OAD", "EXP"]
            case .driverLicence: return person + ["CLA", "STS", "EXP"]
            case .offenderRegistration: return person + ["RTY", "ADR", "ADS", "RGD", "LAU"]
            case .wantedPerson: return person + ["DOW", "OFF", "CLS", "EXL", "EXD", "OCA", "CAU"]
            case .missingPerson: return person + ["MNP", "DLC", "CIR", "OCA"]
            case .stolenVehicle: return ["VIN", "LIC", "LIS", "VYR", "VMA", "VMO", "VCO"] + theft
            case .stolenPlate: return ["LIC", "LIS", "LIT", "LIY"] + theft
            case .stolenGun: return ["SER", "MAK", "CAL", "MOD", "TYP"] + theft
            case .stolenArticle: return ["SER", "TYP", "BRA", "DES"] + theft
            }
        }

        static let identifierAsEntered: [RecordKind: String] = [.stolenVehicle: "VIN", .stolenPlate: "LIC", .stolenGun: "SER", .stolenArticle: "SER"]
        static let repeatable: Set<String> = ["AKA", "SMT", "CON", "PPN", "ADR"]
        static let searchKeys = ["NIC", "NAM", "SID", "FBI", "LIC", "VIN", "OLN", "SER", "FCN", "OCA"]
        static let companions = ["NAM": ["DOB", "SEX"], "LIC": ["LIS"], "OLN": ["OLS"]]
        static let dateCodes: Set<String> = ["DOB", "DOW", "DOT", "DCL", "DLO", "ISD", "EXP", "RGD", "LAU", "DLC", "ADS", "PPB"]
        static let choices: [String: [String]] = [
            "SEX": ["M", "F", "X", "U"], "RAC": ["A", "B", "I", "U", "W"], "EYE": ["BRO", "BLU", "GRN", "HAZ"], "HAI": ["BLK", "BRO", "BLN", "GRY"],
            "CLS": ["FEL", "MIS", "TFL", "JUV"], "EXL": ["FULL", "LIMITED", "INSTATE"], "MNP": ["EMD", "EME", "EMI", "EMV", "EMJ", "EMO"],
            "ORT": ["EPO", "DV", "EA", "CH", "WV", "GV", "CP"], "TMP": ["Y", "N"], "STS": ["VALID", "SUSPENDED", "REVOKED", "EXPIRED"],
            "PRI": ["U", "R"], "ANS": ["Y", "N", "P"], "PUR": ["A", "C", "D", "F", "H", "I", "J", "S", "V", "X"],
            "LIS": states, "OLS": states, "LIT": ["PC", "TK", "MC"], "CLA": ["A", "B", "C", "M"], "PPR": ["SPOUSE", "CHILD", "PARENT"],
            "TYP": ["PISTOL", "REVOLVER", "RIFLE", "SHOTGUN", "LAPTOP", "BICYCLE"], "HOW": ["APPREHENDED", "FOUND", "RECOVERED"],
        ]
        static let surnames = ["DOE", "SMITH", "O'BRIEN", "GARCIA-LOPEZ", "NGUYEN", "SMITH JR"]
        static let givenNames = ["JOHN", "MARY", "ALLEN", "TIM", "ANA", "JO"]
        /// Free text, some with a period or slash inside a value (`ST. LOUIS`), which must not
        /// start a field.
        static let words = ["PC 459 BURGLARY", "ARMED", "VIOLENT", "ST. LOUIS", "RED", "FRAME", "SUBJECT IN CUSTODY", "TOYOTA", "CAMRY",
                            "GLOCK", "9MM", "1/2 TON", "A.K.A.", "123 MAIN ST.", "W/ KNIFE", "PC 290", "SUPERIOR COURT"]
        static let keyTexts = ["", "E", "EX", "EPO", "EH", "YQ", "YR", "YX", "QPOX", "ZW", "ew", " EW ", "E W"]
        static let digits = Array("0123456789")
        static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        static let letterAndDigits = letters + digits
        static let vinCharacters = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        static let messageCharacters = letters + digits + Array("../// ,-NAMDOB")
        static let controlCharacters: [[UInt8]] = ["\u{0}", "\u{1}", "\u{7}", "\t", "\n", "\r", "\u{1B}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}"]
            .map { Array($0.utf8) }
        /// Characters whose upper case is longer or ASCII (`ß`, `ﬁ`, `ſ`), combining marks that
        /// join the period or slash before them into one character, emoji, invisible ones.
        static let unusualCharacters: [[UInt8]] = ["é", "e\u{301}", "\u{301}", "\u{345}", "😀", "👮🏽‍♀️", "\u{FEFF}", "\u{200B}", "ß", "ﬁ", "ΐ", "ı", "ſ",
                                                   "İ", "ｎ", "Ꭰ", "\u{FFFD}", "\u{10FFFF}", "\u{D7FF}"].map { Array($0.utf8) }
        static let fillers: [[UInt8]] = ["X", " ", ".", "/", "É", "😀", "e\u{301}", ".A", "AB/"].map { Array($0.utf8) }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a few lines, fast, and the same sequence for a seed
/// on every machine, which is all a reproducible fuzz run asks of a generator.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
