import Foundation

// Writes the built-in themes into a Swift file at build time (run by the EmbedThemes plugin), so
// that `themes/*.toml` are the one source of the built-in themes and `quorum` still needs no
// files at run time. Arguments: the output file, then the theme files in the order to list them.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: ThemeEmbedder OUTPUT THEME.toml...\n".utf8))
    exit(2)
}

/// A Swift string literal with every character that needs it escaped.
func literal(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": result += "\\\\"
        case "\"": result += "\\\""
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}

var source = """
    // Generated at build time by ThemeEmbedder from themes/*.toml; not kept in the repository.
    enum ThemeCatalog {
        /// The built-in themes: (name, text of its file), `default` first.
        static let files: [(name: String, text: String)] = [

    """
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        FileHandle.standardError.write(Data("ThemeEmbedder: cannot read \(path)\n".utf8))
        exit(1)
    }
    source += "        (\(literal(url.deletingPathExtension().lastPathComponent)), \(literal(text))),\n"
}
source += "    ]\n}\n"
do {
    try source.write(toFile: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("ThemeEmbedder: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
