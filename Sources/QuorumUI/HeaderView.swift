/// The top line: protocol, size, seed, simulated time, speed, running or paused, recording.
struct HeaderView {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        buffer.fill(area, style: .header)
        let glyphs = snapshot.glyphs
        let separator = glyphs.separator
        var x = area.x + 1
        x += buffer.write("Quorum", x: x, y: area.y, style: .headerAccent)
        let run = snapshot.ended ? "\(glyphs.pause) ENDED"
            : (snapshot.paused ? "\(glyphs.pause) PAUSED" : "\(glyphs.play) running") + (snapshot.timeline != nil && snapshot.presentTime == nil ? " (replay)" : "")
        let right = rightText()
        for part in leftParts(room: area.maxX - x - DisplayWidth.of(separator + run) - (right.isEmpty ? 1 : DisplayWidth.of(right) + 3)) {
            x += buffer.write(separator + part, x: x, y: area.y, style: .header, maxWidth: area.maxX - x)
        }
        x += buffer.write(separator, x: x, y: area.y, style: .header, maxWidth: area.maxX - x)
        x += buffer.write(run, x: x, y: area.y, style: snapshot.paused ? .headerAccent : .header, maxWidth: area.maxX - x)
        let width = DisplayWidth.of(right)
        if width > 0, area.maxX - width - 1 > x + 1 {
            buffer.write(right, x: area.maxX - width - 1, y: area.y, style: .headerAccent)
        } else if snapshot.recordingFailure != nil {
            // Losing the recording is news enough to cover the end of the line.
            let failed = "\(glyphs.record) REC FAILED"
            buffer.write(" " + failed, x: area.maxX - DisplayWidth.of(failed) - 2, y: area.y, style: .warning)
        }
    }

    /// The parts before the run's state, the least needed left out first (the seed, the node
    /// count, then the word `speed`) where the room is short, so the running or paused state and
    /// the right-hand facts (the workload's levels, loss, recording) stay in view.
    private func leftParts(room: Int) -> [String] {
        let glyphs = snapshot.glyphs
        var parts: [(text: String, dropOrder: Int)] = [(snapshot.protocolName, 0), ("\(snapshot.nodes.count) nodes", 2), ("seed \(snapshot.seed)", 1)]
        if let present = snapshot.presentTime {  // the past of a live run, paused: its speed says nothing
            parts.append(("\(glyphs.past) past t \(snapshot.now.shortDescription) of \(present.shortDescription)", 0))
        } else {
            parts += [("t \(snapshot.now.shortDescription)", 0), ("speed \(snapshot.speedLabel)", 3)]
        }
        func width() -> Int { parts.reduce(0) { $0 + DisplayWidth.of(glyphs.separator) + DisplayWidth.of($1.text) } }
        for order in 1...3 where width() > room {
            if order == 3, let index = parts.firstIndex(where: { $0.dropOrder == 3 }) {
                parts[index].text = snapshot.speedLabel
            } else {
                parts.removeAll { $0.dropOrder == order }
            }
        }
        return parts.map(\.text)
    }

    private func rightText() -> String {
        let glyphs = snapshot.glyphs
        var right: [String] = []
        if let workload = snapshot.workloadLabel { right.append(workload) }
        if snapshot.network.loss != .zero { right.append("loss \(snapshot.network.loss)") }
        if snapshot.recordingFailure != nil {
            right.append("\(glyphs.record) REC FAILED")
        } else if snapshot.recording {
            right.append("\(glyphs.record) REC")
        }
        if let timeline = snapshot.timeline, timeline.diverged {
            right.append(timeline.drawnFromRecording ? "DRAWN FROM RECORDING" : "DIFFERS FROM RECORDING")
        }
        return right.joined(separator: glyphs.separator)
    }
}

/// The second line: a mode prompt, a status message, or the latest caption from a script.
struct CaptionView {
    let snapshot: FrameSnapshot

    func render(into buffer: inout CellBuffer, area: Rect) {
        guard let line = snapshot.captionLine else { return }
        let style: StyleRole = snapshot.captionIsPrompt ? .status : .caption
        buffer.fill(area, style: style)
        buffer.write(" " + line, x: area.x, y: area.y, style: style, maxWidth: area.width, ellipsis: snapshot.glyphs.ellipsis)
    }
}

/// The bottom line: the most useful keys, the least useful dropped first when space is short.
struct FooterView {
    let snapshot: FrameSnapshot

    /// (key, label, priority): lower priority numbers are kept longer.
    static let hints: [(key: String, label: String, priority: Int)] = [
        ("space", "pause", 0), (".", "step", 3), ("+-", "speed", 1), ("k", "kill", 0), ("K", "kill leader", 1),
        ("r", "restart", 1), ("z", "freeze", 2), ("p", "partition", 0), ("h", "heal", 0), ("c", "request", 1),
        ("t", "timeout", 3), ("l", "loss", 2), ("?", "help", 0), ("q", "quit", 0),
    ]

    func render(into buffer: inout CellBuffer, area: Rect) {
        buffer.fill(area, style: .footer)
        if let timeline = snapshot.timeline { return renderTimeline(timeline, into: &buffer, area: area) }
        let timerName = snapshot.nodes.first?.timerName ?? "election"
        var shown = FooterView.hints.compactMap { hint -> (key: String, label: String, priority: Int)? in
            switch hint.key {
            case "K": return snapshot.electsLeaders ? hint : nil
            case "t": return (hint.key, timerName, hint.priority)
            default: return hint
            }
        }
        func width(_ hints: [(key: String, label: String, priority: Int)]) -> Int {
            hints.reduce(1) { $0 + DisplayWidth.of($1.key) + DisplayWidth.of($1.label) + 3 }
        }
        while width(shown) > area.width, let worst = shown.map(\.priority).max(), worst > 0 {
            shown.remove(at: shown.lastIndex { $0.priority == worst }!)
        }
        var x = area.x + 1
        for hint in shown {
            x += buffer.write(hint.key, x: x, y: area.y, style: .footerKey, maxWidth: area.maxX - x)
            x += buffer.write(" " + hint.label + "  ", x: x, y: area.y, style: .footer, maxWidth: area.maxX - x)
        }
    }
}

extension FooterView {
    /// In a replay: a bar from 0 to the end of the recording, the position filled, notable moments
    /// marked, and the replay keys.
    func renderTimeline(_ timeline: FrameSnapshot.Timeline, into buffer: inout CellBuffer, area: Rect) {
        let keys = snapshot.presentTime == nil ? " , . [ ] { } g v f ? q" : " , . [ ] space: on to the present · a change forks"
        let label = " \(snapshot.now.shortDescription)/\(timeline.end.shortDescription)"
        let width = max(10, area.width - DisplayWidth.of(label) - DisplayWidth.of(keys) - 4)
        let x = area.x + 1
        let total = max(1, timeline.end.micros)
        let position = Int(Int64(width) * min(snapshot.now.micros, total) / total)
        for cell in 0..<width {
            buffer.put(cell < position ? snapshot.glyphs.timerFull : snapshot.glyphs.timerEmpty, x: x + cell, y: area.y,
                       style: cell < position ? .footerKey : .footer)
        }
        for mark in timeline.marks {
            let cell = Int(Int64(width - 1) * min(mark.time.micros, total) / total)
            buffer.put("|", x: x + cell, y: area.y, style: .partition)
        }
        var cursor = x + width
        cursor += buffer.write(label, x: cursor, y: area.y, style: .footer)
        buffer.write("  " + keys, x: cursor, y: area.y, style: .footerKey, maxWidth: area.maxX - cursor)
    }
}
