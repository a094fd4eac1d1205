import QuorumCore

/// Loads themes by name (built in) or path (a TOML file), with errors naming file, line and key.
public enum ThemeLoader {
    public static let builtInNames = ThemeCatalog.files.map(\.name)

    /// A built-in theme by name, or a theme file by path.
    public static func load(_ nameOrPath: String) throws(InputError) -> Theme {
        if let builtIn = ThemeCatalog.files.first(where: { $0.name == nameOrPath }) {
            return try parse(builtIn.text, source: "themes/\(builtIn.name).toml")
        }
        guard nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") else {
            throw InputError(source: "--theme", message: "unknown theme '\(nameOrPath)' (built in: \(builtInNames.joined(separator: ", ")); or give a path to a .toml file)")
        }
        let text = try TextFile.read(nameOrPath, kind: "theme")
        return try parse(text, source: nameOrPath)
    }

    public static var defaultTheme: Theme {
        // The embedded default is tested to parse; a failure here is a programming error.
        do { return try load("default") } catch { preconditionFailure("built-in theme: \(error)") }
    }

    /// Parses theme text. Roles not named inherit `normal`; roles that name no `bg` take `normal`'s,
    /// so a theme that sets its own background paints every cell with it (and so reads the same on
    /// a dark and a light terminal).
    public static func parse(_ text: String, source: String) throws(InputError) -> Theme {
        let entries = try TOMLSubset.parse(text, source: source)
        var name = "custom"
        var description = ""
        var explicit: [StyleRole: CellStyle] = [:]
        var keyed: [String: CellStyle] = [:]
        var backgroundNamed: Set<String> = []
        for entry in entries {
            func fail(_ message: String) -> InputError {
                InputError(source: source, line: entry.line, column: entry.column, message: message)
            }
            guard let table = entry.table else {
                switch (entry.key, entry.value) {
                case ("name", .string(let value)): name = value
                case ("description", .string(let value)): description = value
                case ("name", _), ("description", _): throw fail("key '\(entry.key)' must be a string")
                default: throw fail("unknown key '\(entry.key)' (top-level keys: name, description)")
                }
                continue
            }
            let role = StyleRole.allCases.first { $0.themeKey == table }
            guard role != nil || isProtocolKey(table) else {
                throw fail("unknown style [\(table)] (known: \(StyleRole.allCases.map(\.themeKey).joined(separator: ", ")), or a protocol's role-*, message-*, phase-* key)")
            }
            var style = role.flatMap { explicit[$0] } ?? keyed[table] ?? CellStyle()
            switch entry.key {
            case "fg", "bg":
                guard let color = TerminalColor(entry.value) else {
                    throw fail("key '\(entry.key)' in [\(table)]: expected a colour name (red, bright-blue, default) or 0-255")
                }
                if entry.key == "fg" { style.foreground = color } else { style.background = color }
                if entry.key == "bg" { backgroundNamed.insert(table) }
            case "bold", "dim", "underline", "reverse":
                guard case .boolean(let flag) = entry.value else {
                    throw fail("key '\(entry.key)' in [\(table)]: expected true or false, found \(entry.value.typeName)")
                }
                switch entry.key {
                case "bold": style.bold = flag
                case "dim": style.dim = flag
                case "underline": style.underline = flag
                default: style.reverse = flag
                }
            default:
                throw fail("unknown key '\(entry.key)' in [\(table)] (keys: fg, bg, bold, dim, underline, reverse)")
            }
            if let role { explicit[role] = style } else { keyed[table] = style }
        }
        let normal = explicit[.normal] ?? CellStyle()
        func withBackground(_ style: CellStyle, _ table: String) -> CellStyle {
            var style = style
            if !backgroundNamed.contains(table) { style.background = normal.background }
            return style
        }
        let styles = StyleRole.allCases.map { role in explicit[role].map { withBackground($0, role.themeKey) } ?? normal }
        return Theme(name: name, description: description, styles: styles,
                     keyedStyles: keyed.reduce(into: [:]) { $0[$1.key] = withBackground($1.value, $1.key) })
    }

    /// A protocol's style key: `role-`, `message-` or `phase-` and then lower-case letters, digits and dashes.
    static func isProtocolKey(_ table: String) -> Bool {
        ["role-", "message-", "phase-"].contains { table.hasPrefix($0) && table.count > $0.count }
            && table.allSatisfy { ($0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "-" }
    }
}
