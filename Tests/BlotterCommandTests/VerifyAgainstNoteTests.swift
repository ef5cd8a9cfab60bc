import Foundation
import Testing
import TestSupport

/// A checkpoint note kept outside the ledger, checked later with `blotter verify --against`.
@Suite("blotter verify --against a kept checkpoint note")
struct VerifyAgainstNoteTests {
    let commandLine = BlotterCommandLine()

    @Test func aKeptNoteChecksAndAChangedOneOrAnotherKeyIsRefused() throws {
        try commandLine.demo()
        let notePath = (commandLine.directory.path as NSString).appendingPathComponent("kept.note")
        let signed = try commandLine.run("checkpoint", "--data", commandLine.data, "--note", notePath)
        #expect(signed.status == 0, "\(signed.output)")
        let verifierKey = try #require(signed.output.components(separatedBy: "verifier key ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let holds = try commandLine.run("verify", "--data", commandLine.data, "--against", notePath, "--key", verifierKey)
        #expect(holds.status == 0 && holds.output.contains("extends it"), "\(holds.output)")

        let text = try String(contentsOfFile: notePath, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let changed = text.replacingOccurrences(of: "\n\(lines[1])\n", with: "\n\(Int(lines[1])! - 1)\n")
        try changed.write(toFile: notePath, atomically: true, encoding: .utf8)
        let refused = try commandLine.run("verify", "--data", commandLine.data, "--against", notePath, "--key", verifierKey)
        #expect(refused.status == 1 && refused.output.contains("no valid signature"), "\(refused.output)")
        let otherKey = "blotter/other+00000000+" + Data([1] + [UInt8](repeating: 9, count: 32)).base64EncodedString()
        let malformedKey = try commandLine.run("verify", "--data", commandLine.data, "--against", notePath, "--key", otherKey)
        #expect(malformedKey.status != 0 && malformedKey.output.contains("verifier key"), "\(malformedKey.output)")
    }
}
