import QuorumCore

/// Which events the event log shows, and how.
enum EventClassifier {
    /// The style of an event's line, or nil to hide it. Message traffic is hidden unless asked for.
    static func style<Node: SimulatedNode & NodeDescribing>(_ kind: SimEventKind<Node>, showMessages: Bool) -> StyleRole? {
        switch kind {
        case .sent, .delivered: return showMessages ? .eventMessage : nil
        case .dropped: return showMessages ? .dropped : nil
        case .timerFired(_, let timer):
            return (timer == Node.primaryTimer && Node.primaryTimerIsNotable) || showMessages ? .eventMessage : nil
        case .crashed, .restarted, .frozen, .unfrozen, .partitioned, .healed, .linkCut, .linkRepaired, .networkChanged, .behaviourChanged:
            return .eventFault
        case .invoked, .completed: return .eventClient
        case .annotated(_, let annotation):
            switch annotation.kind {
            case .commit: return showMessages ? .eventMessage : nil
            case .compared(_, .equal, _, _, _): return showMessages ? .eventMessage : nil
            case .compared(_, let order, _, _, _): return KeyTableView.style(order)
            default: return .eventRole
            }
        case .caption: return .caption
        }
    }

    static func involves<Node: SimulatedNode>(_ kind: SimEventKind<Node>, _ node: NodeID) -> Bool {
        switch kind {
        case .sent(let envelope), .delivered(let envelope), .dropped(let envelope, _):
            return envelope.from == .node(node) || envelope.to == .node(node)
        case .timerFired(let id, _), .crashed(let id), .restarted(let id), .frozen(let id), .unfrozen(let id), .annotated(let id, _),
             .behaviourChanged(let id, _):
            return id == node
        case .linkCut(let from, let to), .linkRepaired(let from, let to):
            return from == node || to == node
        case .partitioned, .healed, .networkChanged, .caption:
            return true
        case .invoked(let entry), .completed(let entry):
            return entry.attempts.contains(node)
        }
    }
}
