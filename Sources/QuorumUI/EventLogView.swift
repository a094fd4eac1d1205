/// The newest events, one line each, newest last.
struct EventLogView {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        var title = "Events"
        if let filter = snapshot.eventsFilter { title += " of \(filter)" }
        title += snapshot.state.showMessageEvents ? " (all messages)" : " (m: show messages)"
        PanelTitle.draw(title, into: &buffer, area: area, glyphs: snapshot.glyphs)
        let lines = snapshot.events.suffix(area.height - 1)
        for (row, line) in lines.enumerated() {
            let y = area.y + 1 + row
            let time = line.time.shortDescription
            let used = buffer.write(time, x: area.x, y: y, style: .eventTime)
            buffer.write(line.text, x: area.x + used + 1, y: y, style: line.style, maxWidth: area.width - used - 1)
        }
    }
}

/// Every node's vector clock, the entries that just changed highlighted.
struct VectorClockView {
    static let columnWidth = 6
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 3 else { return }
        PanelTitle.draw("Vector clocks", into: &buffer, area: area, glyphs: snapshot.glyphs)
        let columns = min(snapshot.nodes.count, (area.width - 4) / VectorClockView.columnWidth)
        for column in 0..<columns {
            let label = snapshot.nodes[column].id.description
            buffer.write(label, x: area.x + 4 + column * VectorClockView.columnWidth + VectorClockView.columnWidth - 1 - label.count,
                         y: area.y + 1, style: .dim)
        }
        let rows = min(snapshot.nodes.count, area.height - 2)
        let first = snapshot.nodes.count > rows ? min(max(0, snapshot.state.selected.index - rows / 2), snapshot.nodes.count - rows) : 0
        for row in 0..<rows {
            let node = snapshot.nodes[first + row]
            let y = area.y + 2 + row
            buffer.write(node.id.description, x: area.x, y: y, style: node.id == snapshot.state.selected ? .selected : RoleStyle.style(node))
            for column in 0..<columns {
                let text = VectorClockView.compact(node.clock.counts[column])
                let x = area.x + 4 + column * VectorClockView.columnWidth + VectorClockView.columnWidth - 1 - text.count
                let changed = snapshot.clockChanged[node.id.index][column]
                buffer.write(text, x: x, y: y, style: changed ? .clockChanged : (node.clock.counts[column] == 0 ? .dim : .normal))
            }
        }
    }

    /// At most five characters: 12345, 123k, 12.3M.
    static func compact(_ value: UInt64) -> String {
        if value < 100_000 { return String(value) }
        if value < 10_000_000 { return "\(value / 1_000)k" }
        return "\(value / 1_000_000)M"
    }
}

/// The help overlay: every key.
struct HelpOverlay {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        let width = min(area.width - 4, 68)
        let height = min(area.height - 2, KeyMap.help.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box, style: .help)
        buffer.write(" Keys ", x: box.x + 2, y: box.y, style: .helpKey)
        for (row, entry) in KeyMap.help.prefix(height - 4).enumerated() {
            let y = box.y + 2 + row
            buffer.write(entry.keys, x: box.x + 3, y: y, style: .helpKey, maxWidth: 16)
            buffer.write(entry.action, x: box.x + 20, y: y, style: .help, maxWidth: width - 21)
        }
        buffer.write("any key closes this help", x: box.x + 3, y: box.maxY - 1, style: .help, maxWidth: width - 4)
    }
}
