import QuorumCore

/// One strip per node of its newest log entries (each cell shows the entry's term). Committed
/// entries are bold, uncommitted dim; on each follower's strip the leader's matchIndex and
/// nextIndex for it are marked.
public struct LogView {
    static let cellWidth = 3
    static let labelWidth = 4
    static let trailerWidth = 10
    let snapshot: FrameSnapshot

    static func visibleCells(width: Int) -> Int { max(1, (width - labelWidth - trailerWidth) / cellWidth) }

    /// How many of each node's newest entries a frame of this width needs.
    public static func tailNeeded(width: Int) -> Int { visibleCells(width: width) + 8 }

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        let visible = LogView.visibleCells(width: area.width)
        let end = max(1, snapshot.nodes.map { $0.description.log.last?.index ?? 0 }.max() ?? 0)
        let start = max(1, end - visible + 1)
        drawTitle(into: &buffer, area: area, start: start, end: end)
        let rows = snapshot.nodesInView(rows: area.height - 1)
        let progress = snapshot.leader.map { snapshot.nodes[$0.index].description.progress } ?? []
        for (row, node) in rows.enumerated() {
            drawStrip(node, y: area.y + 1 + row, area: area, start: start, end: end,
                      progress: progress.first { $0.node == node.id }, into: &buffer)
        }
    }

    private func drawTitle(into buffer: inout CellBuffer, area: Rect, start: Int, end: Int) {
        PanelTitle.draw("Logs", into: &buffer, area: Rect(x: area.x, y: area.y, width: LogView.labelWidth, height: 1), glyphs: snapshot.glyphs)
        buffer.horizontalLine(x: area.x + LogView.labelWidth, y: area.y, length: area.width - LogView.labelWidth, snapshot.glyphs.horizontal, style: .border)
        for index in start...end where index % 5 == 0 || index == start {
            let x = area.x + LogView.labelWidth + (index - start) * LogView.cellWidth
            let label = String(index)
            buffer.write(label, x: x + 2 - label.count, y: area.y, style: .dim)
        }
        let legend = "term per entry · bold committed · m/n match/next"
        if DisplayWidth.of(legend) + 2 < area.width / 2 {
            buffer.write(legend, x: area.maxX - DisplayWidth.of(legend), y: area.y, style: .dim)
        }
    }

    private func drawStrip(_ node: FrameSnapshot.NodeView, y: Int, area: Rect, start: Int, end: Int,
                           progress: NodeDescription.Progress?, into buffer: inout CellBuffer) {
        let selected = node.id == snapshot.state.selected
        buffer.write(node.id.description, x: area.x, y: y, style: selected ? .selected : RoleStyle.style(node))
        let base = area.x + LogView.labelWidth
        for cell in node.description.log where cell.index >= start && cell.index <= end {
            let text = cell.term < 100 ? String(cell.term) : String(cell.term % 100)
            let x = base + (cell.index - start) * LogView.cellWidth
            buffer.write(text, x: x + 2 - text.count, y: y, style: cell.committed ? .logCommitted : .logUncommitted)
        }
        guard let progress else { return }
        for (index, style) in [(progress.match, StyleRole.logMatch), (progress.next, StyleRole.logNext)] where index >= start && index <= end {
            buffer.restyle(x: base + (index - start) * LogView.cellWidth, y: y, length: 2, style: style)
        }
        let trailer = "m\(progress.match) n\(progress.next)"
        buffer.write(trailer, x: area.maxX - DisplayWidth.of(trailer), y: y, style: .dim)
    }
}
