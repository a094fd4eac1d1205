import QuorumCore

/// Everything about the selected node, its role spelled out in words.
struct DetailView {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        if let message = snapshot.selectedMessage { return renderMessage(message, into: &buffer, area: area) }
        let node = snapshot.selectedNode
        let style = RoleStyle.style(node)
        var heading = "\(node.id) \(node.description.role.uppercased())"
        if node.status != .up { heading += " (\(node.status.rawValue))" }
        let honestPart = DisplayWidth.of(heading)
        if !node.behaviour.isHonest { heading += " \(snapshot.glyphs.byzantine) \(node.behaviour)" }
        PanelTitle.draw(heading, into: &buffer, area: area, glyphs: snapshot.glyphs, style: style)
        if !node.behaviour.isHonest {  // the badge in the warning style, as on the card
            buffer.restyle(x: area.x + honestPart + 1, y: area.y, length: min(DisplayWidth.of(heading), area.width) - honestPart - 1, style: .warning)
        }
        var lines: [(String, String)] = node.description.details
        lines.append(("timer", timerText(node)))
        lines.append(("clock", "\(node.clock) L\(node.lamport)"))
        if !node.description.contents.isEmpty {
            lines.append(("state", node.description.contents.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        }
        var y = area.y + 1
        for (label, value) in lines where y < area.maxY {
            // A label longer than the column pushes its value right: it never runs into it.
            let valueX = area.x + max(9, min(DisplayWidth.of(label) + 1, area.width / 2))
            buffer.write(label, x: area.x, y: y, style: .dim, maxWidth: valueX - area.x - 1, ellipsis: snapshot.glyphs.ellipsis)
            buffer.write(snapshot.glyphs.plain(value), x: valueX, y: y, style: label == "ALARM" ? .warning : .normal, maxWidth: area.maxX - valueX,
                         ellipsis: snapshot.glyphs.ellipsis)
            y += 1
        }
        if let keyTable = node.description.keyTable { y = drawSiblings(keyTable, from: y, into: &buffer, area: area) }
        for panel in node.description.panels where y + 1 < area.maxY {
            y = PanelView.draw(panel, into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: area.maxY - y),
                               ellipsis: snapshot.glyphs.ellipsis)
        }
        drawRecentEntries(node, from: y, into: &buffer, area: area)
    }

    /// Every version of each key that has siblings, wrapped over as many lines as it takes: the
    /// whole set the key table can only count.
    private func drawSiblings(_ keyTable: [NodeDescription.KeyRow], from top: Int, into buffer: inout CellBuffer, area: Rect) -> Int {
        var y = top
        for row in keyTable where row.versions.count > 1 && y < area.maxY {
            buffer.write(row.key, x: area.x, y: y, style: .dim, maxWidth: 8, ellipsis: snapshot.glyphs.ellipsis)
            var x = area.x + 9
            for (index, version) in row.versions.enumerated() {
                let text = version.value + version.clock + (index < row.versions.count - 1 ? " |" : "")
                if x > area.x + 9, x + DisplayWidth.of(text) > area.maxX {
                    y += 1
                    x = area.x + 9
                    guard y < area.maxY else { return y }
                }
                x += buffer.write(text, x: x, y: y, style: .warning, maxWidth: area.maxX - x, ellipsis: snapshot.glyphs.ellipsis) + 1
            }
            y += 1
        }
        return y
    }

    /// Message mode: the selected message in full, long values wrapped.
    private func renderMessage(_ message: FrameSnapshot.MessageDetail, into buffer: inout CellBuffer, area: Rect) {
        PanelTitle.draw(message.heading, into: &buffer, area: area, glyphs: snapshot.glyphs, style: .selected)
        var y = area.y + 1
        for (label, value) in message.lines where y < area.maxY {
            buffer.write(label, x: area.x, y: y, style: .dim, maxWidth: 9)
            for line in LessonBandView.wrap(value, width: max(1, area.width - 9)) where y < area.maxY {
                buffer.write(line, x: area.x + 9, y: y, style: label == "keys" ? .dim : .normal, maxWidth: area.width - 9, ellipsis: snapshot.glyphs.ellipsis)
                y += 1
            }
        }
    }

    private func timerText(_ node: FrameSnapshot.NodeView) -> String {
        guard node.status == .up else { return node.status == .frozen ? "\(node.timerName) (frozen)" : "none" }
        guard let fraction = node.timerFraction, let remaining = node.timerRemainingMicros else { return "none" }
        return "\(node.timerName) \(Int(fraction * 100))% \(DurationParsing.describe(micros: remaining / 1_000 * 1_000))"
    }

    /// The newest log entries with their commands, as many as fit.
    private func drawRecentEntries(_ node: FrameSnapshot.NodeView, from top: Int, into buffer: inout CellBuffer, area: Rect) {
        guard top + 1 < area.maxY, !node.description.log.isEmpty else { return }
        buffer.write("recent entries", x: area.x, y: top, style: .dim)
        let room = area.maxY - top - 1
        for (offset, cell) in node.description.log.suffix(room).reversed().enumerated() {
            let text = "\(cell.index) t\(cell.term) \(cell.label)"
            buffer.write(text, x: area.x + 1, y: top + 1 + offset, style: cell.committed ? .logCommitted : .logUncommitted, maxWidth: area.width - 1,
                         ellipsis: snapshot.glyphs.ellipsis)
        }
    }
}
