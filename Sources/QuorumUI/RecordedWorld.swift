import QuorumCore
import QuorumRecording

/// A recorded run as the views see it, rebuilt from the recording alone: node states from its
/// `state` lines, messages in flight, partitions, cuts and captions from its events. No protocol
/// code runs, so this draws a recording even when this Quorum would simulate it differently.
///
/// The world is a value: seeking copies the nearest checkpoint and applies lines from there.
public struct RecordedWorld: Sendable {
    public struct Flight: Sendable {
        public var from: Endpoint
        public var to: Endpoint
        public var sentAtMicros: Int64
        public var arrivalMicros: Int64
        public var category: MessageCategory
        public var styleKey: String?
    }

    /// Events applied so far: the next one to apply is `events[position]`.
    public private(set) var position = 0
    public private(set) var nowMicros: Int64 = 0
    public private(set) var nodes: [NodeState]
    /// Each node's behaviour, from `behaviour` events (`n1 byzantine silent`, `n1 honest`).
    public private(set) var behaviours: [NodeBehaviour]
    /// Messages in flight, by id (sorted when drawn, never in dictionary order).
    public private(set) var flights: [UInt64: Flight] = [:]
    public private(set) var sides: [[NodeID]]?
    public private(set) var cuts: [(from: NodeID, to: NodeID)] = []
    public private(set) var loss: Probability
    public private(set) var caption: String?
    /// The next state line to apply.
    private var nextState = 0

    public init(nodeCount: Int, loss: Probability) {
        nodes = Array(repeating: RecordedState.blank(nodeCount: nodeCount), count: nodeCount)
        behaviours = Array(repeating: .honest, count: nodeCount)
        self.loss = loss
    }

    /// Applies the state lines due at this position (those noted after `position` events).
    public mutating func applyStates(_ states: [RecordedState]) {
        while nextState < states.count, states[nextState].eventIndex <= UInt64(position) {
            let state = states[nextState]
            if state.node < nodes.count { state.apply(to: &nodes[state.node]) }
            nextState += 1
        }
    }

    /// Applies one event and the states noted after it.
    public mutating func apply(_ event: RecordedEvent, states: [RecordedState]) {
        nowMicros = event.timeMicros
        switch event.kind {
        case "send":
            if let id = event.messageID, let (from, to) = Self.endpoints(event.text) {
                // `replication:pre-prepare`: the family, then the protocol's own kind.
                let parts = (event.category ?? "").split(separator: ":", maxSplits: 1).map(String.init)
                let key = parts.count == 2 && StyleKey.isValid(parts[1]) ? parts[1] : nil
                flights[id] = Flight(from: from, to: to, sentAtMicros: event.timeMicros, arrivalMicros: event.arrivalMicros ?? event.timeMicros,
                                     category: parts.first.flatMap(MessageCategory.init) ?? .other, styleKey: key)
            }
        case "deliver", "drop":
            if let id = event.messageID { flights[id] = nil }
        case "crash": setStatus(.crashed, event.text)
        case "restart", "unfreeze": setStatus(.up, event.text)
        case "freeze": setStatus(.frozen, event.text)
        case "behaviour":
            if let node = event.text.split(separator: " ").first.flatMap({ NodeID(parsing: $0) }), node.index < nodes.count,
               let name = event.detail, StyleKey.isValid(name) {
                behaviours[node.index] = NodeBehaviour(name)
            }
        case "partition": sides = Self.sides(event.text)
        case "heal":  // heals every link, cut ones too
            sides = nil
            cuts = []
        case "cut": if let link = Self.link(event.text) { cuts.append(link) }
        case "repair": if let link = Self.link(event.text) { cuts.removeAll { $0 == link } }
        case "network": if let loss = Self.loss(event.text) { self.loss = loss }
        case "caption": caption = Self.captionText(event.text)
        default: break
        }
        position += 1
        applyStates(states)
    }

    /// The node that leads, by the live view's rule (`LeaderRule`): the up node whose recorded role
    /// leads in the highest recorded term (0 for a protocol without terms).
    public var leader: NodeID? {
        LeaderRule.leader(nodes.lazy.map { node in
            LeaderRule.Claim(status: node.status, leaderTerm: node.description.roleKind == .leader ? node.description.term ?? 0 : nil)
        })
    }

    private mutating func setStatus(_ status: NodeStatus, _ text: String) {
        guard let node = text.split(separator: " ").first.flatMap({ NodeID(parsing: $0) }), node.index < nodes.count else { return }
        nodes[node.index].status = status
    }

    // MARK: - Reading event texts (the formats `SimEventKind.write(to:)` writes)

    /// `send n1->c2 ...` → (n1, c2).
    static func endpoints(_ text: String) -> (Endpoint, Endpoint)? {
        let words = text.split(separator: " ", maxSplits: 2)
        guard words.count >= 2 else { return nil }
        let ends = words[1].split(separator: "-", maxSplits: 1)
        guard ends.count == 2, ends[1].hasPrefix(">"), let from = endpoint(ends[0]), let to = endpoint(ends[1].dropFirst()) else { return nil }
        return (from, to)
    }

    static func endpoint(_ text: Substring) -> Endpoint? {
        if let node = NodeID(parsing: text) { return .node(node) }
        guard text.first == "c", let number = Int(text.dropFirst()), number >= 1 else { return nil }
        return .client(ClientID(number - 1))
    }

    /// `partition n1 n2 | n3 n4 n5`.
    static func sides(_ text: String) -> [[NodeID]] {
        text.dropFirst("partition ".count).split(separator: "|").map { side in side.split(separator: " ").compactMap { NodeID(parsing: $0) } }
    }

    /// `cut n1->n2`, `repair n1->n2`.
    static func link(_ text: String) -> (from: NodeID, to: NodeID)? {
        guard let (from, to) = endpoints(text), let a = from.node, let b = to.node else { return nil }
        return (a, b)
    }

    /// `network latency:... loss:5% dup:...`.
    static func loss(_ text: String) -> Probability? {
        text.split(separator: " ").first { $0.hasPrefix("loss:") }.flatMap { Probability(parsing: $0.dropFirst("loss:".count)) }
    }

    /// `say "text"`.
    static func captionText(_ text: String) -> String {
        var body = Substring(text)
        if body.hasPrefix("say \"") { body = body.dropFirst(5) }
        if body.hasSuffix("\"") { body = body.dropLast() }
        return String(body)
    }
}
