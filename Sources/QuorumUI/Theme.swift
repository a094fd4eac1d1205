import QuorumCore

/// A terminal colour: the terminal's default, or an index into the 256-colour palette (0-15 are
/// the classic named colours).
public enum TerminalColor: Equatable, Sendable {
    case terminalDefault
    case index(Int)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// `"red"`, `"bright-red"`, `"default"`, or 0...255.
    init?(_ value: TOMLSubset.Value) {
        switch value {
        case .integer(let number) where (0...255).contains(number):
            self = .index(number)
        case .string("default"):
            self = .terminalDefault
        case .string(let name):
            let bright = name.hasPrefix("bright-")
            guard let base = TerminalColor.names.firstIndex(of: bright ? String(name.dropFirst(7)) : name) else { return nil }
            self = .index(base + (bright ? 8 : 0))
        default:
            return nil
        }
    }

    /// The colour on a terminal with `colors` colours: 256-colour indexes fall back to the nearest
    /// of the first 8 (or 16); with fewer than 8 colours there is no colour at all.
    /// A foreground never degrades to black: dark greys would vanish on a dark terminal, so text
    /// falls back to the terminal's default colour instead.
    public func degraded(toColors colors: Int, foreground: Bool = false) -> TerminalColor {
        guard case .index(let index) = self else { return self }
        if colors >= 256 || index < min(colors, 16) { return self }
        if colors < 8 { return .terminalDefault }
        let basic = index < 16 ? index - 8 : TerminalColor.nearestBasic(to: index)
        return foreground && basic == 0 && index != 0 ? .terminalDefault : .index(basic)
    }

    /// The nearest of the 8 basic colours to a 256-palette entry, by RGB distance.
    static func nearestBasic(to index: Int) -> Int {
        let rgb = paletteRGB(index)
        let basics: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
        var best = 0
        var bestDistance = Int.max
        for (candidate, basic) in basics.enumerated() {
            let distance = (rgb.0 - basic.0) * (rgb.0 - basic.0) + (rgb.1 - basic.1) * (rgb.1 - basic.1) + (rgb.2 - basic.2) * (rgb.2 - basic.2)
            if distance < bestDistance {
                bestDistance = distance
                best = candidate
            }
        }
        return best
    }

    static func paletteRGB(_ index: Int) -> (Int, Int, Int) {
        if index >= 232 {
            let level = 8 + (index - 232) * 10
            return (level, level, level)
        }
        let cube = index - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }
}

/// How one role looks.
public struct CellStyle: Equatable, Sendable {
    public var foreground: TerminalColor = .terminalDefault
    public var background: TerminalColor = .terminalDefault
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false

    public init() {}
}

/// A named mapping from every style role to a look.
public struct Theme: Equatable, Sendable {
    public let name: String
    public let description: String
    /// One per built-in role, in raw-value order.
    public private(set) var styles: [CellStyle]
    /// Styles the theme gives protocol keys (`[message-pre-prepare]`); keys it does not name look
    /// like their fallback role.
    public private(set) var keyedStyles: [String: CellStyle]

    public init(name: String, description: String, styles: [CellStyle], keyedStyles: [String: CellStyle] = [:]) {
        precondition(styles.count == StyleRole.allCases.count)
        self.name = name
        self.description = description
        self.styles = styles
        self.keyedStyles = keyedStyles
    }

    public subscript(role: StyleRole) -> CellStyle {
        if role.isBuiltIn { return styles[Int(role.rawValue)] }
        return keyedStyles[role.themeKey] ?? styles[Int(role.fallback.rawValue)]
    }
}
