import QuorumCore

/// For protocols whose nodes keep numbered slots rather than a log: one row per node, one column
/// per recent slot number, each cell how far that slot got at that node (its label and phase, as
/// the protocol's `slots` panel gives them), the newest columns that fit. The panel's title (the
/// protocol's summary of the window, e.g. its watermarks) ends each row on a wide screen.
struct SlotTableView {
    static let labelWidth = 4
    let snapshot: FrameSnapshot

    /// The node's slots panel, if its protocol has one.
    static func slotPanel(of node: FrameSnapshot.NodeView) -> (title: String, slots: [NodePanel.Slot])? {
        for panel in node.description.panels {
            if case .slots(let slots) = panel.content { return (panel.title, slots) }
        }
        return nil
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        let panels = snapshot.nodes.map { SlotTableView.slotPanel(of: $0) }
        let labels = panels.flatMap { $0?.slots.map(\.label) ?? [] }
        let cellWidth = min(8, max(3, (labels.map { DisplayWidth.of($0) }.max() ?? 1) + 1))
        let trailerWidth = area.width >= 100 ? (panels.compactMap { $0.map { DisplayWidth.of($0.title) } }.max() ?? 0) + 1 : 0
        let fit = max(1, (area.width - SlotTableView.labelWidth - trailerWidth) / cellWidth)
        let numbers = Array(Set(panels.flatMap { $0?.slots.map(\.number) ?? [] })).sorted().suffix(fit)
        let rows = snapshot.nodesInView(rows: area.height - 1)
        drawTitle(numbers: Array(numbers), cellWidth: cellWidth, into: &buffer, area: area)
        if let note = LogView.hiddenNote(rows, of: snapshot.nodes.count) {
            buffer.write(note, x: area.maxX - DisplayWidth.of(note), y: area.y, style: .warning)
        }
        for (row, node) in rows.enumerated() {
            let y = area.y + 1 + row
            let selected = node.id == snapshot.state.selected
            buffer.write(node.id.description, x: area.x, y: y, style: selected ? .selected : RoleStyle.style(node))
            guard let panel = panels[node.id.index] else { continue }
            for (column, number) in numbers.enumerated() {
                let x = area.x + SlotTableView.labelWidth + column * cellWidth
                // A slot the node does not hold (discarded, or not reached yet) stays blank.
                guard let slot = panel.slots.first(where: { $0.number == number }) else { continue }
                buffer.write(slot.label, x: x, y: y, style: PanelView.style(key: "phase-" + slot.phase), maxWidth: cellWidth - 1)
            }
            if trailerWidth > 0 { buffer.write(panel.title, x: area.maxX - trailerWidth + 1, y: y, style: .dim, maxWidth: trailerWidth - 1) }
        }
    }

    private func drawTitle(numbers: [Int], cellWidth: Int, into buffer: inout CellBuffer, area: Rect) {
        PanelTitle.draw("Slots", into: &buffer, area: Rect(x: area.x, y: area.y, width: SlotTableView.labelWidth + 2, height: 1), glyphs: snapshot.glyphs)
        let start = area.x + SlotTableView.labelWidth + 2
        buffer.horizontalLine(x: start, y: area.y, length: max(0, area.maxX - start), snapshot.glyphs.horizontal, style: .border)
        // The first column's number would fall on the title.
        for (column, number) in numbers.enumerated() where column > 0 {
            buffer.write(String(number), x: area.x + SlotTableView.labelWidth + column * cellWidth, y: area.y, style: .dim, maxWidth: cellWidth - 1)
        }
    }
}
