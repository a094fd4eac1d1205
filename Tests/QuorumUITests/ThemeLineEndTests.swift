import Foundation
import QuorumCore
@testable import QuorumUI
import Testing

/// Theme files written on Windows: CRLF line ends and a byte order mark read as LF does.
@Suite("Themes with CRLF line ends")
struct ThemeLineEndTests {
    private func error(_ text: String) -> InputError? {
        do {
            _ = try ThemeLoader.parse(text, source: "t.toml")
            return nil
        } catch {
            return error
        }
    }

    /// Before: the CRLF error message spanned three lines (the "\r" of each line stayed in it)
    /// or named the wrong line.
    @Test func crlfErrorNamesOneLine() throws {
        let text = "# mine\r\n[leader]\r\nfg = \"red\"\r\nbold = maybe\r\n"
        let failure = try #require(error(text))
        #expect(failure.line == 4)
        #expect(failure.description == "t.toml:4:8: key 'bold': unsupported value 'maybe' (use a quoted string, an integer, true or false)")
        #expect(!failure.description.contains("\r") && !failure.description.contains("\n"))
        #expect(error("\u{FEFF}" + text)?.description == failure.description)
    }

    @Test(arguments: ["default", "light", "high-contrast", "mono", "colorblind"])
    func builtInThemesReadTheSameFromCRLF(name: String) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes/\(name).toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let windows = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try ThemeLoader.parse(windows, source: "t.toml") == ThemeLoader.parse(text, source: "t.toml"))
    }
}
