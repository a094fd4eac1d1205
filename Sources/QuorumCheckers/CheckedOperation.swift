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

    public var id: Int
    public var client: Int
    public var key: String
    public var input: Input
    public var output: Output
    public var call: Int64
    public var returnTime: Int64

    public init(id: Int, client: Int, key: String, input: Input, output: Output, call: Int64, returnTime: Int64) {
        self.id = id
        self.client = client
        self.key = key
        self.input = input
        self.output = output
        self.call = call
        self.returnTime = returnTime
    }

    public static let never = Int64.max

    public var description: String {
        let end = returnTime == CheckedOperation.never ? "inf" : String(returnTime)
        return summary + " [\(call), \(end)]"
    }

    /// The operation and its answer, without times: `op12 client 3: read x -> 1`.
    public var summary: String {
        let target = key.isEmpty ? "" : " \(key)"
        let inputText: String
        switch input {
        case .read: inputText = "read\(target)"
        case .write(let value): inputText = "write\(target) \(value)"
        case .cas(let expected, let new): inputText = "cas\(target) \(expected)->\(new)"
        case .append(let value): inputText = "append\(target) \(value)"
        case .incr: inputText = "incr\(target)"
        }
        let outputText: String
        switch output {
        case .value(let value): outputText = value ?? "nil"
        case .ok: outputText = "ok"
        case .swapped(let swapped): outputText = swapped ? "swapped" : "not swapped"
        case .counter(let value): outputText = String(value)
        case .refused: outputText = "refused"
        case .unknown: outputText = "unknown"
        }
        return "op\(id) client \(client): \(inputText) -> \(outputText)"
    }
}
