/// What a store answered to an operation that took effect (or was definitely evaluated).
public enum OperationOutput: Hashable, Sendable, CustomStringConvertible, TextWriting {
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

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .done: text.append(text: "done")
        case .value(let value):
            text.append(text: "value ")
            text.append(text: value ?? "nil")
        case .siblings(let values):
            text.append(text: "siblings [")
            text.append(text: values.joined(separator: ", "))
            text.append(UInt8(ascii: "]"))
        case .counter(let value):
            text.append(text: "counter ")
            text.append(decimal: Int(value))
        case .swapped(let swapped): text.append(text: swapped ? "swapped" : "not swapped")
        case .error(let reason):
            text.append(text: "error ")
            text.append(text: reason)
        }
    }
}
