/// A panel's title row: the title, then a thin rule to the edge.
enum PanelTitle {
    static func draw(_ title: String, into buffer: inout CellBuffer, area: Rect, glyphs: Glyphs, style: StyleRole = .title) {
        guard !area.isEmpty else { return }
        let used = buffer.write(title, x: area.x, y: area.y, style: style, maxWidth: area.width)
        if used + 1 < area.width {
            buffer.horizontalLine(x: area.x + used + 1, y: area.y, length: area.width - used - 1, glyphs.horizontal, style: .border)
        }
    }
}
