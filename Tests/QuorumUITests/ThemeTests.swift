import Foundation
import QuorumCore
@testable import QuorumUI
import Testing

@Suite("Themes")
struct ThemeTests {
    /// The built-in themes are the files themselves, embedded at build time.
    @Test(arguments: ["default", "light", "high-contrast", "mono", "colorblind"])
    func builtInThemesLoadAndMatchTheirFiles(name: String) throws {
        let theme = try ThemeLoader.load(name)
        #expect(theme.name == name)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes/\(name).toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == ThemeCatalog.files.first { $0.name == name }!.text)
        #expect(try ThemeLoader.load(file.path) == theme)
    }

    @Test func everyThemeFileIsBuiltIn() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(ThemeLoader.builtInNames))
        #expect(ThemeLoader.builtInNames.first == "default")
    }

    /// A protocol's own keys: a theme may style them; one that does not draws them like their fallback.
    @Test func protocolStyleKeysFallBackAndCanBeStyled() throws {
        let key = StyleRole.keyed("message-test-prepare", fallback: .messageReplication)
        #expect(!key.isBuiltIn && key.fallback == .messageReplication && key.themeKey == "message-test-prepare")
        #expect(StyleRole.keyed("message-test-prepare", fallback: .normal) == key)
        let plain = try ThemeLoader.load("default")
        #expect(plain[key] == plain[.messageReplication])
        let styled = try ThemeLoader.parse("[message-test-prepare]\nfg = 1\nbold = true\n", source: "t.toml")
        #expect(styled[key].foreground == .index(1) && styled[key].bold)
        #expect(styled[key] != styled[.messageReplication])
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
