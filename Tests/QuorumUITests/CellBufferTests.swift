@testable import QuorumUI
import Testing

@Suite("Cell buffer")
struct CellBufferTests {
    @Test func writeClipsAndSanitises() {
        var buffer = CellBuffer(width: 10, height: 2)
        let used = buffer.write("ab\u{7}c\u{1B}defghijkl", x: 1, y: 0, style: .leader)
        #expect(used == 9)
        #expect(buffer.rowText(0) == " ab?c?defg")
        #expect(buffer[1, 0].style == .leader)
    }

    @Test func wideAndCombiningCharacters() {
        var buffer = CellBuffer(width: 8, height: 1)
        buffer.write("日本e\u{301}x", x: 0, y: 0, style: .normal)
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer.rowText(0) == "日本ex  ")  // 2 + 2 + 1 + 1 columns, 2 blank
        #expect(DisplayWidth.of("日本") == 4)
    }

    @Test func diffVisitsOnlyChangedCells() {
        var first = CellBuffer(width: 5, height: 2)
        first.write("hello", x: 0, y: 0, style: .normal)
        var second = first
        second.put("J", x: 0, y: 0, style: .normal)
        second.restyle(x: 4, y: 0, length: 1, style: .dim)
        var changed: [Int] = []
        second.forEachChange(since: first) { x, y, _ in changed.append(y * 5 + x) }
        #expect(changed == [0, 4])
        #expect(second.forEachChange(since: nil) { _, _, _ in } == 10)
    }

    @Test(arguments: [(80, 24), (120, 40), (160, 48), (200, 60)])
    func layoutFitsAndDoesNotOverlap(width: Int, height: Int) {
        let layout = Layout(width: width, height: height, nodeCount: 5)
        #expect(!layout.isTooSmall)
        let panels = [layout.header, layout.caption, layout.cluster, layout.detail, layout.logs, layout.events, layout.clocks, layout.footer]
        #expect(panels.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.maxX <= width && $0.maxY <= height && !$0.isEmpty })
        #expect(layout.clocks.height >= 7, "a row per node plus title and header")
        #expect(layout.logs.height == 6)
        #expect(layout.cluster.height >= 8)
        #expect(Layout(width: 79, height: 24, nodeCount: 5).isTooSmall)
    }
}
