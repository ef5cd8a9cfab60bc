import Access
import Foundation
import HTTPTypes
import HummingbirdTesting
import Records
import Server
import Testing

/// The worked session of Docs/messages.md: each `user> message` line is sent as that user, and
/// the lines after it must be the reply, byte for byte. The fixture's clock and ledger are the
/// same every run, so sequences and record numbers are too.
@Suite("The worked session of Docs/messages.md")
struct MessageSessionTests {
    static let documentURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Docs/messages.md")

    /// The session block's steps: who sends what, and the reply the document shows.
    static func steps(_ document: String) throws -> [(user: String, message: String, reply: String)] {
        let block = try #require(document.components(separatedBy: "```session\n").dropFirst().first?.components(separatedBy: "```").first)
        var steps: [(user: String, message: String, reply: String)] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if let prompt = line.range(of: "> "), !line.hasPrefix(" "), line[..<prompt.lowerBound].allSatisfy({ $0.isLetter || $0 == "-" }) {
                steps.append((String(line[..<prompt.lowerBound]), String(line[prompt.upperBound...]), ""))
            } else if !steps.isEmpty, !line.isEmpty {
                steps[steps.count - 1].reply += line + "\n"
            }
        }
        return steps
    }

    @Test func theDocumentedSessionAnswersExactlyAsShown() async throws {
        let document = try String(contentsOf: Self.documentURL, encoding: .utf8)
        let steps = try Self.steps(document)
        #expect(steps.count >= 5)
        let fixture = try await ServerFixture()
        let keys = [
            "lapd-op": try await fixture.user("lapd-op", ori: "CA0194200", roles: [.operator]),
            "sac-officer": try await fixture.user("sac-officer", ori: "CA0340000", roles: [.officer]),
        ]
        let transcript = try await fixture.application().test(.router) { client in
            var transcript = ""
            for step in steps {
                let response = try await client.send(.post, "/messages", key: keys[step.user], json: step.message)
                transcript += "\(step.user)> \(step.message)\n\(response.text)"
                #expect(response.text == step.reply, "\(step.message)")
            }
            return transcript
        }
        #expect(transcript == steps.map { "\($0.user)> \($0.message)\n\($0.reply)" }.joined(), "the session as it runs:\n\(transcript)")
    }
}
