import QuorumCore

/// Draws a protocol's own panel (facts, a table, slots by phase) in the shared detail view. Cells
/// with a style key look as the theme says (`[phase-prepared]`), else like the shared roles.
enum PanelView {
    /// Draws `panel` from the top of `area`; returns the first row below it.
    static func draw(_ panel: NodePanel, into buffer: inout CellBuffer, area: Rect, ellipsis: Unicode.Scalar = "…") -> Int {
        guard area.height >= 2 else { return area.maxY }
        buffer.write(panel.title, x: area.x, y: area.y, style: .dim, maxWidth: area.width)
        var y = area.y + 1
        switch panel.content {
        case .facts(let facts):
            // Labels in a column as wide as the longest (up to half the panel), then a space.
            let labelWidth = min(facts.map { DisplayWidth.of($0.label) }.max() ?? 0, max(1, area.width / 2))
            for fact in facts where y < area.maxY {
                buffer.write(fact.label, x: area.x + 1, y: y, style: .dim, maxWidth: labelWidth)
                buffer.write(fact.value, x: area.x + 2 + labelWidth, y: y, style: .normal, maxWidth: area.width - 2 - labelWidth, ellipsis: ellipsis)
                y += 1
            }
        case .table(let columns, let rows):
            let widths = columnWidths(columns, rows, room: area.width - 1)
            y = drawRow(columns.map { NodePanel.Cell($0) }, widths: widths, y: y, area: area, header: true, ellipsis: ellipsis, into: &buffer)
            for row in rows where y < area.maxY {
                y = drawRow(row, widths: widths, y: y, area: area, header: false, ellipsis: ellipsis, into: &buffer)
            }
        case .slots(let slots):
            var x = area.x + 1
            for slot in slots {
                let text = "\(slot.number):\(slot.label)"
                if x + text.count > area.maxX {
                    y += 1
                    x = area.x + 1
                }
                guard y < area.maxY else { break }
                x += buffer.write(text, x: x, y: y, style: style(key: "phase-" + slot.phase), maxWidth: area.maxX - x) + 1
            }
            y += 1
        case .log(let cells):
            // The newest entries that fit, each its term in a 3-column cell, committed ones set apart.
            let fit = max(0, (area.width - 1) / 3)
            for (offset, cell) in cells.suffix(fit).enumerated() {
                let text = String(cell.term % 100)
                buffer.write(String(repeating: " ", count: 2 - text.count) + text, x: area.x + 1 + offset * 3, y: y,
                             style: StyleRole.logTerm(cell.term, committed: cell.committed))
            }
            y += 1
        }
        return y
    }

    /// A protocol's style key as a role, looking like normal text where the theme does not name it.
    static func style(key: String?) -> StyleRole {
        guard let key, StyleKey.isValid(key) else { return .normal }
        return StyleRole.keyed(key, fallback: .normal)
    }

    private static func columnWidths(_ columns: [String], _ rows: [[NodePanel.Cell]], room: Int) -> [Int] {
        var widths = columns.map { DisplayWidth.of($0) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], DisplayWidth.of(cell.text)) }
        }
        return widths.map { min($0, max(1, room / max(1, widths.count) + 4)) }
    }

    private static func drawRow(_ cells: [NodePanel.Cell], widths: [Int], y: Int, area: Rect, header: Bool,
                                ellipsis: Unicode.Scalar, into buffer: inout CellBuffer) -> Int {
        guard y < area.maxY else { return y }
        var x = area.x + 1
        for (index, cell) in cells.enumerated() where index < widths.count && x < area.maxX {
            buffer.write(cell.text, x: x, y: y, style: header ? .dim : style(key: cell.styleKey), maxWidth: min(widths[index], area.maxX - x),
                         ellipsis: ellipsis)
            x += widths[index] + 1
        }
        return y + 1
    }
}
