import QuorumCore

/// One strip per node of its newest log entries, each cell the entry's term in its term's colour:
/// committed entries solid (the colour as background), uncommitted ones hollow (coloured text), so
/// the two differ on a projector and in the mono theme. On each follower's strip the leader's
/// matchIndex and nextIndex for it are marked beside the entries (`▕` after the match, `›` before
/// the next), never over them. A protocol without a log shows its own strip panels (slots by phase)
/// instead, or nothing.
public struct LogView {
    static let cellWidth = 3
    static let labelWidth = 4
    static let trailerWidth = 10
    let snapshot: FrameSnapshot

    static func visibleCells(width: Int) -> Int { max(1, (width - labelWidth - trailerWidth) / cellWidth) }

    /// How many of each node's newest entries a frame of this width needs.
    public static func tailNeeded(width: Int) -> Int { visibleCells(width: width) + 8 }

    /// The log panel a node shows as its strip when the protocol keeps no log of its own (numbered
    /// slots get the slot table instead).
    static func stripPanel(_ node: FrameSnapshot.NodeView) -> NodePanel? {
        node.description.panels.first {
            if case .log = $0.content { return true } else { return false }
        }
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        let rows = snapshot.nodesInView(rows: area.height - 1)
        let hiddenNote = LogView.hiddenNote(rows, of: snapshot.nodes.count)
        if snapshot.nodes.allSatisfy({ $0.description.log.isEmpty }) {
            if snapshot.nodes.contains(where: { SlotTableView.slotPanel(of: $0) != nil }) {
                return SlotTableView(snapshot: snapshot).render(into: &buffer, area: area)
            }
            if let title = snapshot.nodes.lazy.compactMap(LogView.stripPanel).first?.title {
                return drawPanelStrips(title: title, rows: rows, hiddenNote: hiddenNote, into: &buffer, area: area)
            }
        }
        let visible = LogView.visibleCells(width: area.width)
        let end = max(1, snapshot.nodes.map { $0.description.log.last?.index ?? 0 }.max() ?? 0)
        let start = max(1, end - visible + 1)
        drawTitle(into: &buffer, area: area, start: start, end: end, hiddenNote: hiddenNote)
        let progress = snapshot.leader.map { snapshot.nodes[$0.index].description.progress } ?? []
        for (row, node) in rows.enumerated() {
            drawStrip(node, y: area.y + 1 + row, area: area, start: start, end: end,
                      progress: progress.first { $0.node == node.id }, into: &buffer)
        }
    }

    /// `n3-n8 of 12` when the panel has no room for every node (it follows the selection).
    static func hiddenNote(_ rows: ArraySlice<FrameSnapshot.NodeView>, of count: Int) -> String? {
        guard rows.count < count, let first = rows.first, let last = rows.last else { return nil }
        return " \(first.id)-\(last.id) of \(count), \(count - rows.count) hidden "
    }

    private func drawTitle(into buffer: inout CellBuffer, area: Rect, start: Int, end: Int, hiddenNote: String?) {
        PanelTitle.draw("Logs", into: &buffer, area: Rect(x: area.x, y: area.y, width: LogView.labelWidth, height: 1), glyphs: snapshot.glyphs)
        buffer.horizontalLine(x: area.x + LogView.labelWidth, y: area.y, length: area.width - LogView.labelWidth, snapshot.glyphs.horizontal, style: .border)
        // The right end: the hidden rows (always), then the key (when it fits); the ruler stops before them.
        var right = area.maxX
        if let hiddenNote {
            right -= DisplayWidth.of(hiddenNote)
            buffer.write(hiddenNote, x: right, y: area.y, style: .warning)
        }
        let glyphs = snapshot.glyphs
        let separator = glyphs.separator
        let key = " term per entry\(separator)solid committed\(separator)\(glyphs.matchMarker) match \(glyphs.nextMarker) next "
        // The key when the panel is wide (half of it at most); the ruler's numbers stop short of it.
        if DisplayWidth.of(key) + 2 < area.width / 2, right - DisplayWidth.of(key) > area.x + area.width / 2 {
            right -= DisplayWidth.of(key)
            buffer.write(key, x: right, y: area.y, style: .dim)
        }
        for index in start...end where index % 5 == 0 || index == start {
            let x = area.x + LogView.labelWidth + (index - start) * LogView.cellWidth
            let label = String(index)
            guard x + 2 < right - 1 else { break }
            buffer.write(label, x: x + 2 - label.count, y: area.y, style: .dim)
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
            buffer.write(String(repeating: " ", count: 2 - text.count) + text, x: x, y: y, style: StyleRole.logTerm(cell.term, committed: cell.committed))
        }
        guard let progress else { return }
        // Markers sit in the gap column after an entry: after the match, and before the next.
        let glyphs = snapshot.glyphs
        if progress.next - 1 != progress.match, progress.next >= start, progress.next <= end {
            buffer.put(glyphs.nextMarker, x: base + (progress.next - 1 - start) * LogView.cellWidth + 2, y: y, style: .logNext)
        }
        if progress.match >= start, progress.match <= end {
            buffer.put(glyphs.matchMarker, x: base + (progress.match - start) * LogView.cellWidth + 2, y: y, style: .logMatch)
        }
        let trailer = "m\(progress.match) n\(progress.next)"
        buffer.write(trailer, x: area.maxX - DisplayWidth.of(trailer), y: y, style: .dim)
    }
}
