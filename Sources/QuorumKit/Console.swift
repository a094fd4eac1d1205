import Foundation
import QuorumCore
import Synchronization

/// Writing to the terminal's streams. Printed text often quotes files (captions, counterexamples,
/// event text), so every control character but the newline is replaced on the way out. Tests that
/// run a command in-process (a test-only protocol through `QuorumMain.execute`) capture both
/// streams instead.
enum Console {
    private static let capture = Mutex<(out: String, error: String)?>(nil)

    static func error(_ line: String) { write(line, toError: true) }

    static func out(_ text: String) { write(text, toError: false) }

    /// One line, sanitised, to the captured text while a capture runs, else to the stream.
    private static func write(_ text: String, toError: Bool) {
        let line = SafeText.keepingLines(text) + "\n"
        let captured = capture.withLock { captured -> Bool in
            guard captured != nil else { return false }
            if toError { captured!.error += line } else { captured!.out += line }
            return true
        }
        if !captured { (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(line.utf8)) }
    }

    static var stderrIsTerminal: Bool { capture.withLock { $0 == nil } && isatty(2) == 1 }

    /// Runs `body` with both streams captured (one capture at a time: callers serialise).
    static func capturing(_ body: () -> Int32) -> (status: Int32, out: String, error: String) {
        capture.withLock { $0 = ("", "") }
        let status = body()
        let captured = capture.withLock { captured in
            defer { captured = nil }
            return captured ?? ("", "")
        }
        return (status, captured.out, captured.error)
    }
}
