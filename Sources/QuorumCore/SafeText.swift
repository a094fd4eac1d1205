/// Text that came from a file, made safe to print: no control character (C0, DEL, C1, the Unicode
/// line and paragraph separators) reaches a terminal, where it could set the title, clear the
/// screen or hide the cursor. Each is shown as `?`, as the drawn UI does. Every human-readable
/// output path uses this (InputError's description, the command line's console output).
public enum SafeText {
    /// For one line: every control character, newlines included, becomes `?`.
    public static func oneLine(_ text: String) -> String {
        sanitize(text, keepingNewlines: false)
    }

    /// For printed text of several lines: newlines stay, every other control character becomes `?`.
    public static func keepingLines(_ text: String) -> String {
        sanitize(text, keepingNewlines: true)
    }

    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }

    private static func sanitize(_ text: String, keepingNewlines: Bool) -> String {
        // Nearly all text is clean: one pass over the bytes decides (C1 controls and U+2028/9 are
        // the only non-ASCII controls; their UTF-8 starts with 0xC2 or 0xE2).
        let clean = text.utf8.allSatisfy { byte in
            (byte >= 0x20 && byte != 0x7F && byte != 0xC2 && byte != 0xE2) || (keepingNewlines && byte == 0x0A)
        }
        if clean { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isControl(scalar) && !(keepingNewlines && scalar == "\n") ? "?" : scalar)
        }
        return String(scalars)
    }
}
