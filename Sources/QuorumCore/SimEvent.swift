/// One thing that happened in a run. Every consumer (UI, recorder, checkers, summaries) reads these.
public struct SimEvent<Node: SimulatedNode>: Sendable, CustomStringConvertible {
    /// Position in the run's event stream, from 0.
    public let index: UInt64
    public let time: SimTime
    public let kind: SimEventKind<Node>

    /// `12.000350s n1->n2 MsgVote Term:1 Log:1/2`
    public var description: String { "\(time) \(kind)" }
}

public enum DropReason: String, Sendable {
    case loss, partition, cut, crashed
    /// A person dropped it (`drop m17`).
    case byHand = "by hand"
}

public enum SimEventKind<Node: SimulatedNode>: Sendable, CustomStringConvertible, TextWriting {
    case sent(Envelope<Node.Message>)
    case delivered(Envelope<Node.Message>)
    case dropped(Envelope<Node.Message>, DropReason)
    case timerFired(NodeID, Node.Timer)
    case crashed(NodeID)
    case restarted(NodeID)
    case frozen(NodeID)
    case unfrozen(NodeID)
    case partitioned([[NodeID]])
    case healed
    case linkCut(from: NodeID, to: NodeID)
    case linkRepaired(from: NodeID, to: NodeID)
    case networkChanged(NetworkSettings)
    case invoked(HistoryEntry)
    case completed(HistoryEntry)
    case annotated(NodeID, Annotation)
    case caption(String)
    case behaviourChanged(NodeID, NodeBehaviour)

    public var description: String { writtenText }

    /// Message events, nine in ten of a run, are written straight as bytes; the rest through their
    /// strings.
    public func write(to text: inout [UInt8]) {
        switch self {
        case .sent(let envelope):
            text.append(text: "send ")
            text.append(envelope)
        case .delivered(let envelope):
            text.append(text: "recv ")
            text.append(envelope)
        case .dropped(let envelope, let reason):
            text.append(text: "drop ")
            text.append(envelope)
            text.append(text: " (")
            text.append(text: reason.rawValue)
            text.append(UInt8(ascii: ")"))
        default:
            text.append(text: otherDescription)
        }
    }

    private var otherDescription: String {
        switch self {
        case .sent, .delivered, .dropped: return writtenText
        case .timerFired(let node, let timer): return "\(node) timeout \(timer)"
        case .crashed(let node): return "\(node) crashed"
        case .restarted(let node): return "\(node) restarted"
        case .frozen(let node): return "\(node) frozen"
        case .unfrozen(let node): return "\(node) unfrozen"
        case .partitioned(let sides):
            return "partition " + sides.map { $0.map(\.description).joined(separator: " ") }.joined(separator: " | ")
        case .healed: return "heal"
        case .linkCut(let from, let to): return "cut \(from)->\(to)"
        case .linkRepaired(let from, let to): return "repair \(from)->\(to)"
        case .networkChanged(let settings): return "network \(settings)"
        case .invoked(let entry): return "\(entry.client) invoke op\(entry.id) \(entry.operation)"
        case .completed(let entry): return "\(entry.client) complete op\(entry.id) \(entry.outcome)"
        case .annotated(let node, let annotation): return "\(node) \(annotation)"
        case .caption(let text): return "say \"\(text)\""
        case .behaviourChanged(let node, let behaviour): return behaviour.isHonest ? "\(node) honest" : "\(node) byzantine \(behaviour)"
        }
    }
}
