import QuorumCore

/// The ring of tokens under the cards, for nodes that sit on one: its arcs in the colour of the
/// datacenter that owns them (a stretch of the ring belongs to the first token clockwise from it),
/// a mark at every token, the selected key's token; its replicas' names highlighted on the cards,
/// the node coordinating a request on it marked, and the key's replicas listed on the bottom line.
extension ClusterView {
    func drawRing(_ ring: RingGeometry, cards: CardLayout, key: String?, into buffer: inout CellBuffer, area: Rect) {
        let glyphs = snapshot.glyphs
        var tokens: [(fraction: Double, group: Int)] = []
        for node in snapshot.nodes {
            guard let placement = node.description.ring else { continue }
            tokens += placement.tokens.map { ($0, placement.group) }
        }
        tokens.sort { ($0.fraction, $0.group) < ($1.fraction, $1.group) }
        guard !tokens.isEmpty else { return }
        func drawable(_ cell: (x: Int, y: Int)) -> Bool {
            area.contains(x: cell.x, y: cell.y) && cell.y < area.maxY - 1 && cards.node(atX: cell.x, y: cell.y) == nil
        }
        let samples = max(64, ring.perimeterCells * 4)
        var owner = 0
        for sample in 0..<samples {
            let fraction = Double(sample) / Double(samples)
            while owner < tokens.count, tokens[owner].fraction < fraction { owner += 1 }
            let cell = ring.cell(at: fraction)
            guard drawable(cell) else { continue }
            buffer.put(glyphs.ringArc, x: cell.x, y: cell.y, style: .ringGroup(tokens[owner % tokens.count].group))
        }
        for token in tokens {
            let cell = ring.cell(at: token.fraction)
            if drawable(cell) { buffer.put(glyphs.ringToken, x: cell.x, y: cell.y, style: .ringGroup(token.group)) }
        }
        if let key, let position = snapshot.nodes.first?.description.ring?.keyPosition(key) {
            let cell = ring.cell(at: position)
            if drawable(cell) { buffer.put(glyphs.ringKey, x: cell.x, y: cell.y, style: .ringKey) }
        }
    }

    /// A cell of the ring's arcs or token marks: a message may be drawn over it (the key's mark it
    /// may not). Replicas of a key are neighbours on the ring, so the messages between them cross
    /// its marks: a mark that hid them hid most writes and read repairs.
    static func isRingCell(_ cell: Cell, glyphs: Glyphs) -> Bool {
        (cell.scalar == glyphs.ringArc || cell.scalar == glyphs.ringToken) && StyleRole.ringGroups.contains(cell.style)
    }

    /// The datacenters, each named in its colour, at the top left or else the top right, where
    /// nothing else is drawn (a cell apart from the ring and the cards).
    func drawGroupNames(cards: CardLayout, into buffer: inout CellBuffer, area: Rect) {
        guard snapshot.nodes.contains(where: { ($0.description.ring?.groupCount ?? 0) > 1 }) else { return }  // one: nothing to tell apart
        let names = snapshot.ringGroups
        let width = names.reduce(-1) { $0 + DisplayWidth.of($1.name) + 1 }
        func free(_ x: Int) -> Bool {
            (x - 1...x + width).allSatisfy { column in
                column < area.x || column >= area.maxX
                    || (buffer[column, area.y] == .blank && cards.node(atX: column, y: area.y) == nil)
            }
        }
        guard let start = [area.x + 1, area.maxX - 1 - width].first(where: { $0 >= area.x && free($0) }) else { return }
        var x = start
        for entry in names { x += buffer.write(entry.name, x: x, y: area.y, style: .ringGroup(entry.group)) + 1 }
    }

    /// The bottom line: the selected key, its replicas (highlighted) and its coordinator with the
    /// request's progress (`◎ x: n1 n3 n4 ◉n2 write QUORUM 1/2`). Returns where the line ends.
    func drawRingKeyLine(_ key: String?, into buffer: inout CellBuffer, area: Rect, from left: Int) -> Int {
        guard let key else { return left }
        let glyphs = snapshot.glyphs
        let y = area.maxY - 1
        let limit = bottomLineLimit(from: left, area: area)
        var x = left
        func write(_ text: String, _ style: StyleRole) {
            guard x < limit else { return }
            x += buffer.write(text, x: x, y: y, style: style, maxWidth: limit - x, ellipsis: glyphs.ellipsis)
        }
        write(String(glyphs.ringKey), .ringKey)
        write(" " + key, .ringKey)
        write(":", .dim)
        for node in snapshot.nodes where KeyTableView.holds(node, key) {
            write(" ", .normal)
            write(node.id.description, .ringReplica)
        }
        let coordinators = snapshot.nodes.compactMap { node in node.description.ring?.coordination(of: key).map { (node.id, $0) } }
        // The long progress (`write QUORUM 1/2`) where it fits, else the short one (`w 1/2 QUORUM`): its acks never cut.
        let longWidth = coordinators.reduce(0) { $0 + 3 + DisplayWidth.of($1.0.description) + DisplayWidth.of($1.1.progress) }
        let fits = x + longWidth <= limit
        for (node, coordination) in coordinators {
            write(" ", .normal)
            write(String(glyphs.ringCoordinator) + node.description, .ringCoordinator)
            write(" " + (fits ? coordination.progress : coordination.shortProgress), .normal)
        }
        return x + 2
    }

    /// How far the bottom line's ring facts may reach from `left`: leaving half of the rest to the
    /// cut links, when there are some.
    private func bottomLineLimit(from left: Int, area: Rect) -> Int {
        snapshot.cuts.isEmpty ? area.maxX - 1 : left + (area.maxX - left) / 2
    }

    /// Where nodes are one-line tags (no room on them): who holds hints for other replicas, and
    /// how many (`hints n1:2 n3:1`), after the key's line, as far as it fits.
    func drawHintsHeld(_ cards: CardLayout, into buffer: inout CellBuffer, area: Rect, from left: Int) -> Int {
        guard cards.size == .tiny else { return left }
        let holders = snapshot.nodes.compactMap { node in node.description.ring.flatMap { $0.hintsHeld > 0 ? (node.id, $0.hintsHeld) : nil } }
        guard !holders.isEmpty else { return left }
        let y = area.maxY - 1
        let limit = bottomLineLimit(from: left, area: area)
        let text = holders.map { "\($0.0):\($0.1)" }.joined(separator: " ")
        guard left + 6 + 4 <= limit else { return left }
        var x = left + buffer.write("hints ", x: left, y: y, style: .dim, maxWidth: limit - left)
        x += buffer.write(text, x: x, y: y, style: .normal, maxWidth: limit - x, ellipsis: snapshot.glyphs.ellipsis)
        return x + 2
    }

    /// On a node's card: its name highlighted when it is a replica of the selected key, and the
    /// coordinator's mark where it coordinates a request on it. `nameX` is where its name starts.
    func markRingRoles(_ node: FrameSnapshot.NodeView, nameX: Int, y: Int, markX: Int, into buffer: inout CellBuffer) {
        guard let key = ringKey, node.description.ring != nil else { return }
        if KeyTableView.holds(node, key), node.id != snapshot.state.selected {
            buffer.restyle(x: nameX, y: y, length: DisplayWidth.of(node.id.description), style: .ringReplica)
        }
        if node.description.ring?.coordination(of: key) != nil {
            buffer.put(snapshot.glyphs.ringCoordinator, x: markX, y: y, style: .ringCoordinator)
        }
    }

    /// A node's colour: its datacenter's when it sits on a ring and is up, else its role's.
    func cardStyle(_ node: FrameSnapshot.NodeView) -> StyleRole {
        guard node.status == .up, node.behaviour.isHonest, let placement = node.description.ring else { return RoleStyle.style(node) }
        return .ringGroup(placement.group)
    }
}

extension FrameSnapshot {
    /// The ring's groups (datacenters) the nodes belong to, each once, in group order.
    var ringGroups: [(name: String, group: Int)] {
        var groups: [(name: String, group: Int)] = []
        for node in nodes {
            guard let placement = node.description.ring, !groups.contains(where: { $0.group == placement.group }) else { continue }
            groups.append((placement.groupName, placement.group))
        }
        return groups.sorted { $0.group < $1.group }
    }

    /// True when the key tables' versions are stamped with a time (`@2016ms`), not a vector: one
    /// version per key and replica, the newest stamp winning, so there are no siblings to explain.
    var keyCellsAreStamped: Bool {
        let clocks = nodes.flatMap { $0.description.keyTable?.flatMap { $0.versions.map(\.clock) } ?? [] }.filter { !$0.isEmpty }
        return !clocks.isEmpty && clocks.allSatisfy { $0.hasPrefix("@") }
    }

    /// The key the ring and the key table single out: the one chosen with `y`, else the first
    /// held; nil unless the nodes sit on a ring.
    var ringKey: String? {
        guard nodes.contains(where: { $0.description.ring != nil }) else { return nil }
        return state.keyShown(among: FrameSnapshot.ringKeys(nodes.map(\.description)))
    }

    /// The keys `y` goes through: every key held, and every key a request is on (a first write's
    /// key is held nowhere yet), sorted.
    static func ringKeys(_ descriptions: [NodeDescription]) -> [String] {
        guard descriptions.contains(where: { $0.ring != nil }) else { return [] }
        let coordinated = descriptions.flatMap { $0.ring?.coordinating.map(\.key) ?? [] }
        return Set(KeyTableView.heldKeys(descriptions) + coordinated).sorted()
    }
}
