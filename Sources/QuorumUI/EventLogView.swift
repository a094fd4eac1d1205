/// The newest events, one line each, newest last; above them, the checker's verdict on the client
/// history, and the operations that break it when it fails.
struct EventLogView {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 2 else { return }
        var title = "Events"
        if let filter = snapshot.eventsFilter { title += " of \(filter)" }
        title += snapshot.state.showMessageEvents ? " (all messages)" : " (m: show messages)"
        PanelTitle.draw(title, into: &buffer, area: area, glyphs: snapshot.glyphs)
        let checkerLines = drawChecker(into: &buffer, area: area)
        let lines = snapshot.events.suffix(max(0, area.height - 1 - checkerLines))
        for (row, line) in lines.enumerated() {
            let y = area.y + 1 + checkerLines + row
            let time = line.time.shortDescription
            let used = buffer.write(time, x: area.x, y: y, style: .eventTime)
            buffer.write(line.text, x: area.x + used + 1, y: y, style: line.style, maxWidth: area.width - used - 1)
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
            buffer.write("cannot place: \(operation.summary)", x: area.x, y: area.y + 1 + used + row, style: .warning, maxWidth: area.width)
        }
        return stuck.count
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
        let entries = snapshot.timeline != nil && snapshot.state.isReplay
            ? KeyMap.replayOverlay
            : KeyMap.help(timerName: snapshot.nodes.first?.timerName ?? "election", electsLeaders: snapshot.electsLeaders)
        let width = min(area.width - 4, 68)
        let height = min(area.height - 2, entries.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box, style: .help)
        buffer.write(" Keys ", x: box.x + 2, y: box.y, style: .helpKey)
        for (row, entry) in entries.prefix(height - 4).enumerated() {
            let y = box.y + 2 + row
            buffer.write(entry.keys, x: box.x + 3, y: y, style: .helpKey, maxWidth: 16)
            buffer.write(entry.action, x: box.x + 20, y: y, style: .help, maxWidth: width - 21)
        }
        buffer.write("any key closes this help", x: box.x + 3, y: box.maxY - 1, style: .help, maxWidth: width - 4)
    }
}
