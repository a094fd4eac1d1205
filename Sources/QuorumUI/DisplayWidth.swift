import QuorumCore

/// Terminal display width of Unicode scalars, and sanitising of untrusted text.
///
/// Strings from scripts, recordings and keys may hold control characters; none of them may reach
/// the terminal, where they could move the cursor or inject escape sequences.
public enum DisplayWidth {
    /// 0 for scalars that take no cell (combining marks, joiners, variation selectors), 2 for East
    /// Asian wide and most emoji, 1 otherwise.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
             0x200B...0x200F, 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x2060...0x2064:
            return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: return 0
            default: return 1
            }
        }
    }

    /// True for scalars that must never be written to a terminal: the core's one rule (`SafeText`).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { SafeText.isControl(scalar) }

    /// Columns a string takes once sanitised.
    public static func of(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isControl($1) ? 1 : of($1)) }
    }

    /// Replaces control characters with `?` so text is safe to draw anywhere (one line).
    public static func sanitize(_ text: String) -> String { SafeText.oneLine(text) }
}
