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
        // Columns no wider than they need, so a judgment sits next to its row, not far right.
        // The columns that fit, from the first key, or moved on to keep the ring's key in view.
        let selectedIndex = snapshot.ringKey.flatMap { keys.firstIndex(of: $0) } ?? 0
        let firstShown = max(0, min(selectedIndex - columns + 1, keys.count - columns))
        let shown = Array(keys.dropFirst(firstShown).prefix(columns))
        let widest = shown.map(widestCell).max() ?? 0
        let columnWidth = keys.isEmpty ? room : min(room / columns, max(KeyTableView.minimumColumnWidth, widest + 2))
        let rows = snapshot.nodesInView(rows: area.height - 1)
        let judgmentX = area.x + KeyTableView.labelWidth + shown.count * columnWidth + 1
        drawTitle(shown, hidden: keys.count - shown.count, columnWidth: columnWidth, into: &buffer, area: area,
                  hiddenRows: LogView.hiddenNote(rows, of: snapshot.nodes.count))
        for (row, node) in rows.enumerated() {
            let y = area.y + 1 + row
            let selected = node.id == snapshot.state.selected
            buffer.write(node.id.description, x: area.x, y: y, style: selected ? .selected : RoleStyle.style(node))
            for (column, key) in shown.enumerated() {
                let x = area.x + KeyTableView.labelWidth + column * columnWidth
                guard KeyTableView.holds(node, key) else { continue }  // not a replica of the key: a gap, not a `-`
                drawCell(key, node.description.keyTable?.first { $0.key == key }, x: x, y: y, width: columnWidth - 1, into: &buffer)
            }
            if judgmentWidth > 0 { drawJudgment(node, x: judgmentX, y: y, width: area.maxX - judgmentX, into: &buffer) }
        }
    }

    /// A lesson's `show keys` on nodes that keep one value per key (a state machine, no versions):
    /// each node's contents as a key table of single versions with no vector.
    static func contentsAsKeys(_ snapshot: FrameSnapshot) -> FrameSnapshot {
        var keyed = snapshot
        for index in keyed.nodes.indices {
            keyed.nodes[index].description.keyTable = keyed.nodes[index].description.contents.map { pair in
                NodeDescription.KeyRow(key: pair.key, versions: [.init(value: pair.value, clock: "")])
            }
        }
        return keyed
    }

    /// True when no version has a vector (the table shows a state machine's contents).
    private var hasVectors: Bool {
        snapshot.nodes.contains { $0.description.keyTable?.contains { $0.versions.contains { !$0.clock.isEmpty } } ?? false }
    }

    /// The widest a key's cell would be with every version written out.
    private func widestCell(_ key: String) -> Int {
        snapshot.nodes.map { node in
            guard let versions = node.description.keyTable?.first(where: { $0.key == key })?.versions else { return 1 }
            return DisplayWidth.of(KeyTableView.cellText(versions[...], count: versions.count, omitted: false, glyphs: snapshot.glyphs))
        }.max() ?? 1
    }

    /// `3× b[1,0,1]|c[0,1,1]`: the number of siblings, then versions, `…` first when some are left out.
    static func cellText(_ versions: ArraySlice<NodeDescription.KeyRow.Version>, count: Int, omitted: Bool, glyphs: Glyphs) -> String {
        let list = versions.map { $0.value + $0.clock }.joined(separator: "|")
        return "\(count)\(glyphs.times) " + list + (omitted ? "|" + String(glyphs.ellipsis) : "")
    }

    /// Versions in the order a cell keeps them when it must leave some out: those some replica lacks
    /// first (the difference a reader looks for), then the newest; a cut drops versions every
    /// replica holds before any that tells replicas apart.
    func orderedForCell(_ versions: [NodeDescription.KeyRow.Version], key: String) -> [NodeDescription.KeyRow.Version] {
        let everywhere = holders(of: key).map { $0.description.keyTable?.first { $0.key == key }?.versions ?? [] }
        let newestFirst = Array(versions.reversed())
        let differing = newestFirst.filter { version in !everywhere.allSatisfy { $0.contains(version) } }
        return differing + newestFirst.filter { version in everywhere.allSatisfy { $0.contains(version) } }
    }

    /// Every key any replica holds, sorted.
    private var allKeys: [String] { KeyTableView.heldKeys(snapshot.nodes.map(\.description)) }

    /// Every key any of these nodes holds in its key table, sorted.
    static func heldKeys(_ descriptions: [NodeDescription]) -> [String] {
        var keys: Set<String> = []
        for description in descriptions { keys.formUnion(description.keyTable?.map(\.key) ?? []) }
        return keys.sorted()
    }

    /// True when some replicas hold different versions of `key` (or some lack it). Only the nodes
    /// meant to hold the key are compared: one that is not its replica lacks it by design.
    func disagree(on key: String) -> Bool {
        let rows = holders(of: key).map { $0.description.keyTable?.first { $0.key == key }?.versions ?? [] }
        return rows.contains { $0 != rows[0] }
    }

    /// The nodes meant to hold `key` (all of them where the protocol does not place keys).
    private func holders(of key: String) -> [FrameSnapshot.NodeView] {
        snapshot.nodes.filter { KeyTableView.holds($0, key) }
    }

    static func holds(_ node: FrameSnapshot.NodeView, _ key: String) -> Bool {
        node.description.holdsKey?(key) ?? true
    }

    private func drawTitle(_ keys: [String], hidden: Int, columnWidth: Int, into buffer: inout CellBuffer, area: Rect, hiddenRows: String?) {
        PanelTitle.draw("Keys", into: &buffer, area: Rect(x: area.x, y: area.y, width: KeyTableView.labelWidth, height: 1), glyphs: snapshot.glyphs)
        buffer.horizontalLine(x: area.x + KeyTableView.labelWidth, y: area.y, length: area.width - KeyTableView.labelWidth,
                              snapshot.glyphs.horizontal, style: .border)
        guard !keys.isEmpty else {
            // A replay takes no requests (until `f` forks it): it only says there are none yet.
            let replaying = snapshot.timeline != nil && snapshot.state.isReplay
            buffer.write(replaying ? " no keys yet " : " no keys yet: press c to send a request ", x: area.x + KeyTableView.labelWidth, y: area.y,
                         style: .dim)
            return
        }
        let ringKey = snapshot.ringKey  // the key the ring singles out (`y`): marked as on the ring
        for (column, key) in keys.enumerated() {
            let x = area.x + KeyTableView.labelWidth + column * columnWidth
            let differs = disagree(on: key)
            let marked = key == ringKey
            let label = " " + (marked ? String(snapshot.glyphs.ringKey) : "") + key + (differs ? " " + snapshot.glyphs.differs + " differs " : " ")
            buffer.write(label, x: x, y: area.y, style: differs ? .warning : .title, maxWidth: columnWidth - 1)
            if marked { buffer.restyle(x: x + 1, y: area.y, length: min(DisplayWidth.of(key) + 1, columnWidth - 2), style: .ringKey) }
        }
        let meaning = snapshot.keyCellsAreStamped ? " value @timestamp (newest wins) "
            : hasVectors ? " value [version vector]\(snapshot.glyphs.separator)2\(snapshot.glyphs.times) a|b siblings " : " each node's value "
        var legend = hidden > 0 ? " +\(hidden) keys " : meaning
        let room = area.width - KeyTableView.labelWidth - keys.count * columnWidth
        if let hiddenRows {
            // The rows hidden are news; the meaning of the cells only where it fits beside them.
            legend = DisplayWidth.of(hiddenRows + legend) + 2 < room || hidden > 0 ? hiddenRows + legend : hiddenRows + " "
        }
        if DisplayWidth.of(legend) + 2 < room || hidden > 0 || hiddenRows != nil {
            buffer.write(legend, x: area.maxX - DisplayWidth.of(legend), y: area.y, style: hidden > 0 || hiddenRows != nil ? .warning : .dim)
        }
    }

    private func drawCell(_ key: String, _ row: NodeDescription.KeyRow?, x: Int, y: Int, width: Int, into buffer: inout CellBuffer) {
        guard let row, !row.versions.isEmpty else {
            buffer.write("-", x: x + 1, y: y, style: .dim)
            return
        }
        let ellipsis = snapshot.glyphs.ellipsis
        if row.versions.count == 1 {
            let used = buffer.write(row.versions[0].value, x: x + 1, y: y, style: .normal, maxWidth: width - 1, ellipsis: ellipsis)
            guard !row.versions[0].clock.isEmpty else { return }
            buffer.write(" " + row.versions[0].clock, x: x + 1 + used, y: y, style: .dim, maxWidth: width - 1 - used, ellipsis: ellipsis)
            return
        }
        // Siblings: their number, then as many as fit in the order that shows the difference.
        let priority = orderedForCell(row.versions, key: key)
        func kept(_ count: Int) -> ArraySlice<NodeDescription.KeyRow.Version> {
            let chosen = priority.prefix(count)
            return row.versions.filter { chosen.contains($0) }[...]  // in the store's own order
        }
        var shown = priority.count
        while shown > 1, DisplayWidth.of(KeyTableView.cellText(kept(shown), count: priority.count, omitted: shown < priority.count,
                                                                 glyphs: snapshot.glyphs)) > width - 1 {
            shown -= 1
        }
        let text = KeyTableView.cellText(kept(shown), count: priority.count, omitted: shown < priority.count, glyphs: snapshot.glyphs)
        buffer.write(text, x: x + 1, y: y, style: .warning, maxWidth: width - 1, ellipsis: ellipsis)
    }

    private func drawJudgment(_ node: FrameSnapshot.NodeView, x: Int, y: Int, width: Int, into buffer: inout CellBuffer) {
        guard let judgment = node.description.judgment else { return }
        let fresh = snapshot.now.micros - judgment.atMicros < KeyTableView.freshMicros
        let text = "\(judgment.from)\(snapshot.glyphs.arrow) \(judgment.key): \(judgment.order.rawValue), \(judgment.outcome)"
        buffer.write(text, x: x, y: y, style: fresh ? KeyTableView.style(judgment.order) : .dim, maxWidth: width, ellipsis: snapshot.glyphs.ellipsis)
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
