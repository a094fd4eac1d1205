import QuorumCore

/// How the recording names each kind of event (`kind` and `detail` fields), and the client fields.
enum EventKindName {
    static func classify<Node: SimulatedNode>(_ kind: SimEventKind<Node>) -> (StaticString, String?) {
        switch kind {
        case .sent: return ("send", nil)
        case .delivered: return ("deliver", nil)
        case .dropped: return ("drop", nil)
        case .timerFired: return ("timer", nil)
        case .crashed: return ("crash", nil)
        case .restarted: return ("restart", nil)
        case .frozen: return ("freeze", nil)
        case .unfrozen: return ("unfreeze", nil)
        case .partitioned: return ("partition", nil)
        case .healed: return ("heal", nil)
        case .linkCut: return ("cut", nil)
        case .linkRepaired: return ("repair", nil)
        case .networkChanged: return ("network", nil)
        case .invoked: return ("invoke", nil)
        case .completed(let entry):
            switch entry.outcome {
            case .ok: return ("complete", "ok")
            case .failed: return ("complete", "failed")
            case .unknown, .pending: return ("complete", "unknown")
            }
        case .annotated(_, let annotation):
            switch annotation.kind {
            case .role(_, _, let leads): return ("role", leads ? "leads" : nil)
            case .commit(let index): return ("commit", String(index))
            case .note: return ("note", nil)
            case .compared(_, let order, _, _, _): return ("compare", order.rawValue)
            }
        case .caption: return ("caption", nil)
        case .behaviourChanged(_, let behaviour): return ("behaviour", behaviour.name)
        }
    }

    /// The client operation an invoke or complete event carries.
    static func historyEntry<Node: SimulatedNode>(_ kind: SimEventKind<Node>) -> HistoryEntry? {
        switch kind {
        case .invoked(let entry), .completed(let entry): return entry
        default: return nil
        }
    }

    /// An output in a form `RecordedOutput` reads back: `done`, `value X`, `nil`, `counter N`,
    /// `swapped true|false`, `siblings A,B`, `error TEXT`.
    static func outputText(_ output: OperationOutput) -> String {
        switch output {
        case .done: return "done"
        case .value(let value): return value.map { "value " + $0 } ?? "nil"
        case .siblings(let values): return "siblings " + values.joined(separator: ",")
        case .counter(let value): return "counter \(value)"
        case .swapped(let swapped): return "swapped \(swapped)"
        case .error(let reason): return "error " + reason
        }
    }
}
