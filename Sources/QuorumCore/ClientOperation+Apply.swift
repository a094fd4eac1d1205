/// The key-value semantics every replicated store shares (each protocol's replicated service),
/// written once so that the protocols, and the checkers' register model, cannot drift apart.
extension ClientOperation {
    /// Applies the operation to `values` and returns its output. A missing key reads as absent;
    /// `incr` counts from 0; `cas` swaps only when the current value equals `expected` exactly
    /// (an absent key equals nothing).
    public func apply(to values: inout [String: String]) -> OperationOutput {
        switch self {
        case .get(let key):
            return .value(values[key])
        case .set(let key, let value):
            values[key] = value
            return .done
        case .incr(let key):
            guard let number = Int64(values[key] ?? "0") else { return .error("value of \(key) is not a number") }
            let (next, overflow) = number.addingReportingOverflow(1)
            guard !overflow else { return .error("value of \(key) would overflow") }
            values[key] = String(next)
            return .counter(next)
        case .cas(let key, let expected, let new):
            guard values[key] == expected else { return .swapped(false) }
            values[key] = new
            return .swapped(true)
        }
    }
}
