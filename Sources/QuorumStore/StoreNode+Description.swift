import QuorumCore

/// How a store node looks to the shared views: its place on the ring, its keys with timestamps,
/// the requests it coordinates with their progress (`QUORUM 1/2`), and the hints it holds.
extension StoreNode: NodeDescribing {
    public static var primaryTimerIsNotable: Bool { false }
    public static var electsLeaders: Bool { false }

    public func describe(logTail: Int) -> NodeDescription {
        let keys = store.sortedKeys
        let rows: [NodeDescription.KeyRow] = keys.map { key in
            let cell = store.cells[key]!
            return NodeDescription.KeyRow(key: key, versions: [.init(value: cell.value, clock: Self.stamp(cell))])
        }
        let offset = config.clockOffsetMicros(of: id.index, clusterSize: clusterSize)
        let down = NodeID.all(count: clusterSize).filter { !believesUp($0) }
        // Short labels and values: the detail column is about 30 wide at 80x24.
        var details: [(label: String, value: String)] = [
            ("dc", "dc\(datacenter + 1) of \(config.datacenterCount)"),
            ("rf", config.topologyText),
            // Its first token, in percent of the ring (ASCII, and read by everyone): a card stands at
            // whichever of its tokens leaves room (`at token 27.5%`).
            ("ring", "\(config.vnodes) vnodes, first \(NodeDescription.RingPlacement.percentText(permille: ring.firstTokenPermille(of: id)))"),
            // The run's levels; a request may carry its own, and `L` (a `workload` line) overrides them.
            ("default r/w", "\(config.readLevel)/\(config.writeLevel)"),
            ("skew", offset == 0 ? "none" : "+\(DurationParsing.describe(micros: offset))"),
            ("keys", "\(keys.count)"),
            ("hints", "\(store.hints.count)" + (config.sloppy ? " (sloppy)" : "")),
            ("down", down.isEmpty ? "none" : down.map(\.description).joined(separator: " ")),
        ]
        let requests = pending.keys.sorted().compactMap { pending[$0] }
        if let first = requests.first { details.append(("busy", "\(first.isWrite ? "write" : "read") \(first.key) \(first.progressText)")) }
        var description = NodeDescription(role: "replica", roleKind: .replica, details: details,
                                          contents: rows.map { ($0.key, $0.versions.first?.value ?? "") })
        description.keyTable = rows
        let (ring, id) = (ring, id)
        description.holdsKey = { ring.replicas(of: $0).contains(id) }  // Dynamo §4.3: RF nodes per key
        description.panels = panels(requests: requests)
        description.ring = ringPlacement(requests: requests)
        description.cardFacts = cardFacts(keys: keys.count, requests: requests)
        description.messageKinds = Self.messageKinds
        return description
    }

    /// The store's own kinds of message, each styled apart from the reads and writes of its family
    /// (StoreMessage.styleKey), so a read repair does not look like a write. (Anti-entropy and pings
    /// are "other messages": no theme sets them apart, so the legend would show two same marks.)
    static let messageKinds: [NodeDescription.MessageKind] = [
        .init(styleKey: "read-repair", category: .replication, meaning: "read repair"),
        .init(styleKey: "hint", category: .replication, meaning: "hint handed off"),
    ]

    /// A cell's timestamp in ms, as the key table writes it (`@1026ms`).
    static func stamp(_ cell: Cell) -> String { "@\(cell.timestampMicros / 1_000)ms" }

    /// A cell as the key table writes it: the value and its timestamp (`9 @1026ms`).
    static func cellText(_ cell: Cell) -> String { "\(cell.value) \(stamp(cell))" }

    /// The node on the ring for views: every token it owns (Dynamo §4.2: a node is given several
    /// random positions, its virtual nodes), its datacenter, and the requests it coordinates.
    private func ringPlacement(requests: [PendingRequest]) -> NodeDescription.RingPlacement {
        let tokens = ring.tokens.filter { $0.node == id }.map { Self.ringFraction($0.position) }
        let coordinating = requests.map { NodeDescription.Coordination(key: $0.key, progress: Self.lineProgress($0),
                                                                                shortProgress: Self.cardProgress($0, key: false)) }
        var placement = NodeDescription.RingPlacement(tokens: tokens, group: datacenter, groupName: "dc\(datacenter + 1)",
                                                      groupCount: config.datacenterCount, coordinating: coordinating,
                                                      keyPosition: { Self.ringFraction(Ring.hash($0)) })  // Dynamo §4.2: a key's token
        placement.hintsHeld = store.hints.count  // Dynamo §4.6
        return placement
    }

    /// A ring position as a fraction of the ring, in [0, 1) (53 bits: exact in a Double).
    public static func ringFraction(_ position: UInt64) -> Double { Double(position >> 11) / Double(UInt64(1) << 53) }

    /// What tells the cards apart (their datacenter is their colour and title; the view adds the
    /// token a card stands at): the request being coordinated with its acks (`w x 1/2 QUORUM`), the
    /// hints it holds (when it holds some), its clock's skew (when it has one), its keys.
    private func cardFacts(keys: Int, requests: [PendingRequest]) -> [NodePanel.Fact] {
        var facts: [NodePanel.Fact] = []
        if let first = requests.first { facts.append(NodePanel.Fact(first.isWrite ? "w" : "r", Self.cardProgress(first))) }
        if !store.hints.isEmpty { facts.append(NodePanel.Fact("hints", "\(store.hints.count)")) }
        // A skewed clock is why last write wins can lose a write: on the card, where it can be seen.
        let offset = config.clockOffsetMicros(of: id.index, clusterSize: clusterSize)
        if offset != 0 { facts.append(NodePanel.Fact("skew", "+" + DurationParsing.describe(micros: offset))) }
        facts.append(NodePanel.Fact("keys", "\(keys)"))
        return facts
    }

    /// A request on the ring's bottom line (`write QUORUM 1/2`), and where it is past gathering.
    static func lineProgress(_ request: PendingRequest) -> String {
        let phase = request.phase == .gathering ? "" : request.phase == .repairing ? " read repair" : " answered"
        return "\(request.isWrite ? "write" : "read") \(request.progressText)" + phase
    }

    /// A request on a card, what changes first (a two-line card keeps about 11 cells): `x 1/2 QUORUM`
    /// while it gathers acks, `x repair` while a read waits for the replicas it repairs, `x 2/2
    /// ok` once the client has its answer (a write still waits for the slower replicas).
    /// Without the key (`w 1/2 QUORUM`), where the key is said already: the ring's line when short.
    static func cardProgress(_ request: PendingRequest, key: Bool = true) -> String {
        let acks = "\(min(request.answered.count, request.requirement.count))/\(request.requirement.count)"
        let subject = key ? request.key : request.isWrite ? "w" : "r"
        switch request.phase {
        case .gathering: return "\(subject) \(acks) \(request.level)"
        case .repairing: return "\(subject) repair"
        case .answered: return "\(subject) \(acks) ok"
        }
    }

    private func panels(requests: [PendingRequest]) -> [NodePanel] {
        var panels: [NodePanel] = []
        if !requests.isEmpty {
            let rows = requests.prefix(6).map { request in
                [NodePanel.Cell(request.isWrite ? "write" : "read"), NodePanel.Cell(request.key),
                 NodePanel.Cell(request.progressText, styleKey: request.phase == .gathering ? "gathering" : "answered"),
                 NodePanel.Cell(request.phase.rawValue)]
            }
            panels.append(NodePanel(title: "coordinating", content: .table(columns: ["op", "key", "level", "phase"], rows: Array(rows))))
        }
        if !store.hints.isEmpty {
            let rows = store.hints.prefix(6).map { hint in
                [NodePanel.Cell(hint.replica.description), NodePanel.Cell(hint.key), NodePanel.Cell(Self.cellText(hint.cell), styleKey: "hint")]
            }
            panels.append(NodePanel(title: "hints", content: .table(columns: ["for", "key", "cell"], rows: Array(rows))))
        }
        return panels
    }
}
