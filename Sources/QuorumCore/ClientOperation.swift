/// A client operation on a key-value store: the vocabulary shared by every protocol's clients,
/// scripts, histories and checkers. A protocol may support a subset (it answers the rest with an
/// error result).
public enum ClientOperation: Hashable, Sendable, CustomStringConvertible, TextWriting {
    case get(key: String)
    case set(key: String, value: String)
    case incr(key: String)
    case cas(key: String, expected: String, new: String)

    public var key: String {
        switch self {
        case .get(let key), .set(let key, _), .incr(let key), .cas(let key, _, _): return key
        }
    }

    public var isRead: Bool { if case .get = self { return true } else { return false } }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .get(let key): write("get ", [key], to: &text)
        case .set(let key, let value): write("set ", [key, value], to: &text)
        case .incr(let key): write("incr ", [key], to: &text)
        case .cas(let key, let expected, let new): write("cas ", [key, expected, new], to: &text)
        }
    }

    private func write(_ verb: StaticString, _ words: [String], to text: inout [UInt8]) {
        text.append(text: verb)
        for (index, word) in words.enumerated() {
            if index > 0 { text.append(UInt8(ascii: " ")) }
            text.append(text: word)
        }
    }

    /// Parses `get x`, `set x 3`, `incr counter`, `cas x 3 4` from words already split on blanks.
    /// On failure, returns a message naming what is wrong.
    public static func parse(_ words: [Substring]) -> Result<ClientOperation, ParseFailure> {
        guard let verb = words.first else {
            return .failure(ParseFailure("missing operation (get, set, incr or cas)"))
        }
        let arguments = words.dropFirst().map(String.init)
        let expected: Int
        switch verb {
        case "get", "incr": expected = 1
        case "set": expected = 2
        case "cas": expected = 3
        default:
            return .failure(ParseFailure("unknown operation '\(verb)' (expected get, set, incr or cas)"))
        }
        guard arguments.count == expected else {
            let shape = ["get": "get KEY", "incr": "incr KEY", "set": "set KEY VALUE", "cas": "cas KEY OLD NEW"]
            return .failure(ParseFailure("'\(verb)' takes \(expected) argument\(expected == 1 ? "" : "s"): \(shape[String(verb)]!)"))
        }
        switch verb {
        case "get": return .success(.get(key: arguments[0]))
        case "incr": return .success(.incr(key: arguments[0]))
        case "set": return .success(.set(key: arguments[0], value: arguments[1]))
        default: return .success(.cas(key: arguments[0], expected: arguments[1], new: arguments[2]))
        }
    }
}

/// Why some text could not be parsed; the caller adds the file, line and column.
public struct ParseFailure: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
