import QuorumCore

/// For protocols without a log: each node's own log panel on its row, the newest items that fit,
/// so the panel is never an empty frame.
extension LogView {
    func drawPanelStrips(title: String, rows: ArraySlice<FrameSnapshot.NodeView>, hiddenNote: String?,
                         into buffer: inout CellBuffer, area: Rect) {
        let heading = title.prefix(1).uppercased() + title.dropFirst()
        PanelTitle.draw(heading, into: &buffer, area: Rect(x: area.x, y: area.y, width: area.width, height: 1), glyphs: snapshot.glyphs)
        if let hiddenNote { buffer.write(hiddenNote, x: area.maxX - DisplayWidth.of(hiddenNote), y: area.y, style: .warning) }
        for (row, node) in rows.enumerated() {
            let y = area.y + 1 + row
            buffer.write(node.id.description, x: area.x, y: y, style: node.id == snapshot.state.selected ? .selected : RoleStyle.style(node))
            guard let panel = LogView.stripPanel(node), case .log(let cells) = panel.content else { continue }
            let items = cells.map { (text: String($0.term), style: StyleRole.logTerm($0.term, committed: $0.committed)) }
            drawNewest(items, from: LogView.labelWidth + area.x, y: y, limit: area.maxX, into: &buffer)
        }
    }

    /// The newest items that fit between `from` and `limit`, oldest first, one space apart; a
    /// leading ellipsis says older ones are left out.
    private func drawNewest(_ items: [(text: String, style: StyleRole)], from left: Int, y: Int, limit: Int, into buffer: inout CellBuffer) {
        var room = limit - left - 2
        var shown = 0
        for item in items.reversed() {
            let width = DisplayWidth.of(item.text) + 1
            guard width <= room else { break }
            room -= width
            shown += 1
        }
        var x = left
        if shown < items.count {
            buffer.put(snapshot.glyphs.ellipsis, x: x, y: y, style: .dim)
            x += 2
        }
        for item in items.suffix(shown) {
            x += buffer.write(item.text, x: x, y: y, style: item.style) + 1
        }
    }
}
