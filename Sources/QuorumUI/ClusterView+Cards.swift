import QuorumCore

/// A node's card in its three sizes: the boxed card of a big screen (border in the role's colour,
/// role, term, log and commit, the timer as a bar, the protocol's own card facts), the two-line
/// card of a small one, and a one-line tag when there are very many nodes.
extension ClusterView {
    /// `ringAnchor`: on a ring, the fraction of the ring the card stands at (one of the node's tokens, or near one).
    func drawBoxedCard(_ node: FrameSnapshot.NodeView, in rect: Rect, ringAnchor: Double? = nil, into buffer: inout CellBuffer) {
        let glyphs = snapshot.glyphs
        let style = cardStyle(node)
        let selected = node.id == snapshot.state.selected
        let inner = rect.width - 2
        drawBox(rect, style: style, into: &buffer)
        // Top border: glyph and letter, id, role in words, term.
        var x = rect.x + 1
        buffer.put(RoleStyle.glyph(node, glyphs), x: x, y: rect.y, style: style)
        buffer.put(RoleStyle.letter(node.description.roleKind), x: x + 1, y: rect.y, style: style)
        buffer.put(" ", x: x + 2, y: rect.y, style: style)
        x += 3
        x += buffer.write(node.id.description, x: x, y: rect.y, style: selected ? .selected : style)
        let badgeRoom = node.behaviour.isHonest ? 0 : 2
        // On a ring of several datacenters the node's datacenter says more than its role.
        var title = " " + (node.description.ring.flatMap { $0.groupCount > 1 ? $0.groupName : nil } ?? node.description.role)
        if let term = node.description.term { title += " t\(term)" }
        buffer.write(title + " ", x: x, y: rect.y, style: style, maxWidth: rect.maxX - 1 - badgeRoom - x, ellipsis: glyphs.ellipsis)
        if !node.behaviour.isHonest { buffer.write(glyphs.byzantine, x: rect.maxX - 3, y: rect.y, style: .warning) }
        markRingRoles(node, nameX: rect.x + 4, y: rect.y, markX: rect.maxX - 2 - badgeRoom, into: &buffer)
        // Body: three lines inside the border.
        var lines: [(text: String, style: StyleRole)] = []
        switch node.status {
        case .crashed: lines.append(("crashed", .crashed))
        case .frozen: lines.append(("frozen", .frozen))
        case .up: break
        }
        if let logLine = logLine(node) { lines.append((logLine, .normal)) }
        // On a ring the facts tell the nodes apart better than their timers do: the timer comes last.
        let timerFirst = node.description.ring == nil
        var timerRow = timerFirst && lines.count < 3 && node.timerFraction != nil ? lines.count : nil
        if timerRow != nil { lines.append(("", .normal)) }
        // The protocol's card facts; a protocol that names none gets its first details.
        var facts = node.description.cardFacts.isEmpty
            ? node.description.details.prefix(2).map { NodePanel.Fact($0.label, $0.value) } : node.description.cardFacts
        // The node's token nearest to where its card stands (the card is moved off it only where two would touch).
        if let ringAnchor, let token = node.description.ring?.tokens.min(by: {
            CardLayout.circularDistance($0, ringAnchor) < CardLayout.circularDistance($1, ringAnchor)
        }) {
            facts.append(NodePanel.Fact("at token", NodeDescription.RingPlacement.percentText(permille: Int(token * 1000))))
        }
        for fact in facts {
            let text = "\(fact.label) \(fact.value)"
            lines.append((glyphs.plain(text), .normal))
        }
        if let judgment = freshJudgment(node) { lines.append((judgment.text, judgment.style)) }
        if !timerFirst, lines.count < 3, node.timerFraction != nil {
            timerRow = lines.count
            lines.append(("", .normal))
        }
        for (row, line) in lines.prefix(rect.height - 2).enumerated() {
            buffer.write(line.text, x: rect.x + 1, y: rect.y + 1 + row, style: line.style, maxWidth: inner, ellipsis: glyphs.ellipsis)
        }
        if let timerRow { drawTimerBar(node, x: rect.x + 1, y: rect.y + 1 + timerRow, width: inner, into: &buffer) }
        // Bottom border: the side in the partition editor, else the node's misbehaviour.
        if let side = sideLabel(node) {
            buffer.write(" " + side.text + " ", x: rect.x + 1, y: rect.maxY - 1, style: side.style, maxWidth: inner)
        } else if !node.behaviour.isHonest {
            buffer.write(" \(glyphs.byzantine) \(node.behaviour) ", x: rect.x + 1, y: rect.maxY - 1, style: .warning, maxWidth: inner,
                         ellipsis: glyphs.ellipsis)
        }
    }

    private func drawBox(_ rect: Rect, style: StyleRole, into buffer: inout CellBuffer) {
        let glyphs = snapshot.glyphs
        buffer.fill(Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2))
        buffer.horizontalLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, glyphs.horizontal, style: style)
        buffer.horizontalLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, glyphs.horizontal, style: style)
        buffer.verticalLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, glyphs.vertical, style: style)
        buffer.verticalLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, glyphs.vertical, style: style)
        let corners = glyphs.boxCorners
        buffer.put(corners[0], x: rect.x, y: rect.y, style: style)
        buffer.put(corners[1], x: rect.maxX - 1, y: rect.y, style: style)
        buffer.put(corners[2], x: rect.x, y: rect.maxY - 1, style: style)
        buffer.put(corners[3], x: rect.maxX - 1, y: rect.maxY - 1, style: style)
    }

    /// `log 21 · c 19`: the log's length and the commit index, where the protocol has them.
    private func logLine(_ node: FrameSnapshot.NodeView) -> String? {
        var parts: [String] = []
        if let last = node.description.log.last?.index { parts.append("log \(last)") }
        if let commit = node.description.commitIndex { parts.append("commit \(commit)") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The primary timer as a bar that fills as it runs, then the time left.
    private func drawTimerBar(_ node: FrameSnapshot.NodeView, x: Int, y: Int, width: Int, into buffer: inout CellBuffer) {
        guard let fraction = node.timerFraction else { return }
        let remaining = node.timerRemainingMicros.map { " \($0 / 1_000)ms" } ?? ""
        let cells = max(4, width - DisplayWidth.of(remaining))
        let filled = Int((fraction * Double(cells)).rounded(.down))
        let roleStyle = cardStyle(node)
        for cell in 0..<cells {
            buffer.put(cell < filled ? snapshot.glyphs.timerFull : snapshot.glyphs.timerEmpty, x: x + cell, y: y,
                       style: cell < filled ? roleStyle : .dim)
        }
        buffer.write(remaining, x: x + cells, y: y, style: .dim, maxWidth: width - cells)
    }

    private func sideLabel(_ node: FrameSnapshot.NodeView) -> (text: String, style: StyleRole)? {
        guard case .partition(let sideB) = snapshot.state.mode else { return nil }
        return sideB[node.id.index] ? ("side B", .partition) : ("side A", .dim)
    }

    /// For stores: how the node judged the version it just received, while it is fresh.
    private func freshJudgment(_ node: FrameSnapshot.NodeView) -> (text: String, style: StyleRole)? {
        guard let judgment = node.description.judgment, snapshot.now.micros - judgment.atMicros < KeyTableView.freshMicros else { return nil }
        return ("\(KeyTableView.badge(judgment.order)) \(judgment.key) from \(judgment.from)", KeyTableView.style(judgment.order))
    }

    /// The two-line card: glyph, letter, id and term; then commit index and the timer as four cells
    /// (or the node's status, or its side in the partition editor). A misbehaving node's badge sits
    /// at the end of the first line, so it is never hidden.
    func drawCard(_ node: FrameSnapshot.NodeView, at position: (x: Int, y: Int), into buffer: inout CellBuffer) {
        let glyphs = snapshot.glyphs
        let style = cardStyle(node)
        let selected = node.id == snapshot.state.selected
        let width = CardLayout.Size.compact.width
        var x = position.x
        buffer.put(RoleStyle.glyph(node, glyphs), x: x, y: position.y, style: style)
        buffer.put(RoleStyle.letter(node.description.roleKind), x: x + 1, y: position.y, style: style)
        x += 3
        x += buffer.write(node.id.description, x: x, y: position.y, style: selected ? .selected : style)
        let badgeRoom = node.behaviour.isHonest ? 0 : 2
        if let term = node.description.term {
            buffer.write(" t\(term)", x: x, y: position.y, style: style, maxWidth: position.x + width - badgeRoom - x, ellipsis: glyphs.ellipsis)
        }
        if !node.behaviour.isHonest { buffer.write(glyphs.byzantine, x: position.x + width - 1, y: position.y, style: .warning) }
        // The coordinator's mark right after the name (the card's far end is blank on a ring: it floated there).
        let nameEnd = position.x + 3 + DisplayWidth.of(node.id.description)
        markRingRoles(node, nameX: position.x + 3, y: position.y, markX: node.description.term == nil ? min(nameEnd + 1, position.x + width - 1 - badgeRoom) : position.x + width - 1 - badgeRoom,
                      into: &buffer)
        drawSecondLine(node, at: position, into: &buffer)
    }

    private func drawSecondLine(_ node: FrameSnapshot.NodeView, at position: (x: Int, y: Int), into buffer: inout CellBuffer) {
        let y = position.y + 1
        if let side = sideLabel(node) {
            buffer.write("  " + side.text, x: position.x, y: y, style: side.style)
            return
        }
        switch node.status {
        case .crashed:
            buffer.write("  crashed", x: position.x, y: y, style: .crashed)
            return
        case .frozen:
            buffer.write("  frozen", x: position.x, y: y, style: .frozen)
            return
        case .up:
            break
        }
        if node.description.ring != nil, let fact = node.description.cardFacts.first {
            // On the ring: the node's most telling fact (the request it coordinates, its keys).
            let text = "\(fact.label) \(fact.value)"
            buffer.write(snapshot.glyphs.plain(text),
                         x: position.x + 1, y: y, style: .dim, maxWidth: CardLayout.Size.compact.width - 1, ellipsis: snapshot.glyphs.ellipsis)
            return
        }
        var x = position.x + 3
        if let commit = node.description.commitIndex {
            x += buffer.write("c\(commit) ", x: x, y: y, style: .dim, maxWidth: 6)
        }
        if let fraction = node.timerFraction {
            let filled = Int((fraction * 4).rounded(.down))
            let roleStyle = cardStyle(node)
            for cell in 0..<4 {
                buffer.put(cell < filled ? snapshot.glyphs.timerFull : snapshot.glyphs.timerEmpty, x: x + cell, y: y,
                           style: cell < filled ? roleStyle : .dim)
            }
        }
        drawJudgmentBadge(node, x: x + 5, y: y, limit: position.x + CardLayout.Size.compact.width, into: &buffer)
    }

    /// For stores: how the node judged the version it just received (before, after, equal or
    /// concurrent), while it is fresh.
    private func drawJudgmentBadge(_ node: FrameSnapshot.NodeView, x: Int, y: Int, limit: Int, into buffer: inout CellBuffer) {
        guard let judgment = node.description.judgment, snapshot.now.micros - judgment.atMicros < KeyTableView.freshMicros else { return }
        buffer.write(KeyTableView.badge(judgment.order), x: x, y: y, style: KeyTableView.style(judgment.order), maxWidth: limit - x)
    }

    /// One line for very many nodes: glyph and id, in the role's style (or the badge's, for a liar).
    func drawTag(_ node: FrameSnapshot.NodeView, at position: (x: Int, y: Int), into buffer: inout CellBuffer) {
        // In the partition editor a tag has no room to say its side: side B takes the partition's style.
        let style = sideLabel(node).map { $0.style == .partition ? StyleRole.partition : cardStyle(node) } ?? cardStyle(node)
        let glyph = node.behaviour.isHonest ? RoleStyle.glyph(node, snapshot.glyphs) : snapshot.glyphs.byzantine.unicodeScalars.first!
        buffer.put(glyph, x: position.x, y: position.y, style: node.behaviour.isHonest ? style : .warning)
        let used = buffer.write(node.id.description, x: position.x + 1, y: position.y,
                                style: node.id == snapshot.state.selected ? .selected : style, maxWidth: CardLayout.Size.tiny.width - 1)
        markRingRoles(node, nameX: position.x + 1, y: position.y, markX: min(position.x + 1 + used, position.x + CardLayout.Size.tiny.width - 1),
                      into: &buffer)
    }
}
