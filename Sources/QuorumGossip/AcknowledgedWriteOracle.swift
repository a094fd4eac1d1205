import QuorumCore

/// Decides from the client history alone, without the store's versions, dots or journal, whether
/// every acknowledged write is accounted for after the replicas converge: either a read would still
/// return it, or some write was made by a client that had seen it (its context held it).
///
/// What a client had seen is rebuilt from what it was told, in the order it was told it. A client
/// sends with a write the context of its latest read of that key, which covers each value the read
/// returned and everything that value's write had seen. Written values must be unique per key (the
/// workload makes them so); a write whose outcome is unknown may have been applied, so it may
/// account for others, and a failed one may not.
public struct AcknowledgedWriteOracle {
    /// True when clients write without contexts (every write's past is empty).
    public let blindWrites: Bool

    public init(blindWrites: Bool) { self.blindWrites = blindWrites }

    /// The acknowledged writes that are neither readable in `readable` (key -> the values a read
    /// returns once the replicas converged) nor seen by any write, in history order.
    public func unaccountedWrites(in history: [HistoryEntry], readable: [String: [String]]) -> [HistoryEntry] {
        let counterKeys = Set(history.compactMap { entry -> String? in if case .incr(let key) = entry.operation { return key } else { return nil } })
        // What a write's context covers is the writes of the values its client last read, and
        // everything those writes had seen. The latter were added to `seenByAnyWrite` when those
        // writes were invoked (a value can be read only once its write is in `writesByValue`), so
        // a context need only name the writes read directly: keeping whole pasts per write made the
        // oracle quadratic in the length of a key's history, and gave the same union.
        var context: [String: Set<Int>] = [:]  // "client key" -> the writes the client's latest read returned
        var writesByValue: [String: [Int]] = [:]  // "key value" -> writes of that value
        var seenByAnyWrite = Set<Int>()
        for event in Self.events(history) {
            let entry = history[event.id]
            guard case .set(let key, let value) = entry.operation, !counterKeys.contains(key) else {
                if !event.isInvocation, case .get(let key) = entry.operation, !counterKeys.contains(key),
                   case .ok(let output) = entry.outcome {
                    let values: [String?] = switch output {
                    case .value(let value): [value]
                    case .siblings(let values): values
                    default: []
                    }
                    var told = Set<Int>()
                    for case let value? in values {
                        told.formUnion(writesByValue[key + "\u{1}" + value] ?? [])
                    }
                    context["\(entry.client) \(key)"] = told
                }
                continue
            }
            guard event.isInvocation else { continue }
            if case .failed = entry.outcome { continue }
            if !blindWrites { seenByAnyWrite.formUnion(context["\(entry.client) \(key)"] ?? []) }
            writesByValue[key + "\u{1}" + value, default: []].append(entry.id)
        }
        return history.filter { entry in
            guard case .set(let key, let value) = entry.operation, !counterKeys.contains(key), case .ok(.done) = entry.outcome else { return false }
            return !(readable[key] ?? []).contains(value) && !seenByAnyWrite.contains(entry.id)
        }
    }

    private struct Event {
        let time: SimTime
        let isInvocation: Bool
        let id: Int
    }

    /// Invocations and completions in time order; at one instant completions come first, so a write
    /// invoked right after its read carries that read's context.
    private static func events(_ history: [HistoryEntry]) -> [Event] {
        var events: [Event] = []
        for entry in history {
            events.append(Event(time: entry.invokedAt, isInvocation: true, id: entry.id))
            if let end = entry.completedAt { events.append(Event(time: end, isInvocation: false, id: entry.id)) }
        }
        return events.sorted { ($0.time.micros, $0.isInvocation ? 1 : 0, $0.id) < ($1.time.micros, $1.isInvocation ? 1 : 0, $1.id) }
    }
}
