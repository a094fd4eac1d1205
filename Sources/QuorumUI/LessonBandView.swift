/// The caption band of a lesson: a line with the title and chapter (and the program's own
/// feedback at its right, so that it never covers the lesson's words), then the caption or the
/// question wrapped onto as many lines as the band has, an ellipsis past them.
struct LessonBandView {
    let band: LessonBand

    /// Rows of the band for a terminal height: 4 at 24 rows, up to 7 on a tall screen.
    static func rows(height: Int) -> Int {
        min(7, max(4, height / 7))
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        buffer.fill(area, style: .caption)
        let status = band.status.map { " " + $0 + " " } ?? ""
        let statusWidth = min(DisplayWidth.of(status), max(0, area.width - 30))
        // The title goes first when the line is short: the chapter is what the class needs.
        var heading = [band.title, band.chapter].compactMap { $0 }.joined(separator: " · ")
        if DisplayWidth.of(heading) + 1 > area.width - statusWidth - 1, let chapter = band.chapter { heading = chapter }
        if heading.isEmpty { heading = "Lesson" }
        buffer.write(" " + heading, x: area.x, y: area.y, style: .title, maxWidth: area.width - statusWidth - 1)
        if statusWidth > 0 {
            buffer.write(status, x: area.maxX - statusWidth, y: area.y, style: .status, maxWidth: statusWidth)
        }
        let textRows = area.height - 1
        let width = area.width - 2
        var lines = LessonBandView.wrap(band.text ?? "", width: width)
        var tail: [(String, StyleRole)] = []
        if let choices = band.choices { tail.append((choices, .helpKey)) }
        if let note = band.note { tail.append((note.text, note.good ? .logCommitted : .warning)) }
        let room = max(0, textRows - tail.count)
        if lines.count > room {
            lines = Array(lines.prefix(room))
            if var last = lines.popLast() {
                while DisplayWidth.of(last) > width - 1, !last.isEmpty { last.removeLast() }
                lines.append(last + "…")
            }
        }
        for (offset, line) in lines.enumerated() {
            buffer.write(" " + line, x: area.x, y: area.y + 1 + offset, style: band.isQuestion ? .headerAccent : .caption, maxWidth: area.width)
        }
        for (offset, item) in tail.suffix(textRows).enumerated() {
            buffer.write(" " + item.0, x: area.x, y: area.y + 1 + min(lines.count, room) + offset, style: item.1, maxWidth: area.width)
        }
    }

    /// Words onto lines of at most `width` columns; a word longer than a line is cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var word = String(word)
            while DisplayWidth.of(word) > width {
                if !line.isEmpty { lines.append(line); line = "" }
                var head = ""
                for character in word {
                    if DisplayWidth.of(head + String(character)) > width { break }
                    head.append(character)
                }
                lines.append(head)
                word.removeFirst(head.count)
            }
            if line.isEmpty {
                line = word
            } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(word) <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
