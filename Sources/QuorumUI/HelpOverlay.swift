/// The help overlay, in a framed box: every key on its first page, and (`?` again) the legend of
/// every glyph, bar and marker the screen draws for the protocol shown.
struct HelpOverlay {
    let snapshot: FrameSnapshot

    /// One line of the overlay: a sample drawn in its own style(s), then what it means.
    struct Line {
        var sample: [(text: String, style: StyleRole)]
        var meaning: String
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        let legend = snapshot.state.helpPage == 1
        let lines = legend ? legendLines() : keyLines()
        let sampleWidth = legend ? 9 : 16
        // The keys page is as wide as its longest line needs (a protocol's timer name can make one
        // longer), at least 68; the legend up to 110, in two columns when it must.
        let longestKeyLine = lines.map { DisplayWidth.of($0.meaning) + sampleWidth + 6 }.max() ?? 0  // frame, margins, sample, gaps
        let maximumWidth = legend ? 110 : max(68, longestKeyLine)
        let width = min(area.width - 2, maximumWidth)
        let rowsWanted = lines.count + 4
        let columns = legend && rowsWanted > area.height - 2 && width >= 76 ? 2 : 1
        let rowsPerColumn = (lines.count + columns - 1) / columns
        // A margin round the box where the lines leave room for it; else the whole height.
        let height = min(rowsPerColumn + 4 <= area.height - 2 ? area.height - 2 : area.height, rowsPerColumn + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box, style: .help)
        drawFrame(box, into: &buffer)
        let title = legend ? " Legend: what the screen shows " : " Keys "
        buffer.write(title, x: box.x + 2, y: box.y, style: .helpKey, maxWidth: width - 4)
        let rows = height - 4
        let columnWidth = (width - 4) / columns
        for (index, line) in lines.enumerated() {
            let column = index / max(1, rows), row = index % max(1, rows)
            guard column < columns else { break }
            let x = box.x + 2 + column * columnWidth
            let y = box.y + 2 + row
            var used = 0
            for part in line.sample { used += buffer.write(part.text, x: x + used, y: y, style: part.style, maxWidth: sampleWidth - used) }
            buffer.write(line.meaning, x: x + sampleWidth + 1, y: y, style: .help, maxWidth: columnWidth - sampleWidth - 2,
                         ellipsis: snapshot.glyphs.ellipsis)
        }
        if lines.count > rows * columns {
            let more = " +\(lines.count - rows * columns) more lines: a taller terminal shows them "
            buffer.write(more, x: box.maxX - 2 - DisplayWidth.of(more), y: box.maxY - 1, style: .warning)
        }
        let footer = legend ? " any key closes this help " : " ? the legend\(snapshot.glyphs.separator)any key closes this help "
        buffer.write(footer, x: box.x + 2, y: box.maxY - 1, style: .helpKey, maxWidth: width - 4)
    }

    /// A frame, so the box stands out on any background and in every theme (mono included).
    private func drawFrame(_ box: Rect, into buffer: inout CellBuffer) {
        let glyphs = snapshot.glyphs
        buffer.horizontalLine(x: box.x + 1, y: box.y, length: box.width - 2, glyphs.horizontal, style: .helpKey)
        buffer.horizontalLine(x: box.x + 1, y: box.maxY - 1, length: box.width - 2, glyphs.horizontal, style: .helpKey)
        buffer.verticalLine(x: box.x, y: box.y + 1, length: box.height - 2, glyphs.vertical, style: .helpKey)
        buffer.verticalLine(x: box.maxX - 1, y: box.y + 1, length: box.height - 2, glyphs.vertical, style: .helpKey)
        buffer.put(glyphs.boxCorners[0], x: box.x, y: box.y, style: .helpKey)
        buffer.put(glyphs.boxCorners[1], x: box.maxX - 1, y: box.y, style: .helpKey)
        buffer.put(glyphs.boxCorners[2], x: box.x, y: box.maxY - 1, style: .helpKey)
        buffer.put(glyphs.boxCorners[3], x: box.maxX - 1, y: box.maxY - 1, style: .helpKey)
    }

    private func keyLines() -> [Line] {
        let entries = snapshot.timeline != nil && snapshot.state.isReplay
            ? KeyMap.replayOverlay
            : KeyMap.help(timerName: snapshot.nodes.first?.timerName ?? "election", electsLeaders: snapshot.electsLeaders,
                           cyclesWorkload: snapshot.workloadLabel != nil, hasDatacenters: (snapshot.datacenters?.groups.count ?? 0) > 1,
                           hasRing: snapshot.nodes.contains { $0.description.ring != nil })
        return entries.map { Line(sample: [($0.keys, .helpKey)], meaning: $0.action) }
    }
}
