import QuorumCore

/// For stores that keep versions: one row per replica, one column per key, each cell the value
/// and its version vector (every sibling when there are several). A key whose replicas disagree is
/// marked in the title row; the newest judgment of each replica is shown at the row's end.
struct KeyTableView {
    static let labelWidth = 4
    static let minimumColumnWidth = 14
    static let judgmentWidth = 30
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        let keys = allKeys
        let judgmentWidth = area.width >= 110 ? KeyTableView.judgmentWidth : 0
        let room = area.width - KeyTableView.labelWidth - judgmentWidth
        let columns = max(1, min(keys.count, room / KeyTableView.minimumColumnWidth))
        let columnWidth = keys.isEmpty ? room : room / columns
        let shown = Array(keys.prefix(columns))
        drawTitle(shown, hidden: keys.count - shown.count, columnWidth: columnWidth, into: &buffer, area: area)
        for (row, node) in snapshot.nodesInView(rows: area.height - 1).enumerated() {
            let y = area.y + 1 + row
            let selected = node.id == snapshot.state.selected
            buffer.write(node.id.description, x: area.x, y: y, style: selected ? .selected : RoleStyle.style(node))
            for (column, key) in shown.enumerated() {
                let x = area.x + KeyTableView.labelWidth + column * columnWidth
                drawCell(node.description.keyTable?.first { $0.key == key }, x: x, y: y, width: columnWidth - 1, into: &buffer)
            }
            if judgmentWidth > 0 { drawJudgment(node, x: area.maxX - judgmentWidth, y: y, width: judgmentWidth, into: &buffer) }
        }
    }

    /// Every key any replica holds, sorted.
    private var allKeys: [String] {
        var keys: [String] = []
        for node in snapshot.nodes { keys += node.description.keyTable?.map(\.key) ?? [] }
        return Array(Set(keys)).sorted()
    }

    /// True when some replicas hold different versions of `key` (or some lack it).
    func disagree(on key: String) -> Bool {
        let rows = snapshot.nodes.map { $0.description.keyTable?.first { $0.key == key }?.versions ?? [] }
        return rows.contains { $0 != rows[0] }
    }

    private func drawTitle(_ keys: [String], hidden: Int, columnWidth: Int, into buffer: inout CellBuffer, area: Rect) {
        PanelTitle.draw("Keys", into: &buffer, area: Rect(x: area.x, y: area.y, width: KeyTableView.labelWidth, height: 1), glyphs: snapshot.glyphs)
        buffer.horizontalLine(x: area.x + KeyTableView.labelWidth, y: area.y, length: area.width - KeyTableView.labelWidth,
                              snapshot.glyphs.horizontal, style: .border)
        guard !keys.isEmpty else {
            buffer.write(" no keys yet: press r to send a request ", x: area.x + KeyTableView.labelWidth, y: area.y, style: .dim)
            return
        }
        for (column, key) in keys.enumerated() {
            let x = area.x + KeyTableView.labelWidth + column * columnWidth
            let differs = disagree(on: key)
            let label = " " + key + (differs ? " " + snapshot.glyphs.differs + " differs " : " ")
            buffer.write(label, x: x, y: area.y, style: differs ? .warning : .title, maxWidth: columnWidth - 1)
        }
        let legend = hidden > 0 ? " +\(hidden) keys " : " value [version vector] · a|b siblings "
        if DisplayWidth.of(legend) + 2 < area.width - KeyTableView.labelWidth - keys.count * columnWidth || hidden > 0 {
            buffer.write(legend, x: area.maxX - DisplayWidth.of(legend), y: area.y, style: .dim)
        }
    }

    private func drawCell(_ row: NodeDescription.KeyRow?, x: Int, y: Int, width: Int, into buffer: inout CellBuffer) {
        guard let row, !row.versions.isEmpty else {
            buffer.write("-", x: x + 1, y: y, style: .dim)
            return
        }
        if row.versions.count == 1 {
            let used = buffer.write(row.versions[0].value, x: x + 1, y: y, style: .normal, maxWidth: width - 1)
            buffer.write(" " + row.versions[0].clock, x: x + 1 + used, y: y, style: .dim, maxWidth: width - 1 - used)
            return
        }
        let text = row.versions.map { $0.value + $0.clock }.joined(separator: "|")
        buffer.write(text, x: x + 1, y: y, style: .warning, maxWidth: width - 1)
    }

    private func drawJudgment(_ node: FrameSnapshot.NodeView, x: Int, y: Int, width: Int, into buffer: inout CellBuffer) {
        guard let judgment = node.description.judgment else { return }
        let fresh = snapshot.now.micros - judgment.atMicros < KeyTableView.freshMicros
        let text = "\(judgment.from)\(snapshot.glyphs.arrow) \(judgment.key): \(judgment.order.rawValue), \(judgment.outcome)"
        buffer.write(text, x: x, y: y, style: fresh ? KeyTableView.style(judgment.order) : .dim, maxWidth: width)
    }

    /// How long a judgment stays highlighted (simulated time).
    static let freshMicros: Int64 = 1_500_000

    /// Concurrent stands out; a newer version is good news; older or equal is routine.
    static func style(_ order: CausalOrder) -> StyleRole {
        switch order {
        case .concurrent: return .warning
        case .after: return .logCommitted
        case .before, .equal: return .dim
        }
    }

    /// Four letters for the node card.
    static func badge(_ order: CausalOrder) -> String {
        switch order {
        case .concurrent: return "CONC"
        case .after: return "new"
        case .before: return "old"
        case .equal: return "same"
        }
    }
}
