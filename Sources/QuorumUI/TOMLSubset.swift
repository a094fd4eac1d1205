import QuorumCore

/// Reads the part of TOML that theme files use: comments, `[table]` headers, and `key = value`
/// lines whose values are strings, integers or booleans. Everything it reads keeps its line, so
/// errors can name the file, line and key.
struct TOMLSubset {
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)

        var typeName: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .boolean: return "a boolean"
            }
        }
    }

    struct Entry: Equatable {
        let table: String?
        let key: String
        let value: Value
        let line: Int
        let column: Int
    }

    static func parse(_ text: String, source: String) throws(InputError) -> [Entry] {
        var entries: [Entry] = []
        var table: String?
        for (offset, rawLine) in TextFile.lines(text).enumerated() {
            let line = offset + 1
            let content = stripComment(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            let trimmed = content.trimmingBlanks
            if trimmed.isEmpty { continue }
            let column = content.distance(from: content.startIndex, to: trimmed.startIndex) + 1
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count > 2 else {
                    throw InputError(source: source, line: line, column: column, message: "malformed table header '\(trimmed)'")
                }
                let name = trimmed.dropFirst().dropLast().trimmingBlanks
                guard isBareKey(name) else {
                    throw InputError(source: source, line: line, column: column, message: "unsupported table name '\(name)'")
                }
                table = String(name)
                continue
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw InputError(source: source, line: line, column: column, message: "expected 'key = value', found '\(trimmed)'")
            }
            let key = trimmed[..<equals].trimmingBlanks
            guard isBareKey(key) else {
                throw InputError(source: source, line: line, column: column, message: "invalid key '\(key)'")
            }
            let valueText = trimmed[trimmed.index(after: equals)...].trimmingBlanks
            let valueColumn = column + trimmed.distance(from: trimmed.startIndex, to: valueText.startIndex)
            guard let value = parseValue(valueText) else {
                throw InputError(source: source, line: line, column: valueColumn,
                                 message: "key '\(key)': unsupported value '\(valueText)' (use a quoted string, an integer, true or false)")
            }
            entries.append(Entry(table: table, key: String(key), value: value, line: line, column: column))
        }
        return entries
    }

    private static func isBareKey(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private static func stripComment(_ line: Substring) -> Substring {
        var inString = false
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if escaped { escaped = false; continue }
            if character == "\\" && inString { escaped = true; continue }
            if character == "\"" { inString.toggle() }
            if character == "#" && !inString { return line[..<index] }
        }
        return line
    }

    private static func parseValue(_ text: Substring) -> Value? {
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let number = Int(text) { return .integer(number) }
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaped ? nil : .string(result)
    }
}

extension Substring {
    var trimmingBlanks: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
