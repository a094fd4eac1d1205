/// An input from outside the cluster: a scenario script line, a key in the UI, or the fault
/// injector. All of them go through `Simulator.perform(_:)`, the one input path.
public enum ClusterAction: Hashable, Sendable, CustomStringConvertible {
    case kill(NodeTarget)
    case restart(NodeID)
    case freeze(NodeID)
    case unfreeze(NodeID)
    /// Sides of a partition; nodes named in none form one more side.
    case partition([[NodeID]])
    /// Cuts one node off from all others (both directions).
    case isolate(NodeID)
    /// Removes all partitions and cuts.
    case heal
    /// One-way link cut: messages from `from` to `to` are lost.
    case cut(from: NodeID, to: NodeID)
    case repair(from: NodeID, to: NodeID)
    case setLoss(Probability)
    case setDuplication(Probability)
    case setReordering(Probability)
    case setLatency(minMicros: Int64, maxMicros: Int64)
    /// A client operation, to the named node or to the node a client picks.
    case request(NodeID?, ClientOperation)
    /// Fires the node's primary timeout (e.g. an election timeout) now.
    case timeout(NodeID)
    /// A caption: shown in the UI and kept in recordings.
    case say(String)
    /// A node starts misbehaving (`byzantine n1 silent`), or is honest again (`honest n1`).
    case behave(NodeID, NodeBehaviour)
    /// A message in flight, named by its id (`m17`, ids count from 0 in sending order), dies
    /// where it is (`drop m17`) or arrives now (`deliver m17`): a person taking a run apart.
    case dropMessage(UInt64)
    case deliverMessage(UInt64)
    /// Options every request of the workload carries from now on (a consistency level), in place
    /// of the previous ones; none: back to the run's configuration. A request's own options win.
    case workload([RequestOption])

    public var description: String {
        switch self {
        case .kill(let target): return "kill \(target)"
        case .restart(let node): return "restart \(node)"
        case .freeze(let node): return "freeze \(node)"
        case .unfreeze(let node): return "unfreeze \(node)"
        case .partition(let sides):
            return "partition " + sides.map { $0.map(\.description).joined(separator: " ") }.joined(separator: " | ")
        case .isolate(let node): return "isolate \(node)"
        case .heal: return "heal"
        case .cut(let from, let to): return "cut \(from) -> \(to)"
        case .repair(let from, let to): return "repair \(from) -> \(to)"
        case .setLoss(let probability): return "loss \(probability)"
        case .setDuplication(let probability): return "duplicate \(probability)"
        case .setReordering(let probability): return "reorder \(probability)"
        case .setLatency(let low, let high):
            return "latency \(DurationParsing.describe(micros: low))..\(DurationParsing.describe(micros: high))"
        case .request(let node, let operation): return "request " + (node.map { "\($0) " } ?? "") + operation.description
        case .timeout(let node): return "timeout \(node)"
        case .say(let text): return "say \"" + text.replacingQuotes() + "\""
        case .behave(let node, let behaviour): return behaviour.isHonest ? "honest \(node)" : "byzantine \(node) \(behaviour)"
        case .dropMessage(let id): return "drop m\(id)"
        case .deliverMessage(let id): return "deliver m\(id)"
        case .workload(let options): return (["workload"] + options.map(\.description)).joined(separator: " ")
        }
    }

    /// Every node the action names, so a script can be checked against the cluster size.
    public var namedNodes: [NodeID] {
        switch self {
        case .kill(.node(let node)), .restart(let node), .freeze(let node), .unfreeze(let node),
             .isolate(let node), .timeout(let node), .behave(let node, _):
            return [node]
        case .partition(let sides): return sides.flatMap { $0 }
        case .cut(let from, let to), .repair(let from, let to): return [from, to]
        case .request(let node, _): return node.map { [$0] } ?? []
        default: return []
        }
    }
}

/// A node named directly, or whichever node leads when the action runs.
public enum NodeTarget: Hashable, Sendable, CustomStringConvertible {
    case node(NodeID)
    case leader

    public var description: String {
        switch self {
        case .node(let node): return node.description
        case .leader: return "leader"
        }
    }
}

extension String {
    /// Escapes `\\` and `"` as scripts write them, so `say` round-trips through the script parser.
    func replacingQuotes() -> String {
        var result = ""
        for character in self {
            if character == "\\" || character == "\"" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
