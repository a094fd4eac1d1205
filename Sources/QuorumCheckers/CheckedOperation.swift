import QuorumCore

/// One operation of a history as the checkers see it: a key, what was asked, what was answered,
/// and when (call and return on one clock; an operation whose outcome is unknown returns at +inf).
public struct CheckedOperation: Hashable, Sendable, CustomStringConvertible {
    public enum Input: Hashable, Sendable {
        case read
        case write(String)
        case cas(expected: String, new: String)
        case append(String)
        case incr
    }

    public enum Output: Hashable, Sendable {
        /// A read's value (nil: the key is absent).
        case value(String?)
        /// A write or append took effect.
        case ok
        /// A cas answered whether it swapped.
        case swapped(Bool)
        /// An incr answered the new value.
        case counter(Int64)
        /// The store refused the operation after evaluating it (e.g. incr of a non-number).
        case refused
        /// Unknown: the operation may or may not have taken effect (or, for a timed-out read,
        /// returned nothing we can use).
        case unknown
    }

    /// How an operation is named when printed: in Quorum's own words for Quorum's runs, in the
    /// corpus's words for histories from elsewhere.
    public enum Dialect: Hashable, Sendable {
        /// Quorum's runs: clients `c1, c2, ...` (client index + 1, as the event log names them),
        /// `get/set/incr/cas`, the history's `opN` ids, times in seconds with three decimals.
        case quorum
        /// Jepsen etcd logs: processes `p0, p1, ...` by their Jepsen number, `read/write/cas`, and
        /// times as 1-based line numbers of the file (the formats have no clock: a line is a time).
        case jepsen
        /// Porcupine kv histories: processes as for Jepsen, `get/put/append`, line numbers.
        case porcupineKV
    }

    public var id: Int
    public var client: Int
    public var key: String
    public var input: Input
    public var output: Output
    public var call: Int64
    public var returnTime: Int64
    public var dialect: Dialect

    public init(id: Int, client: Int, key: String, input: Input, output: Output, call: Int64, returnTime: Int64, dialect: Dialect = .quorum) {
        self.id = id
        self.client = client
        self.key = key
        self.input = input
        self.output = output
        self.call = call
        self.returnTime = returnTime
        self.dialect = dialect
    }

    public static let never = Int64.max

    /// The operation, its answer and its times: `c1 op12 get x -> value 1 [6.000s, 6.034s]`, or
    /// `p3 op7 read -> 1 [line 15, line 18]` for a corpus history. `never`: it never returned.
    public var description: String {
        summary + " [\(time(call)), \(returnTime == CheckedOperation.never ? "never" : time(returnTime))]"
    }

    /// The operation and its answer, without times: `c1 op12 get x -> value 1`.
    public var summary: String {
        let target = key.isEmpty ? "" : " \(key)"
        let client = dialect == .quorum ? "c\(self.client + 1)" : "p\(self.client)"
        return "\(client) op\(id) \(verb)\(target)\(argument) -> \(answer)"
    }

    private func time(_ instant: Int64) -> String {
        switch dialect {
        case .quorum: return SimTime(micros: instant).shortDescription
        case .jepsen, .porcupineKV: return "line \(instant + 1)"
        }
    }

    private var verb: String {
        switch (input, dialect) {
        case (.read, .jepsen): return "read"
        case (.read, _): return "get"
        case (.write, .quorum): return "set"
        case (.write, .jepsen): return "write"
        case (.write, .porcupineKV): return "put"
        case (.cas, _): return "cas"
        case (.append, _): return "append"
        case (.incr, _): return "incr"
        }
    }

    private var argument: String {
        switch input {
        case .read, .incr: return ""
        case .write(let value), .append(let value): return " \(value)"
        case .cas(let expected, let new): return dialect == .quorum ? " \(expected) \(new)" : " \(expected)->\(new)"
        }
    }

    private var answer: String {
        let quorum = dialect == .quorum
        switch output {
        case .value(let value): return quorum ? "value \(value ?? "nil")" : value ?? "nil"
        case .ok: return quorum ? "done" : "ok"
        case .swapped(let swapped): return swapped ? "swapped" : "not swapped"
        case .counter(let value): return quorum ? "counter \(value)" : String(value)
        case .refused: return quorum ? "error" : "refused"
        case .unknown: return "unknown"
        }
    }

    /// The same operation, printed in another dialect.
    public func speaking(_ dialect: Dialect) -> CheckedOperation {
        var copy = self
        copy.dialect = dialect
        return copy
    }
}
