/// A checker's answer.
public enum Verdict: String, Sendable, Equatable {
    case linearizable
    case notLinearizable = "not-linearizable"
    case unknown
}

/// Why a history is not linearizable: the longest prefix that could be linearized, and the
/// operations none of which could be placed next.
public struct Counterexample: Sendable, Equatable {
    public var key: String
    public var prefix: [CheckedOperation]
    public var stuck: [CheckedOperation]

    public var description: String {
        var lines = ["key \(key.isEmpty ? "(single register)" : key): the longest linearizable prefix has \(prefix.count) operation(s)"]
        for operation in prefix.suffix(8) { lines.append("  ... \(operation)") }
        lines.append("after it, none of these can take effect next:")
        for operation in stuck.prefix(8) { lines.append("  \(operation)") }
        return lines.joined(separator: "\n")
    }
}

public struct LinearizabilityResult: Sendable, Equatable {
    public var verdict: Verdict
    public var operations: Int
    public var counterexample: Counterexample?
    /// Search steps charged against the budget (deterministic; `quorum bench check` reports it).
    public var steps = 0
}
