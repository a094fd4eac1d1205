/// Bad input from a person: a script, an option, a file. Always names where the problem is, and
/// always means exit code 2.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, or the option (`--latency`) when the input came from the command line.
    public let source: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(source: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// An error about a named field of a line (recordings, histories).
    public init(source: String, line: Int, field: String, message: String) {
        self.init(source: source, line: line, message: "field '\(field)': \(message)")
    }

    /// `lesson.txt:3:9: unknown node 'n9' (the cluster has n1..n5)`: always one line, with no
    /// control character from the file it quotes.
    public var description: String {
        var location = source
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return SafeText.oneLine("\(location): \(message)")
    }
}
