/// A frame: a grid of cells that widgets draw into. Immediate mode: a new frame is drawn from
/// scratch each time, and the terminal backend writes only the cells that differ from the last.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
    }

    /// Puts one scalar; ignores positions outside the buffer.
    @inline(__always)
    public mutating func put(_ scalar: Unicode.Scalar, x: Int, y: Int, style: StyleRole) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(scalar, style)
    }

    /// Changes the role of cells already drawn (for highlights).
    public mutating func restyle(x: Int, y: Int, length: Int, style: StyleRole) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + length) { cells[y * width + column].style = style }
    }

    /// Writes text from (x, y), clipped to `maxWidth` columns (and to the buffer). Control
    /// characters become `?`; zero-width scalars are dropped; wide scalars take two cells.
    /// With an `ellipsis`, text that does not fit ends in it, so a cut is never silent.
    /// Returns the columns used.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, x: Int, y: Int, style: StyleRole, maxWidth: Int = .max,
                               ellipsis: Unicode.Scalar? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(maxWidth, width - x)
        if let ellipsis, limit >= 1, DisplayWidth.of(text) > limit {
            let used = write(text, x: x, y: y, style: style, maxWidth: limit - 1)
            put(ellipsis, x: x + used, y: y, style: style)
            return used + 1
        }
        var used = 0
        for scalar in text.unicodeScalars {
            let safe: Unicode.Scalar = DisplayWidth.isControl(scalar) ? "?" : scalar
            let columns = DisplayWidth.of(safe)
            if columns == 0 { continue }
            if used + columns > limit { break }
            let column = x + used
            if column >= 0 {
                cells[y * width + column] = Cell(safe, style)
                if columns == 2, column + 1 < width { cells[y * width + column + 1] = Cell(" ", style, isContinuation: true) }
            }
            used += columns
        }
        return used
    }

    public mutating func fill(_ rect: Rect, _ scalar: Unicode.Scalar = " ", style: StyleRole = .normal) {
        for row in max(0, rect.y)..<min(height, rect.maxY) {
            for column in max(0, rect.x)..<min(width, rect.maxX) { cells[row * width + column] = Cell(scalar, style) }
        }
    }

    public mutating func horizontalLine(x: Int, y: Int, length: Int, _ scalar: Unicode.Scalar, style: StyleRole) {
        for column in x..<(x + max(0, length)) { put(scalar, x: column, y: y, style: style) }
    }

    public mutating func verticalLine(x: Int, y: Int, length: Int, _ scalar: Unicode.Scalar, style: StyleRole) {
        for row in y..<(y + max(0, length)) { put(scalar, x: x, y: row, style: style) }
    }

    /// Calls `body` for every cell that differs from `previous` (every cell when the sizes
    /// differ), skipping continuation cells. Returns the number of cells visited.
    @discardableResult
    public func forEachChange(since previous: CellBuffer?, _ body: (Int, Int, Cell) -> Void) -> Int {
        let full = previous == nil || previous!.width != width || previous!.height != height
        var changed = 0
        cells.withUnsafeBufferPointer { current in
            for index in 0..<current.count {
                let cell = current[index]
                if cell.isContinuation { continue }
                if !full, previous!.cells[index] == cell { continue }
                changed += 1
                body(index % width, index / width, cell)
            }
        }
        return changed
    }

    /// The text of one row (continuation cells skipped), trailing blanks kept.
    public func rowText(_ y: Int) -> String {
        var text = String.UnicodeScalarView()
        for x in 0..<width where !self[x, y].isContinuation { text.append(self[x, y].scalar) }
        return String(text)
    }

    /// The whole frame as text, one line per row, trailing blanks trimmed: what golden tests compare.
    public var text: String {
        (0..<height).map { row in
            var line = rowText(row)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
