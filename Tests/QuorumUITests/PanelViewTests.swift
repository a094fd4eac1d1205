import QuorumCore
@testable import QuorumUI
import Testing

/// A protocol's own panels in the detail view.
@Suite("Panel view")
struct PanelViewTests {
    /// Fact labels get a column as wide as the longest, so a long label is neither cut nor run
    /// into its value (`view changes 2`, not `view cha2`).
    @Test func factLabelsAreNotCutOrJoinedToTheirValues() {
        var buffer = CellBuffer(width: 40, height: 5)
        let panel = NodePanel(title: "view", content: .facts([.init("view", "3"), .init("view changes", "2")]))
        let next = PanelView.draw(panel, into: &buffer, area: Rect(x: 0, y: 0, width: 40, height: 5))
        #expect(next == 3)
        let lines = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        #expect(lines[1].hasPrefix(" view         3"), "\(lines[1])")
        #expect(lines[2].hasPrefix(" view changes 2"), "\(lines[2])")
    }
}
