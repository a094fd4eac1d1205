import QuorumCore

/// The space-time diagram, as Lamport drew it and ShiViz draws it: a column per node (its
/// lifeline), time going down, the newest event at the bottom, one event per row. A send is marked
/// in the sender's column (`▸Append→n3`); its receipt, rows later, in the receiver's, by a line
/// from the sender's lifeline ending in an arrowhead on the receiver's (`├───Append▶`), so both
/// ends carry the message's kind and the line its direction. A dropped message's line is dashed and
/// ends in the dropped glyph. When not every column fits, those around the selected node are
/// shown and the title says how many are hidden.
struct SpaceTimeDiagramView {
    /// The time at the left of each row (`12.345s`).
    static let timeWidth = 9
    static let minimumColumnWidth = 12
    let snapshot: FrameSnapshot

    /// Where each shown node's lifeline is: (node index range, x of the first, columns apart).
    struct Columns {
        let nodes: Range<Int>
        let firstX: Int
        let width: Int

        func x(of node: NodeID) -> Int? { nodes.contains(node.index) ? firstX + (node.index - nodes.lowerBound) * width : nil }
    }

    static func columns(nodeCount: Int, selected: NodeID, area: Rect) -> Columns {
        let room = max(1, (area.width - timeWidth) / minimumColumnWidth)
        let nodes = VectorClockView.window(count: nodeCount, room: room, around: selected.index)
        return Columns(nodes: nodes, firstX: area.x + timeWidth + 1, width: max(1, (area.width - timeWidth) / max(1, nodes.count)))
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 3 else { return }
        let columns = SpaceTimeDiagramView.columns(nodeCount: snapshot.nodes.count, selected: snapshot.state.selected, area: area)
        drawTitle(columns, into: &buffer, area: area)
        let rows = snapshot.diagram.suffix(area.height - 2)
        if rows.isEmpty {
            buffer.write("no events to draw yet", x: area.x, y: area.y + 2, style: .dim, maxWidth: area.width)
            return
        }
        for index in columns.nodes {
            let node = snapshot.nodes[index]
            guard let x = columns.x(of: node.id) else { continue }
            buffer.write(node.id.description, x: x, y: area.y + 1, style: node.id == snapshot.state.selected ? .selected : RoleStyle.style(node))
            buffer.verticalLine(x: x, y: area.y + 2, length: area.height - 2, snapshot.glyphs.vertical, style: .dim)
        }
        for (offset, row) in rows.enumerated() {
            let y = area.y + 2 + offset
            buffer.write(row.time.shortDescription, x: area.x, y: y, style: .eventTime, maxWidth: SpaceTimeDiagramView.timeWidth - 1)
            draw(row, y: y, columns: columns, area: area, into: &buffer)
        }
    }

    private func drawTitle(_ columns: Columns, into buffer: inout CellBuffer, area: Rect) {
        var title = "Space-time diagram"
        if snapshot.state.eventsOfSelectedOnly { title += " of \(snapshot.state.selected)" }
        title += " (d: event log)"
        PanelTitle.draw(title, into: &buffer, area: area, glyphs: snapshot.glyphs)
        let count = snapshot.nodes.count
        guard columns.nodes.count < count else { return }
        let hidden = " n\(columns.nodes.lowerBound + 1)-n\(columns.nodes.upperBound) of \(count), \(count - columns.nodes.count) hidden (Tab) "
        buffer.write(hidden, x: area.maxX - DisplayWidth.of(hidden), y: area.y, style: .warning)
    }

    private func draw(_ row: DiagramRow, y: Int, columns: Columns, area: Rect, into buffer: inout CellBuffer) {
        guard let node = row.node else {
            // The network changed: a rule across every column, its text at the left.
            let x = area.x + SpaceTimeDiagramView.timeWidth
            buffer.horizontalLine(x: x, y: y, length: area.maxX - x, snapshot.glyphs.horizontal, style: row.style)
            buffer.write(" \(row.label) ", x: x + 2, y: y, style: row.style, maxWidth: area.maxX - x - 2, ellipsis: snapshot.glyphs.ellipsis)
            return
        }
        guard let x = columns.x(of: node) else { return }  // the node's column is hidden
        let glyphs = DiagramGlyphs(snapshot.glyphs)
        let messageStyle = row.category.map(RoleStyle.messageStyle) ?? row.style
        let messageMark = row.category.map { RoleStyle.messageGlyph($0, snapshot.glyphs) } ?? glyphs.localMark
        let labelRoom = columns.nodes.upperBound - 1 == node.index ? area.maxX - x - 1 : columns.width - 2
        switch row.kind {
        case .local:
            buffer.put(glyphs.localMark, x: x, y: y, style: row.style)
            buffer.write(row.label, x: x + 1, y: y, style: row.style, maxWidth: labelRoom, ellipsis: snapshot.glyphs.ellipsis)
        case .send:
            buffer.put(messageMark, x: x, y: y, style: messageStyle)
            let to = row.peer.map { snapshot.glyphs.arrow + $0.description } ?? ""
            buffer.write(row.label + to, x: x + 1, y: y, style: messageStyle, maxWidth: labelRoom, ellipsis: snapshot.glyphs.ellipsis)
        case .receive, .drop:
            let dropped = row.kind == .drop
            let style = dropped ? StyleRole.dropped : messageStyle
            guard let peer = row.peer?.node, peer != node else {
                buffer.put(dropped ? snapshot.glyphs.dropped : messageMark, x: x, y: y, style: style)
                // From a client (no column) or from itself: the sender named beside the mark.
                let from = row.peer.map { glyphs.leftArrow + $0.description } ?? ""
                buffer.write(row.label + from, x: x + 1, y: y, style: style, maxWidth: labelRoom, ellipsis: snapshot.glyphs.ellipsis)
                return
            }
            drawLine(row, from: peer, to: x, y: y, columns: columns, area: area, style: style, into: &buffer)
        case .network:
            break
        }
    }

    /// The message's line on its receiving row, from the sender's lifeline (or the edge its hidden
    /// column is beyond) to the arrowhead on the receiver's lifeline at `receiverX` (the dropped glyph
    /// for a message that died), its kind written next to it.
    private func drawLine(_ row: DiagramRow, from sender: NodeID, to receiverX: Int, y: Int, columns: Columns, area: Rect, style: StyleRole,
                          into buffer: inout CellBuffer) {
        let glyphs = DiagramGlyphs(snapshot.glyphs)
        let dropped = row.kind == .drop
        let senderX = columns.x(of: sender)
        let rightward = sender.index < columns.nodes.lowerBound || (senderX.map { $0 < receiverX } ?? false)
        let startX = senderX ?? (rightward ? area.x + SpaceTimeDiagramView.timeWidth : area.maxX - 1)
        let (low, high) = rightward ? (startX, receiverX) : (receiverX, startX)
        let lifelines = Set(columns.nodes.compactMap { columns.x(of: NodeID($0)) })
        for x in (low + 1)..<high {
            let crossing = lifelines.contains(x)
            buffer.put(crossing ? glyphs.crossing : (dropped ? glyphs.dashed : snapshot.glyphs.horizontal), x: x, y: y, style: style)
        }
        if senderX != nil { buffer.put(rightward ? glyphs.teeRight : glyphs.teeLeft, x: startX, y: y, style: style) }
        let end = dropped ? snapshot.glyphs.dropped : (rightward ? glyphs.arrowRight : glyphs.arrowLeft)
        buffer.put(end, x: receiverX, y: y, style: style)
        // The label beside the arrowhead (or the dropped glyph), inside the line, never over a lifeline.
        let room = high - low - 2
        guard room >= 1 else { return }
        let width = min(room, DisplayWidth.of(row.label))
        let labelX = rightward ? high - width : low + 1
        buffer.write(row.label, x: labelX, y: y, style: style, maxWidth: width, ellipsis: snapshot.glyphs.ellipsis)
    }
}

/// The few characters only the diagram draws, Unicode or ASCII as the rest of the screen.
struct DiagramGlyphs {
    let localMark: Unicode.Scalar
    let crossing: Unicode.Scalar
    let teeRight: Unicode.Scalar
    let teeLeft: Unicode.Scalar
    let arrowRight: Unicode.Scalar
    let arrowLeft: Unicode.Scalar
    let dashed: Unicode.Scalar
    let leftArrow: String

    init(_ glyphs: Glyphs) {
        if glyphs.asciiOnly {
            (localMark, crossing, teeRight, teeLeft, arrowRight, arrowLeft, dashed, leftArrow) = ("*", "+", "+", "+", ">", "<", ".", "<-")
        } else {
            (localMark, crossing, teeRight, teeLeft, arrowRight, arrowLeft, dashed, leftArrow) = ("◉", "┼", "├", "┤", "▶", "◀", "╌", "←")
        }
    }
}
