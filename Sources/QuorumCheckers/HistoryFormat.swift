import Foundation
import QuorumCore

/// The external history formats `quorum check` reads (see shared/corpus/porcupine/README.md).
public enum HistoryFormat: String, Sendable, CaseIterable {
    /// Jepsen's etcd logs: one register with read, write and cas.
    case jepsenEtcd = "jepsen-etcd"
    /// Porcupine's key-value histories: get, put and append on string keys.
    case porcupineKV = "porcupine-kv"

    /// The model a format's histories are checked with.
    public var model: KeyValueModel {
        switch self {
        case .jepsenEtcd: return .register
        case .porcupineKV: return .emptyString
        }
    }

    /// Guesses the format from the first non-blank line.
    public static func detect(_ text: String) -> HistoryFormat? {
        guard let line = TextFile.lines(text).first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return .jepsenEtcd }
        if line.contains("jepsen.util") { return .jepsenEtcd }
        if line.hasPrefix("{:process") { return .porcupineKV }
        return nil
    }

    public func parse(_ text: String, source: String) throws(InputError) -> [CheckedOperation] {
        switch self {
        case .jepsenEtcd: return try JepsenEtcdParser.parse(text, source: source).map { $0.speaking(.jepsen) }
        case .porcupineKV: return try PorcupineKVParser.parse(text, source: source).map { $0.speaking(.porcupineKV) }
        }
    }
}

/// `INFO  jepsen.util - <process> :<type> :<f> <value>`, one event per line; a line's index is its
/// time. Indeterminate (`:info`) operations return at +infinity.
enum JepsenEtcdParser {
    static func parse(_ text: String, source: String) throws(InputError) -> [CheckedOperation] {
        var operations: [CheckedOperation] = []
        var pending: [Int: Int] = [:]
        for (index, line) in TextFile.lines(text).enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if words.isEmpty { continue }
            func fail(_ message: String) -> InputError { InputError(source: source, line: index + 1, message: message) }
            guard words.count >= 6, words[1] == "jepsen.util", let process = Int(words[3]) else {
                throw fail("expected 'INFO jepsen.util - <process> :<type> :<f> <value>'")
            }
            let type = words[4]
            let function = words[5]
            let value = words.dropFirst(6).joined(separator: " ")
            let time = Int64(index)
            switch type {
            case ":invoke":
                guard pending[process] == nil else { throw fail("process \(process) invokes while its previous operation is outstanding") }
                let input = try jepsenInput(function, value, fail)
                pending[process] = operations.count
                operations.append(CheckedOperation(id: operations.count, client: process, key: "", input: input, output: .unknown,
                                                   call: time, returnTime: CheckedOperation.never))
            case ":ok", ":fail", ":info":
                guard let operation = pending.removeValue(forKey: process) else {
                    throw fail("process \(process) completes an operation it never invoked")
                }
                let invoked: Substring
                switch operations[operation].input {
                case .read: invoked = ":read"
                case .write: invoked = ":write"
                default: invoked = ":cas"
                }
                guard function == invoked else {
                    throw fail("process \(process) completes \(function) but invoked \(invoked)")
                }
                if type == ":info" { continue }  // indeterminate: returns at +infinity, output unknown
                operations[operation].returnTime = time
                operations[operation].output = try jepsenOutput(type == ":ok", function, value, operations[operation].input, fail)
            default:
                throw fail("unknown type '\(type)' (expected :invoke, :ok, :fail or :info)")
            }
        }
        return operations
    }

    private static func jepsenInput(_ function: Substring, _ value: String, _ fail: (String) -> InputError) throws(InputError) -> CheckedOperation.Input {
        switch function {
        case ":read": return .read
        case ":write": return .write(value)
        case ":cas":
            let parts = value.trimmingCharacters(in: ["[", "]"]).split(separator: " ")
            guard parts.count == 2 else { throw fail("cas needs [FROM TO], found '\(value)'") }
            return .cas(expected: String(parts[0]), new: String(parts[1]))
        default: throw fail("unknown function '\(function)' (expected :read, :write or :cas)")
        }
    }

    private static func jepsenOutput(_ ok: Bool, _ function: Substring, _ value: String, _ input: CheckedOperation.Input,
                                     _ fail: (String) -> InputError) throws(InputError) -> CheckedOperation.Output {
        switch (input, ok) {
        case (.read, true): return .value(value == "nil" ? nil : value)
        case (.read, false): return .unknown  // a timed-out read: constrains nothing
        case (.write, true): return .ok
        case (.cas, true): return .swapped(true)
        case (.cas, false): return .swapped(false)
        default: throw fail("a failed \(function) is not something this format records")
        }
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return String(result)
    }
}

/// `{:process P, :type :invoke|ok, :f :get|put|append, :key "K", :value V}`.
enum PorcupineKVParser {
    static func parse(_ text: String, source: String) throws(InputError) -> [CheckedOperation] {
        var operations: [CheckedOperation] = []
        var pending: [Int: Int] = [:]
        for (index, line) in TextFile.lines(text).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            func fail(_ message: String) -> InputError { InputError(source: source, line: index + 1, message: message) }
            guard let process = field(line, ":process ", until: ",").flatMap({ Int($0) }),
                  let type = field(line, ":type :", until: ","), let function = field(line, ":f :", until: ","),
                  let key = quoted(line, after: ":key "), let valueStart = line.range(of: ":value ") else {
                throw fail("expected '{:process P, :type :T, :f :F, :key \"K\", :value V}'")
            }
            let rawValue = line[valueStart.upperBound...].dropLast(line.hasSuffix("}") ? 1 : 0)
            let value: String? = rawValue == "nil" ? nil : quoted(line, after: ":value ")
            guard rawValue == "nil" || value != nil else { throw fail("value must be nil or a quoted string") }
            let time = Int64(index)
            switch type {
            case "invoke":
                guard pending[process] == nil else { throw fail("process \(process) invokes while its previous operation is outstanding") }
                let input: CheckedOperation.Input
                switch function {
                case "get": input = .read
                case "put": input = .write(value ?? "")
                case "append": input = .append(value ?? "")
                default: throw fail("unknown function ':\(function)' (expected :get, :put or :append)")
                }
                pending[process] = operations.count
                operations.append(CheckedOperation(id: operations.count, client: process, key: key, input: input, output: .unknown,
                                                   call: time, returnTime: CheckedOperation.never))
            case "ok":
                guard let operation = pending.removeValue(forKey: process) else {
                    throw fail("process \(process) completes an operation it never invoked")
                }
                operations[operation].returnTime = time
                operations[operation].output = operations[operation].input == .read ? .value(value ?? "") : .ok
            default:
                throw fail("unknown type ':\(type)' (expected :invoke or :ok)")
            }
        }
        return operations
    }

    private static func field(_ line: Substring, _ prefix: String, until terminator: Character) -> Substring? {
        guard let start = line.range(of: prefix)?.upperBound else { return nil }
        let rest = line[start...]
        return rest.prefix { $0 != terminator }
    }

    private static func quoted(_ line: Substring, after prefix: String) -> String? {
        guard let start = line.range(of: prefix + "\"")?.upperBound else { return nil }
        let rest = line[start...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
