/// A word of a scenario line, with the 1-based column it starts at.
struct ScenarioToken: Equatable {
    enum Kind: Equatable {
        case word
        case quoted
        case bar
    }

    let text: Substring
    let kind: Kind
    let column: Int

    /// Splits a line into words, `|` separators and double-quoted strings (with `\"` and `\\`
    /// escapes). A `#` outside quotes starts a comment.
    static func tokenize(_ line: Substring) -> Result<[ScenarioToken], TokenizeFailure> {
        var tokens: [ScenarioToken] = []
        var index = line.startIndex
        var column = 1
        while index < line.endIndex {
            let character = line[index]
            if character == "#" { break }
            if character.isWhitespace {
                index = line.index(after: index)
                column += 1
                continue
            }
            if character == "|" {
                tokens.append(ScenarioToken(text: line[index...index], kind: .bar, column: column))
                index = line.index(after: index)
                column += 1
                continue
            }
            if character == "\"" {
                switch readQuoted(line, from: index) {
                case .failure(let failure): return .failure(TokenizeFailure(column: column, message: failure.message))
                case .success(let (text, end, width)):
                    tokens.append(ScenarioToken(text: text, kind: .quoted, column: column))
                    index = end
                    column += width
                }
                continue
            }
            let start = index
            while index < line.endIndex, !line[index].isWhitespace, line[index] != "|", line[index] != "#", line[index] != "\"" {
                index = line.index(after: index)
            }
            let word = line[start..<index]
            tokens.append(ScenarioToken(text: word, kind: .word, column: column))
            column += word.count
        }
        return .success(tokens)
    }

    private static func readQuoted(_ line: Substring, from start: Substring.Index)
        -> Result<(Substring, Substring.Index, Int), ParseFailure> {
        var text = ""
        var index = line.index(after: start)
        var width = 1
        while index < line.endIndex {
            let character = line[index]
            width += 1
            index = line.index(after: index)
            if character == "\"" { return .success((Substring(text), index, width)) }
            if character == "\\" {
                guard index < line.endIndex else { break }
                let escaped = line[index]
                guard escaped == "\"" || escaped == "\\" else {
                    return .failure(ParseFailure("unknown escape '\\\(escaped)' in a quoted string (use \\\" or \\\\)"))
                }
                text.append(escaped)
                width += 1
                index = line.index(after: index)
            } else {
                text.append(character)
            }
        }
        return .failure(ParseFailure("unterminated quoted string"))
    }
}

/// Where a line could not be split into tokens.
struct TokenizeFailure: Error {
    let column: Int
    let message: String
}
