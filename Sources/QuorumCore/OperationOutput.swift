/// What a store answered to an operation that took effect (or was definitely evaluated).
public enum OperationOutput: Hashable, Sendable, CustomStringConvertible {
    /// A write was applied.
    case done
    /// A read: the value, or nil when the key does not exist.
    case value(String?)
    /// A read that found several concurrent versions (sibling-keeping stores).
    case siblings([String])
    /// `incr`: the new value.
    case counter(Int64)
    /// `cas`: whether the swap happened.
    case swapped(Bool)
    /// The operation was evaluated and refused (e.g. `incr` of a value that is not a number).
    case error(String)

    public var description: String {
        switch self {
        case .done: return "done"
        case .value(let value): return value.map { "value \($0)" } ?? "value nil"
        case .siblings(let values): return "siblings [" + values.joined(separator: ", ") + "]"
        case .counter(let value): return "counter \(value)"
        case .swapped(let swapped): return swapped ? "swapped" : "not swapped"
        case .error(let reason): return "error \(reason)"
        }
    }
}
