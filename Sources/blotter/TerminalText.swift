import Foundation
import Records

/// The terminal's help: the message keys, the terminal's own commands, and a key's fields.
enum TerminalHelp {
    static func text(for keyText: String?) -> String {
        guard let keyText else { return overview }
        guard let key = MessageKey(keyText.uppercased()) else { return "\(keyText) is not a message key; /help lists them" }
        return (["\(key.text) FIELDS:"] + key.fieldHelp.map { "  \($0.code)/  \($0.meaning)" }).joined(separator: "\n")
    }

    static var overview: String {
        """
        MESSAGES: KEY.ORI.CODE/value.CODE/value…  (Docs/messages.md)
          E enter, M modify, X cancel, C clear, L locate, Q query, followed by a file code:
          W wanted, M missing, V vehicle, L plate, G gun, A article, PO protection order,
          R registration, D licence, S offender registration, C criminal history, P person.
          YQ asks the owner to confirm a hit; YR answers it.
        COMMANDS:
          /help KEY      the fields of a key (/help EW)
          /inbox         the agency's administrative messages; /outbox those it sent
          /read ID       open a message (recorded as its read receipt)
          /hits          requests to confirm hits, to and from the agency; /hits overdue
          /quit          log out
        """
    }
}

/// The terminal's rendering of the JSON answers of the mailbox and hit-confirmation routes.
enum TerminalText {
    static func mailbox(_ answer: [String: Any], which: String) -> String {
        let messages = answer["messages"] as? [[String: Any]] ?? []
        guard !messages.isEmpty else { return "\(which.uppercased()) EMPTY" }
        return messages.map { message in
            // A reader at another agency is named by that agency alone.
            let reads = (message["reads"] as? [[String: Any]] ?? []).compactMap { $0["userID"] as? String ?? $0["agency"] as? String }
            let priority = (message["priority"] as? String ?? "").uppercased()
            let party = which == "inbox" ? "FROM \(message["from"] as? String ?? "")" : "TO \((message["recipients"] as? [String] ?? []).joined(separator: ","))"
            let readText = reads.isEmpty ? "UNREAD" : "READ BY \(reads.joined(separator: ","))"
            return "#\(message["id"] as? Int ?? 0) \(priority) \(party) \(message["sentAt"] as? String ?? "")\n  \(message["subject"] as? String ?? "") (\(readText))"
        }.joined(separator: "\n")
    }

    static func openedMessage(_ answer: [String: Any]) -> String {
        let message = answer["message"] as? [String: Any] ?? [:]
        return """
            #\(message["id"] as? Int ?? 0) FROM \(message["from"] as? String ?? "") (\(message["sender"] as? String ?? "")) \(message["sentAt"] as? String ?? "")
            SUBJECT: \(message["subject"] as? String ?? "")
            \(answer["text"] as? String ?? "")
            READ RECORDED AS EVENT \(answer["readSequence"] as? Int ?? 0)
            """
    }

    static func hitConfirmations(_ answer: [String: Any]) -> String {
        func lines(_ items: [[String: Any]], _ title: String) -> [String] {
            [title] + (items.isEmpty ? ["  NONE"] : items.map { item in
                let late = (item["answeredLateBySeconds"] as? Int).map { " ANSWERED \($0)S LATE" } ?? ""
                let overdue = item["overdue"] as? Bool == true ? " OVERDUE" : ""
                return "  REQ/\(item["request"] as? Int ?? 0) \(item["number"] as? String ?? "") FROM \(item["requester"] as? String ?? "")"
                    + " TO \(item["owner"] as? String ?? "") \((item["priority"] as? String ?? "").uppercased())"
                    + " \((item["standing"] as? String ?? "").uppercased()) DUE \(item["deadline"] as? String ?? "")\(overdue)\(late)"
            })
        }
        return (lines(answer["incoming"] as? [[String: Any]] ?? [], "TO ANSWER:") + lines(answer["outgoing"] as? [[String: Any]] ?? [], "SENT:"))
            .joined(separator: "\n")
    }
}
