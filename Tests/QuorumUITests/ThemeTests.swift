import Foundation
import QuorumCore
@testable import QuorumUI
import Testing

@Suite("Themes")
struct ThemeTests {
    @Test(arguments: ["default", "light", "high-contrast", "mono", "colorblind"])
    func builtInThemesLoadAndMatchTheirFiles(name: String) throws {
        let theme = try ThemeLoader.load(name)
        #expect(theme.name == name)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes/\(name).toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == ThemeCatalog.files.first { $0.name == name }!.text + "\n")
        #expect(try ThemeLoader.load(file.path) == theme)
    }

    @Test func rolesAreToldApartInEveryTheme() throws {
        for name in ThemeLoader.builtInNames {
            let theme = try ThemeLoader.load(name)
            let roles: [StyleRole] = [.leader, .candidate, .follower, .crashed]
            #expect(Set(roles.map { "\(theme[$0])" }).count == roles.count, "\(name)")
        }
    }

    @Test func monoUsesNoColour() throws {
        let theme = try ThemeLoader.load("mono")
        #expect(theme.styles.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
    }

    @Test(arguments: [
        ("[leader]\nfg = 300\n", "t.toml:2:1: key 'fg' in [leader]: expected a colour name"),
        ("[leader]\nblink = true\n", "t.toml:2:1: unknown key 'blink' in [leader]"),
        ("\n[nonsense]\nfg = 1\n", "t.toml:3:1: unknown style [nonsense]"),
        ("[leader]\nbold = \"yes\"\n", "t.toml:2:1: key 'bold' in [leader]: expected true or false"),
        ("[leader]\nfg = [1, 2]\n", "t.toml:2:6: key 'fg': unsupported value"),
        ("colour = 3\n", "t.toml:1:1: unknown key 'colour'"),
        ("[leader\n", "t.toml:1:1: malformed table header"),
        ("just words\n", "t.toml:1:1: expected 'key = value'"),
    ])
    func brokenThemesNameFileLineAndKey(text: String, expected: String) {
        do {
            _ = try ThemeLoader.parse(text, source: "t.toml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func unknownThemeNameAndMissingFile() {
        #expect(throws: InputError.self) { try ThemeLoader.load("neon") }
        #expect(throws: InputError.self) { try ThemeLoader.load("/nonexistent/x.toml") }
    }

    @Test func coloursDegradeGracefully() {
        #expect(TerminalColor.index(214).degraded(toColors: 256) == .index(214))
        #expect(TerminalColor.index(196).degraded(toColors: 8) == .index(1))  // bright red -> red
        #expect(TerminalColor.index(12).degraded(toColors: 8) == .index(4))
        #expect(TerminalColor.index(3).degraded(toColors: 0) == .terminalDefault)
        #expect(TerminalColor.index(239).degraded(toColors: 8) == .index(0), "a dark grey background may become black")
        #expect(TerminalColor.index(239).degraded(toColors: 8, foreground: true) == .terminalDefault, "dark grey text stays visible")
    }
}
