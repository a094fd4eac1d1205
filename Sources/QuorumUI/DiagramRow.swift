import QuorumCore

/// One row of the space-time diagram: one event of one node (a message sent, received or dropped,
/// a crash, a timeout, a change of role), or a change of the whole network. Built from the event
/// stream alone, so it knows nothing of any protocol but the first word of a message's text.
public struct DiagramRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `node` sent message `messageID` to `peer`.
        case send
        /// `node` received message `messageID` from `peer`.
        case receive
        /// Message `messageID` from `peer` to `node` died (`node` is the sender when the receiver is a client).
        case drop
        /// Something that happened at `node` alone (a fault, a timeout, a role).
        case local
        /// The network changed (a partition, a heal): the row spans every column.
        case network
    }

    public var time: SimTime
    public var kind: Kind
    /// The column the row's mark is in (nil for a network row).
    public var node: NodeID?
    /// A message's other end: a node's column, or a client, which has no column.
    public var peer: Endpoint?
    public var messageID: UInt64?
    /// A message's kind (the first word of its text), or what happened.
    public var label: String
    public var category: MessageCategory?
    public var style: StyleRole

    public init(time: SimTime, kind: Kind, node: NodeID?, peer: Endpoint? = nil, messageID: UInt64? = nil, label: String,
                category: MessageCategory? = nil, style: StyleRole) {
        self.time = time
        self.kind = kind
        self.node = node
        self.peer = peer
        self.messageID = messageID
        self.label = label
        self.category = category
        self.style = style
    }

    /// The row an event draws, or nil when the diagram leaves it out: client invocations and
    /// completions (clients have no column), captions, and what the event log hides even with
    /// message traffic off (commit notes, routine timers).
    public static func make<Node: SimulatedNode & NodeDescribing>(_ event: SimEvent<Node>) -> DiagramRow? {
        switch event.kind {
        case .sent(let envelope):
            guard let sender = envelope.from.node else { return nil }  // a client's request: its receipt is drawn
            return message(envelope, kind: .send, at: sender, peer: envelope.to, time: event.time)
        case .delivered(let envelope):
            guard let receiver = envelope.to.node else { return nil }  // a reply to a client: its sending is drawn
            return message(envelope, kind: .receive, at: receiver, peer: envelope.from, time: event.time)
        case .dropped(let envelope, let reason):
            let (node, peer) = envelope.to.node.map { ($0, envelope.from) } ?? (envelope.from.node, envelope.to)
            guard let node else { return nil }
            var row = message(envelope, kind: .drop, at: node, peer: peer, time: event.time)
            row.label += " (\(reason.rawValue))"
            row.style = .dropped
            return row
        case .partitioned, .healed, .linkCut, .linkRepaired, .networkChanged:
            return DiagramRow(time: event.time, kind: .network, node: nil, label: DisplayWidth.sanitize(event.kind.description), style: .eventFault)
        case .invoked, .completed, .caption:
            return nil
        case .timerFired(let node, _), .crashed(let node), .restarted(let node), .frozen(let node), .unfrozen(let node),
             .behaviourChanged(let node, _), .annotated(let node, _):
            guard let style = EventClassifier.style(event.kind, showMessages: false) else { return nil }
            return DiagramRow(time: event.time, kind: .local, node: node, label: localLabel(event.kind), style: style)
        }
    }

    private static func message<Message>(_ envelope: Envelope<Message>, kind: Kind, at node: NodeID, peer: Endpoint, time: SimTime) -> DiagramRow {
        let text = DisplayWidth.sanitize(envelope.payload.description)
        let word = text.split(separator: " ").first.map(String.init) ?? text
        return DiagramRow(time: time, kind: kind, node: node, peer: peer, messageID: envelope.id, label: word,
                          category: envelope.payload.category, style: .eventMessage)
    }

    /// The event's text without the node's name, which the column already says.
    private static func localLabel<Node: SimulatedNode>(_ kind: SimEventKind<Node>) -> String {
        switch kind {
        case .annotated(_, let annotation):
            if case .role(let name, let term, _) = annotation.kind { return DisplayWidth.sanitize("\(name) term:\(term)") }
            return DisplayWidth.sanitize(annotation.description)
        case .timerFired(_, let timer): return DisplayWidth.sanitize("timeout \(timer)")
        default:
            let text = kind.description
            let words = text.split(separator: " ", maxSplits: 1)
            return DisplayWidth.sanitize(words.count == 2 ? String(words[1]) : text)
        }
    }
}
