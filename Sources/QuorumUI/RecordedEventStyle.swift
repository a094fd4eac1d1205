import QuorumCore
import QuorumRecording

/// How a recorded event shows in the event log: `EventClassifier`'s rules, read from the recorded
/// kind and detail instead of the typed event.
enum RecordedEventStyle {
    /// `notableTimer`: the primary timer's name when its firing is news (an election timeout).
    static func style(_ event: RecordedEvent, showMessages: Bool, notableTimer: String?) -> StyleRole? {
        switch event.kind {
        case "timer":
            let notable = notableTimer.map { event.text.hasSuffix(" timeout " + $0) } ?? false
            return notable || showMessages ? .eventMessage : nil
        case "send", "deliver", "commit": return showMessages ? .eventMessage : nil
        case "drop": return showMessages ? .dropped : nil
        case "crash", "restart", "freeze", "unfreeze", "partition", "heal", "cut", "repair", "network", "behaviour": return .eventFault
        case "invoke", "complete": return .eventClient
        case "compare":
            guard let order = event.detail.flatMap(CausalOrder.init), order != .equal else { return showMessages ? .eventMessage : nil }
            return KeyTableView.style(order)
        case "caption": return .caption
        default: return .eventRole
        }
    }

    /// Whether the event names the node (as `n3`, or in `n1->n3`).
    static func involves(_ event: RecordedEvent, _ node: NodeID) -> Bool {
        if ["partition", "heal", "network", "caption"].contains(event.kind) { return true }
        let name = node.description
        return event.text.split(whereSeparator: { $0 == " " || $0 == ">" || $0 == "-" }).contains { $0 == name }
    }
}
