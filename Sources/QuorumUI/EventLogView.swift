/// The newest events, one line each, newest last; above them, the checker's verdict on the client
/// history, and the operations that break it when it fails.
struct EventLogView {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        var title = "Events"
        if let filter = snapshot.eventsFilter { title += " of \(filter)" }
        title += snapshot.state.showMessageEvents ? " (all messages)" : " (m: show messages)"
        if snapshot.eventsScrolledBack > 0 { title += " \(snapshot.eventsScrolledBack) lines back (PgDn)" }
        PanelTitle.draw(title, into: &buffer, area: area, glyphs: snapshot.glyphs)
        let checkerLines = drawChecker(into: &buffer, area: area)
        let lines = snapshot.events.suffix(max(0, area.height - 1 - checkerLines))
        for (row, line) in lines.enumerated() {
            let y = area.y + 1 + checkerLines + row
            let time = line.time.shortDescription
            let used = buffer.write(time, x: area.x, y: y, style: .eventTime)
            buffer.write(line.text, x: area.x + used + 1, y: y, style: line.style, maxWidth: area.width - used - 1,
                         ellipsis: snapshot.glyphs.ellipsis)
        }
    }
}

extension EventLogView {
    /// The verdict at the right of the title; when the history is not linearizable, the operations
    /// that cannot be placed, on lines of their own. Returns the lines used below the title.
    private func drawChecker(into buffer: inout CellBuffer, area: Rect) -> Int {
        var used = 0
        if let violation = snapshot.safetyViolation, area.height >= 3 {
            // Whole, on as many lines as it takes (up to three): the line that matters most.
            let lines = LessonBandView.wrap("SAFETY BROKEN: \(violation)", width: area.width).prefix(min(3, area.height - 2))
            for (row, line) in lines.enumerated() { buffer.write(line, x: area.x, y: area.y + 1 + row, style: .warning, maxWidth: area.width) }
            used = lines.count
        }
        return used + drawHistoryVerdict(into: &buffer, area: area, below: used)
    }

    private func drawHistoryVerdict(into buffer: inout CellBuffer, area: Rect, below used: Int) -> Int {
        guard let checker = snapshot.checker else { return 0 }
        let verdict = checker.linearizability.verdict
        let text: String
        switch verdict {
        case .linearizable: text = checker.isWindow ? " linearizable (last \(checker.operations) ops) " : " linearizable (\(checker.operations) ops) "
        case .notLinearizable: text = " NOT linearizable "
        case .unknown: text = " linearizable? (out of time) "
        }
        let style: StyleRole = verdict == .notLinearizable ? .warning : .status
        let width = DisplayWidth.of(text)
        if width < area.width / 2 { buffer.write(text, x: area.maxX - width, y: area.y, style: style) }
        guard verdict == .notLinearizable, let counterexample = checker.linearizability.counterexample else { return 0 }
        let stuck = counterexample.stuck.prefix(max(0, min(2, area.height - 3 - used)))
        for (row, operation) in stuck.enumerated() {
            buffer.write("cannot place: \(operation.summary)", x: area.x, y: area.y + 1 + used + row, style: .warning, maxWidth: area.width,
                         ellipsis: snapshot.glyphs.ellipsis)
        }
        return stuck.count
    }
}

/// Every node's vector clock, the entries that changed in the last moment highlighted. When the
/// panel cannot show every node, the rows and columns around the selected node are shown and the
/// title says how many are hidden.
struct VectorClockView {
    static let columnWidth = 6
    static let labelWidth = 4
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 3 else { return }
        let count = snapshot.nodes.count
        let columns = VectorClockView.window(count: count, room: (area.width - VectorClockView.labelWidth) / VectorClockView.columnWidth,
                                             around: snapshot.state.selected.index)
        let rows = VectorClockView.window(count: count, room: area.height - 2, around: snapshot.state.selected.index)
        var title = "Vector clocks"
        if columns.count < count || rows.count < count {
            title += " \(rows.count)x\(columns.count) of \(count)"
        }
        PanelTitle.draw(title, into: &buffer, area: area, glyphs: snapshot.glyphs)
        if columns.count < count || rows.count < count {
            buffer.restyle(x: area.x + 14, y: area.y, length: min(area.width, DisplayWidth.of(title)) - 14, style: .warning)
        }
        for (slot, column) in columns.enumerated() {
            let label = snapshot.nodes[column].id.description
            buffer.write(label, x: columnX(slot, area: area) - label.count, y: area.y + 1, style: .dim)
        }
        for (row, index) in rows.enumerated() {
            let node = snapshot.nodes[index]
            let y = area.y + 2 + row
            buffer.write(node.id.description, x: area.x, y: y, style: node.id == snapshot.state.selected ? .selected : RoleStyle.style(node))
            for (slot, column) in columns.enumerated() {
                let text = VectorClockView.compact(node.clock.counts[column])
                let changed = snapshot.clockChanged[node.id.index][column]
                buffer.write(text, x: columnX(slot, area: area) - text.count, y: y,
                             style: changed ? .clockChanged : (node.clock.counts[column] == 0 ? .dim : .normal))
            }
        }
    }

    /// The column just right of slot `slot`'s numbers (they are right-aligned to it).
    private func columnX(_ slot: Int, area: Rect) -> Int {
        area.x + VectorClockView.labelWidth + (slot + 1) * VectorClockView.columnWidth - 1
    }

    /// Up to `room` consecutive indexes of `count`, keeping `around` in view.
    static func window(count: Int, room: Int, around: Int) -> Range<Int> {
        let shown = max(0, min(count, room))
        let first = min(max(0, around - shown / 2), count - shown)
        return first..<(first + shown)
    }

    /// At most five characters: 12345, 123k, 12.3M.
    static func compact(_ value: UInt64) -> String {
        if value < 100_000 { return String(value) }
        if value < 10_000_000 { return "\(value / 1_000)k" }
        return "\(value / 1_000_000)M"
    }
}
