import QuorumCore

/// Nodes on a ring (a grid when there are many, columns per side when partitioned, columns per
/// datacenter when there are several), with every message in flight drawn between its ends in
/// proportion to its progress.
struct ClusterView {
    static let cardWidth = 12
    static let cardHeight = 2
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let positions = ClusterView.cardPositions(snapshot: snapshot, area: area)
        drawPartitionLines(into: &buffer, area: area)
        drawDatacenterLines(into: &buffer, area: area)
        let clientsAnchor = (x: area.x + 1, y: area.maxY - 1)
        func center(_ endpoint: Endpoint) -> (x: Double, y: Double) {
            switch endpoint {
            case .node(let node):
                let position = positions[node.index]
                return (Double(position.x + ClusterView.cardWidth / 2), Double(position.y) + 0.5)
            case .client:
                return (Double(clientsAnchor.x + 3), Double(clientsAnchor.y))
            }
        }
        for flight in snapshot.flights {
            plot(flight, from: center(flight.from), to: center(flight.to), into: &buffer, area: area,
                 glyph: RoleStyle.messageGlyph(flight.category, snapshot.glyphs), style: RoleStyle.messageStyle(flight))
        }
        for drop in snapshot.drops {
            plot(drop, from: center(drop.from), to: center(drop.to), into: &buffer, area: area, glyph: snapshot.glyphs.dropped, style: .dropped)
        }
        for node in snapshot.nodes { drawCard(node, at: positions[node.id.index], into: &buffer) }
        buffer.write(snapshot.glyphs.clients, x: clientsAnchor.x, y: clientsAnchor.y, style: .dim)
        drawCuts(into: &buffer, area: area)
    }

    private func plot(_ flight: FrameSnapshot.Flight, from: (x: Double, y: Double), to: (x: Double, y: Double),
                      into buffer: inout CellBuffer, area: Rect, glyph: Unicode.Scalar, style: StyleRole) {
        let x = Int((from.x + (to.x - from.x) * flight.progress).rounded())
        let y = Int((from.y + (to.y - from.y) * flight.progress).rounded())
        guard area.contains(x: x, y: y) else { return }
        buffer.put(glyph, x: x, y: y, style: style)
    }

    private func drawCard(_ node: FrameSnapshot.NodeView, at position: (x: Int, y: Int), into buffer: inout CellBuffer) {
        let glyphs = snapshot.glyphs
        let style = RoleStyle.style(node)
        let selected = node.id == snapshot.state.selected
        var x = position.x
        buffer.put(RoleStyle.glyph(node, glyphs), x: x, y: position.y, style: style)
        buffer.put(RoleStyle.letter(node.description.roleKind), x: x + 1, y: position.y, style: style)
        x += 3
        x += buffer.write(node.id.description, x: x, y: position.y, style: selected ? .selected : style)
        if let term = node.description.term {
            buffer.write(" t\(term)", x: x, y: position.y, style: style, maxWidth: position.x + ClusterView.cardWidth - x)
        }
        drawSecondLine(node, at: position, into: &buffer)
    }

    private func drawSecondLine(_ node: FrameSnapshot.NodeView, at position: (x: Int, y: Int), into buffer: inout CellBuffer) {
        let y = position.y + 1
        if case .partition(let sideB) = snapshot.state.mode {
            buffer.write(sideB[node.id.index] ? "  side B" : "  side A", x: position.x, y: y, style: sideB[node.id.index] ? .partition : .dim)
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
        if !node.behaviour.isHonest {  // a liar is told apart by glyph and colour, whatever else it shows
            buffer.write("  \(snapshot.glyphs.byzantine) \(node.behaviour)", x: position.x, y: y, style: .warning,
                         maxWidth: ClusterView.cardWidth)
            return
        }
        var x = position.x + 3
        if let commit = node.description.commitIndex {
            x += buffer.write("c\(commit) ", x: x, y: y, style: .dim, maxWidth: 6)
        }
        if let fraction = node.timerFraction {
            let filled = Int((fraction * 4).rounded(.down))
            for cell in 0..<4 {
                buffer.put(cell < filled ? snapshot.glyphs.timerFull : snapshot.glyphs.timerEmpty, x: x + cell, y: y,
                           style: cell < filled ? RoleStyle.style(node) : .dim)
            }
        }
        drawJudgmentBadge(node, x: x + 5, y: y, limit: position.x + ClusterView.cardWidth, into: &buffer)
    }

    /// For stores: how the node judged the version it just received (before, after, equal or
    /// concurrent), while it is fresh.
    private func drawJudgmentBadge(_ node: FrameSnapshot.NodeView, x: Int, y: Int, limit: Int, into buffer: inout CellBuffer) {
        guard let judgment = node.description.judgment, snapshot.now.micros - judgment.atMicros < KeyTableView.freshMicros else { return }
        buffer.write(KeyTableView.badge(judgment.order), x: x, y: y, style: KeyTableView.style(judgment.order), maxWidth: limit - x)
    }

    private func drawPartitionLines(into buffer: inout CellBuffer, area: Rect) {
        guard let sides = snapshot.sides, sides.count > 1 else { return }
        let regions = ClusterView.sideRegions(sides, area: area)
        for (side, region) in regions.enumerated() {
            if side > 0 {
                buffer.verticalLine(x: region.x - 1, y: area.y, length: area.height - 1, snapshot.glyphs.partition, style: .partition)
            }
            let label = "side " + String(UnicodeScalar(UInt8(65 + side % 26)))
            buffer.write(label, x: region.x + 1, y: area.y, style: .partition, maxWidth: region.width - 1)
        }
    }

    /// Datacenters, while no partition splits the cluster its own way: a column each, named.
    private var datacenterColumns: [(name: String, nodes: [NodeID])]? {
        guard snapshot.sides == nil, let datacenters = snapshot.datacenters, datacenters.groups.count > 1 else { return nil }
        return datacenters.groups.map { ($0.name, $0.nodes) }
    }

    private func drawDatacenterLines(into buffer: inout CellBuffer, area: Rect) {
        guard let columns = datacenterColumns else { return }
        let regions = ClusterView.sideRegions(columns.map(\.nodes), area: area)
        for (index, region) in regions.enumerated() {
            if index > 0 { buffer.verticalLine(x: region.x - 1, y: area.y, length: area.height - 1, snapshot.glyphs.vertical, style: .border) }
            buffer.write(columns[index].name, x: region.x + 1, y: area.y, style: .title, maxWidth: region.width - 1)
        }
    }

    /// Each side gets width in proportion to the card columns it needs.
    static func sideRegions(_ sides: [[NodeID]], area: Rect) -> [Rect] {
        let rows = max(1, (area.height - 2) / cardHeight)
        let columnsNeeded = sides.map { max(1, ($0.count + rows - 1) / rows) }
        let total = columnsNeeded.reduce(0, +)
        var regions: [Rect] = []
        var x = area.x
        for (side, columns) in columnsNeeded.enumerated() {
            let width = side == sides.count - 1 ? area.maxX - x : area.width * columns / total
            regions.append(Rect(x: x, y: area.y, width: width, height: area.height))
            x += width + 1
        }
        return regions
    }

    private func drawCuts(into buffer: inout CellBuffer, area: Rect) {
        guard !snapshot.cuts.isEmpty else { return }
        let text = "cut: " + snapshot.cuts.map { "\($0.from)\(snapshot.glyphs.arrow)\($0.to)" }.joined(separator: " ")
        let width = min(DisplayWidth.of(text), area.width - 12)
        buffer.write(text, x: area.maxX - width - 1, y: area.maxY - 1, style: .partition, maxWidth: width)
    }

    /// Top-left corner of every node's card, by node index.
    static func cardPositions(snapshot: FrameSnapshot, area: Rect) -> [(x: Int, y: Int)] {
        let count = snapshot.nodes.count
        if let sides = snapshot.sides, sides.count > 1 { return sidePositions(sides, count: count, area: area) }
        if snapshot.sides == nil, let groups = snapshot.datacenters?.groups, groups.count > 1 {
            return sidePositions(groups.map(\.nodes), count: count, area: area)
        }
        if count > 9 { return gridPositions(count: count, area: area) }
        let usableWidth = Double(max(0, area.width - cardWidth - 2))
        let usableHeight = Double(max(0, area.height - cardHeight - 1))
        return (0..<count).map { index in
            if count == 1 { return (area.x + Int(usableWidth / 2) + 1, area.y + Int(usableHeight / 2)) }
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
            let x = usableWidth / 2 + usableWidth / 2 * cosine(angle)
            let y = usableHeight / 2 + usableHeight / 2 * sine(angle)
            return (area.x + 1 + Int(x.rounded()), area.y + Int(y.rounded()))
        }
    }

    private static func gridPositions(count: Int, area: Rect) -> [(x: Int, y: Int)] {
        let columns = max(1, (area.width - 1) / (cardWidth + 2))
        return (0..<count).map { index in
            (area.x + 1 + (index % columns) * (cardWidth + 2), area.y + (index / columns) * (cardHeight + 1))
        }
    }

    private static func sidePositions(_ sides: [[NodeID]], count: Int, area: Rect) -> [(x: Int, y: Int)] {
        var positions = Array(repeating: (x: area.x, y: area.y), count: count)
        let regions = sideRegions(sides, area: area)
        for (side, members) in sides.enumerated() {
            let region = regions[side]
            let spacedRows = max(1, (area.height - 2) / (cardHeight + 1))
            let rows = members.count <= spacedRows ? spacedRows : max(1, (area.height - 2) / cardHeight)
            let rowHeight = members.count <= spacedRows ? cardHeight + 1 : cardHeight
            let columns = max(1, (members.count + rows - 1) / rows)
            let columnWidth = max(cardWidth + 1, (region.width - 1) / columns)
            for (slot, node) in members.enumerated() {
                positions[node.index] = (region.x + 1 + (slot / rows) * columnWidth, area.y + 1 + (slot % rows) * rowHeight)
            }
        }
        return positions
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
