import Foundation
import QuorumCore

/// Writing to the terminal's streams. Printed text often quotes files (captions, counterexamples,
/// event text), so every control character but the newline is replaced on the way out.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((SafeText.keepingLines(line) + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((SafeText.keepingLines(text) + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
