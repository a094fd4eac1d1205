import QuorumCore

/// Nodes on a ring (a grid when there are many, columns per side when partitioned, columns per
/// datacenter when there are several), faint links between them, and every message in flight drawn
/// on its link in proportion to its progress. Drawn in layers, so that nothing hides a card or a
/// label: walls and labels, then links, then cards, then messages only where the cell is free.
struct ClusterView {
    let snapshot: FrameSnapshot
    /// The key the ring singles out (nil unless the nodes sit on a ring).
    let ringKey: String?

    init(snapshot: FrameSnapshot) {
        self.snapshot = snapshot
        ringKey = snapshot.ringKey
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let cards = CardLayout.make(snapshot: snapshot, area: area)
        drawRegions(cards, into: &buffer, area: area)
        let clients = ClusterView.clientsRect(area: area, glyphs: snapshot.glyphs)
        buffer.write(snapshot.glyphs.clients, x: clients.x, y: clients.y, style: .dim)
        var bottomUsed = drawHiddenCount(cards, into: &buffer, area: area, from: clients.maxX + 2)
        bottomUsed = drawRingKeyLine(ringKey, into: &buffer, area: area, from: bottomUsed)
        bottomUsed = drawHintsHeld(cards, into: &buffer, area: area, from: bottomUsed)
        if let ring = cards.ring {
            drawRing(ring, cards: cards, key: ringKey, into: &buffer, area: area)
            drawGroupNames(cards: cards, into: &buffer, area: area)
        }
        drawCuts(into: &buffer, area: area, from: bottomUsed)
        for link in links(cards) { drawLink(link, cards: cards, into: &buffer, area: area) }
        for node in snapshot.nodes {
            guard let rect = cards.rect(of: node.id) else { continue }
            switch cards.size {
            case .boxed: drawBoxedCard(node, in: rect, ringAnchor: cards.ring?.anchors[node.id.index], into: &buffer)
            case .compact: drawCard(node, at: (rect.x, rect.y), into: &buffer)
            case .tiny: drawTag(node, at: (rect.x, rect.y), into: &buffer)
            }
        }
        drawSelectedMessage(cards: cards, clients: clients, into: &buffer, area: area)
        for flight in snapshot.flights where !flight.isSelected {
            plot(flight, cards: cards, clients: clients, into: &buffer, area: area,
                 glyph: RoleStyle.messageGlyph(flight.category, snapshot.glyphs), style: RoleStyle.messageStyle(flight))
        }
        for drop in snapshot.drops {
            plot(drop, cards: cards, clients: clients, into: &buffer, area: area, glyph: snapshot.glyphs.dropped, style: .dropped)
        }
    }

    /// A message on its link: from the edge of the sender's card to the edge of the receiver's, in
    /// proportion to its progress. Only on a free cell (blank or link): a message never covers a
    /// card, a label or a wall.
    private func plot(_ flight: FrameSnapshot.Flight, cards: CardLayout, clients: Rect, into buffer: inout CellBuffer,
                      area: Rect, glyph: Unicode.Scalar, style: StyleRole) {
        guard let point = ClusterView.messagePoint(flight, cards: cards, clients: clients) else { return }
        guard area.contains(x: point.x, y: point.y),
              ClusterView.isFree(buffer[point.x, point.y]) || ClusterView.isRingCell(buffer[point.x, point.y], glyphs: snapshot.glyphs),
              cards.node(atX: point.x, y: point.y) == nil else { return }  // a card's blank inside is not free
        buffer.put(glyph, x: point.x, y: point.y, style: style)
    }

    static func isFree(_ cell: Cell) -> Bool { cell.style == .link || (cell.scalar == " " && cell.style == .normal) }

    static func center(_ rect: Rect) -> (x: Double, y: Double) {
        (Double(rect.x) + Double(rect.width - 1) / 2, Double(rect.y) + Double(rect.height - 1) / 2)
    }

    /// The cell `progress` of the way along the line between two cards, outside both of them.
    static func pointAlong(from: Rect, to: Rect, progress: Double) -> (x: Int, y: Int) {
        let start = center(from), end = center(to)
        let dx = end.x - start.x, dy = end.y - start.y
        func leaving(_ rect: Rect) -> Double {
            let halfWidth = Double(rect.width) / 2 + 0.5, halfHeight = Double(rect.height) / 2 + 0.5
            let alongX = dx == 0 ? Double.infinity : halfWidth / abs(dx)
            let alongY = dy == 0 ? Double.infinity : halfHeight / abs(dy)
            return min(alongX, alongY)
        }
        var first = leaving(from), last = 1 - leaving(to)
        if first >= last { (first, last) = (0, 1) }
        let t = first + (last - first) * min(1, max(0, progress))
        return (Int((start.x + dx * t).rounded()), Int((start.y + dy * t).rounded()))
    }

    /// Below the cards: how many nodes there was no room for (Tab and the arrows bring them in).
    private func drawHiddenCount(_ cards: CardLayout, into buffer: inout CellBuffer, area: Rect, from x: Int) -> Int {
        guard cards.hiddenCount > 0 else { return x }
        let text = "+\(cards.hiddenCount) nodes not shown (Tab)"
        return x + buffer.write(text, x: x, y: area.maxY - 1, style: .warning, maxWidth: area.maxX - x, ellipsis: snapshot.glyphs.ellipsis) + 2
    }

    private func drawCuts(into buffer: inout CellBuffer, area: Rect, from left: Int) {
        guard !snapshot.cuts.isEmpty else { return }
        let text = "cut: " + snapshot.cuts.map { "\($0.from)\(snapshot.glyphs.arrow)\($0.to)" }.joined(separator: " ")
        let width = min(DisplayWidth.of(text), area.maxX - left - 1)
        guard width > 4 else { return }
        buffer.write(text, x: area.maxX - width - 1, y: area.maxY - 1, style: .partition, maxWidth: width, ellipsis: snapshot.glyphs.ellipsis)
    }

    /// Walls between the sides of a partition (or lines between datacenters), each side named.
    private func drawRegions(_ cards: CardLayout, into buffer: inout CellBuffer, area: Rect) {
        let partitioned = (snapshot.sides?.count ?? 0) > 1
        for (index, region) in cards.regions.enumerated() {
            if index > 0 {
                buffer.verticalLine(x: region.x - 1, y: area.y, length: area.height - 1,
                                    partitioned ? snapshot.glyphs.partition : snapshot.glyphs.vertical, style: partitioned ? .partition : .border)
            }
            let label = partitioned ? "side " + String(UnicodeScalar(UInt8(65 + index % 26)))
                : snapshot.datacenters?.groups[index].name ?? ""
            buffer.write(label, x: region.x + 1, y: area.y, style: partitioned ? .partition : .title, maxWidth: region.width - 1,
                         ellipsis: snapshot.glyphs.ellipsis)
        }
    }

    // Deterministic trigonometry (the layout must be the same everywhere, for golden tests).
    static func sine(_ angle: Double) -> Double { cosine(angle - Double.pi / 2) }

    static func cosine(_ angle: Double) -> Double {
        var x = angle.truncatingRemainder(dividingBy: 2 * Double.pi)
        if x < 0 { x += 2 * Double.pi }
        if x > Double.pi { x = 2 * Double.pi - x }
        // cos on [0, pi] by a Taylor series around pi/2 after reflection.
        let flip = x > Double.pi / 2
        let reduced = flip ? Double.pi - x : x
        let square = reduced * reduced
        var term = 1.0
        var sum = 1.0
        for n in 1...10 {
            term *= -square / Double((2 * n - 1) * (2 * n))
            sum += term
        }
        return flip ? -sum : sum
    }
}
