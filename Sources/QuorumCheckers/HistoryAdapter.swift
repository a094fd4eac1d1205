import QuorumCore

/// Turns a simulated run's client history into checker operations (times in microseconds).
public enum HistoryAdapter {
    /// Operations keep their history ids. Failed operations (definitely without effect) are left out; unknown and pending ones may
    /// have taken effect, so they return at +infinity with an unknown output.
    public static func operations(from history: [HistoryEntry]) -> [CheckedOperation] {
        var operations: [CheckedOperation] = []
        for entry in history {
            let output: CheckedOperation.Output
            var returnTime = entry.completedAt?.micros ?? CheckedOperation.never
            switch entry.outcome {
            case .failed: continue
            case .pending, .unknown:
                output = .unknown
                returnTime = CheckedOperation.never
            case .ok(let result): output = convert(result)
            }
            operations.append(CheckedOperation(
                id: entry.id, client: entry.client.index, key: entry.operation.key, input: input(entry.operation),
                output: output, call: entry.invokedAt.micros, returnTime: returnTime))
        }
        return operations
    }

    static func input(_ operation: ClientOperation) -> CheckedOperation.Input {
        switch operation {
        case .get: return .read
        case .set(_, let value): return .write(value)
        case .incr: return .incr
        case .cas(_, let expected, let new): return .cas(expected: expected, new: new)
        }
    }

    static func convert(_ output: OperationOutput) -> CheckedOperation.Output {
        switch output {
        case .done: return .ok
        case .value(let value): return .value(value)
        case .siblings(let values): return .value(values.sorted().joined(separator: ","))
        case .counter(let value): return .counter(value)
        case .swapped(let swapped): return .swapped(swapped)
        case .error: return .refused
        }
    }
}
