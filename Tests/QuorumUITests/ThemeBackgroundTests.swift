import Foundation
@testable import QuorumUI
import Testing

/// Every theme reads the same on a dark and on a light terminal: it paints its own background
/// (mono uses no colour at all, so it takes the terminal's own pair, which reads anywhere), and
/// every role keeps enough contrast against the background it is drawn on.
@Suite("Theme backgrounds")
struct ThemeBackgroundTests {
    /// Before: only high-contrast set a background, so default and colorblind (light grey text)
    /// vanished on a light terminal and light (dark text) on a dark one.
    @Test(arguments: ["default", "light", "high-contrast", "colorblind"])
    func themePaintsItsOwnBackground(name: String) throws {
        let theme = try ThemeLoader.load(name)
        let background = theme[.normal].background
        guard case .index(let index) = background else {
            Issue.record("\(name): [normal] sets no bg")
            return
        }
        let luminance = Self.luminance(Self.rgb(index))
        #expect(name == "light" ? luminance > 0.8 : luminance < 0.1, "\(name): background luminance \(luminance)")
        for role in StyleRole.allCases {
            let style = theme[role]
            #expect(style.background != .terminalDefault, "\(name): [\(role)] falls through to the terminal's background")
            guard case .index(let foreground) = style.foreground, case .index(let back) = style.background else { continue }
            let (fore, backColour) = style.reverse ? (back, foreground) : (foreground, back)
            let contrast = Self.contrast(Self.rgb(fore), Self.rgb(backColour))
            let needed = [StyleRole.border, .link].contains(role) ? 1.5 : role == .crashed ? 2.5 : 2.8
            #expect(contrast >= needed, "\(name): [\(role)] contrast \(contrast) < \(needed)")
        }
    }

    /// Before: a role without `bg` drew on the terminal's background, whatever `[normal]` said.
    @Test func rolesWithoutBackgroundTakeNormals() throws {
        let theme = try ThemeLoader.parse("[normal]\nfg = 7\nbg = 17\n[leader]\nfg = 1\n[caption]\nbg = 3\n[role-test-x]\nfg = 2\n", source: "t.toml")
        #expect(theme[.leader].background == .index(17))
        #expect(theme[.caption].background == .index(3))
        #expect(theme[.dim].background == .index(17))
        #expect(theme[StyleRole.keyed("role-test-x", fallback: .follower)].background == .index(17))
    }

    /// The xterm palette: the 16 named colours, then the 6x6x6 cube and the greys.
    static func rgb(_ index: Int) -> (Int, Int, Int) {
        let named = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                     (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
        return index < 16 ? named[index] : TerminalColor.paletteRGB(index)
    }

    static func luminance(_ rgb: (Int, Int, Int)) -> Double {
        func channel(_ value: Int) -> Double {
            let x = Double(value) / 255
            return x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
    }

    static func contrast(_ first: (Int, Int, Int), _ second: (Int, Int, Int)) -> Double {
        let a = luminance(first), b = luminance(second)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
}
