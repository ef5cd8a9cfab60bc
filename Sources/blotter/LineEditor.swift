import CEditLine
import Foundation

/// Reading the operator's lines: with line editing and a history kept across sessions (BSD
/// editline) on a terminal, plain lines otherwise (a pipe or a file in scripts). The history
/// holds at most `historyLimit` lines and never a password or a code: those are read with
/// `secret`, without echo and without history.
final class LineEditor {
    static let historyLimit: Int32 = 500

    private let historyFile: String?
    private let interactive: Bool

    init(historyFile: String?) {
        self.historyFile = historyFile
        interactive = isatty(STDIN_FILENO) == 1
        guard interactive else { return }
        using_history()
        stifle_history(Self.historyLimit)
        if let historyFile {
            Self.restrict(historyFile)
            _ = read_history(historyFile)
        }
    }

    /// The next line (nil at the end of input), kept in the history when it holds anything.
    func line(prompt: String) -> String? {
        guard interactive else {
            Console.say(prompt, terminator: "")
            return Swift.readLine(strippingNewline: true)
        }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(line)
            if let historyFile {
                _ = write_history(historyFile)
                Self.restrict(historyFile)
            }
        }
        return line
    }

    /// The history holds messages (names, dates of birth): readable by its owner alone.
    private static func restrict(_ path: String) {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_APPEND, 0o600)
        if descriptor >= 0 { close(descriptor) }
        chmod(path, 0o600)
    }

    /// A line typed without echo (a password, a one-time code); never in the history.
    func secret(prompt: String) -> String? {
        guard interactive else {
            Console.say(prompt, terminator: "")
            return Swift.readLine(strippingNewline: true)
        }
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        // Echo is off before the prompt shows: a secret typed (or pasted) the moment the
        // prompt appears was echoed while the terminal was still being set.
        Console.say(prompt, terminator: "")
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            Console.say("")
        }
        return Swift.readLine(strippingNewline: true)
    }
}
