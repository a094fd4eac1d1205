import QuorumCore
import QuorumRaft
@testable import QuorumUI
import Testing

/// The space-time diagram: `d` puts it in place of the log strips and the event log, a lesson's
/// `show diagram` does too (and `show events` / `show logs` take it away), and each message's two
/// ends are drawn in its sender's and its receiver's columns.
@Suite("Space-time diagram")
struct SpaceTimeDiagramTests {
    static func shown(until seconds: Double, nodes: Int = 5) -> LiveSession<RaftNode> {
        let session = GoldenScreen.session(seed: 1, nodes: nodes, until: seconds, actions: [(0.1, .toggleDiagram)])
        session.historyChecker = nil
        return session
    }

    @Test func golden80x24() throws {
        let buffer = GoldenScreen.render(Self.shown(until: 1.2), width: 80, height: 24)
        try GoldenScreen.check(buffer, "diagram-80x24")
        #expect(GoldenScreen.find("Space-time diagram", in: buffer) != nil)
        #expect(GoldenScreen.find("Events", in: buffer) == nil, "the diagram takes the event log's place")
    }

    @Test func golden120x35() throws {
        try GoldenScreen.check(GoldenScreen.render(Self.shown(until: 1.2), width: 120, height: 35), "diagram-120x35")
    }

    @Test func theKeyTogglesIt() throws {
        let session = GoldenScreen.session(seed: 1, until: 0.2)
        #expect(session.handle(.character("d")))
        #expect(session.state.showsDiagram)
        #expect(!session.snapshot().diagram.isEmpty)
        #expect(session.handle(.character("d")))
        #expect(!session.state.showsDiagram)
        #expect(session.snapshot().diagram.isEmpty, "rows are built only while the diagram is shown")
    }

    /// Every message received in view: its send row's mark is in the sender's column, its receive
    /// row's mark in the receiver's, and the receive row's line starts at the sender's lifeline.
    @Test func aMessagesTwoEndsAreInItsSendersAndReceiversColumns() throws {
        let session = Self.shown(until: 1.2)
        let area = Rect(x: 0, y: 0, width: 120, height: 40)
        var buffer = CellBuffer(width: area.width, height: area.height)
        let snapshot = session.snapshot()
        SpaceTimeDiagramView(snapshot: snapshot).render(into: &buffer, area: area)
        let columns = SpaceTimeDiagramView.columns(nodeCount: 5, selected: snapshot.state.selected, area: area)
        let rows = Array(snapshot.diagram.suffix(area.height - 2))
        var paired = 0
        for (receiveIndex, receive) in rows.enumerated() where receive.kind == .receive {
            guard let id = receive.messageID, let receiver = receive.node, let sender = receive.peer?.node,
                  let sendIndex = rows.firstIndex(where: { $0.kind == .send && $0.messageID == id }) else { continue }
            let send = rows[sendIndex]
            #expect(send.node == sender && send.peer == .node(receiver))
            #expect(sendIndex < receiveIndex, "time goes down")
            let senderX = try #require(columns.x(of: sender)), receiverX = try #require(columns.x(of: receiver))
            let sendY = 2 + sendIndex, receiveY = 2 + receiveIndex
            #expect(RoleStyle.messageGlyphs.contains(buffer[senderX, sendY].scalar), "the send's mark on the sender's lifeline")
            #expect(buffer.rowText(sendY).contains(send.label + "→\(receiver)"))
            #expect(buffer[senderX, receiveY].scalar == (senderX < receiverX ? "├" : "┤"), "the line leaves the sender's lifeline")
            #expect(buffer[receiverX, receiveY].scalar == (senderX < receiverX ? "▶" : "◀"), "and ends in an arrowhead on the receiver's")
            #expect(buffer.rowText(receiveY).contains(String(receive.label.prefix(4))), "the receipt names the message's kind")
            paired += 1
        }
        #expect(paired >= 4, "a second of a five-node cluster has messages sent and received in view")
    }

    @Test func aDroppedMessageEndsInTheDroppedGlyph() throws {
        let session = GoldenScreen.session(seed: 1, until: 1.5, actions: [(0.1, .toggleDiagram), (1.0, .cluster(.isolate(NodeID(0))))])
        let area = Rect(x: 0, y: 0, width: 120, height: 60)
        var buffer = CellBuffer(width: area.width, height: area.height)
        let snapshot = session.snapshot()
        SpaceTimeDiagramView(snapshot: snapshot).render(into: &buffer, area: area)
        let columns = SpaceTimeDiagramView.columns(nodeCount: 5, selected: snapshot.state.selected, area: area)
        let rows = Array(snapshot.diagram.suffix(area.height - 2))
        let drop = try #require(rows.lastIndex { $0.kind == .drop && $0.peer?.node != nil }, "isolating a node drops messages")
        let x = try #require(columns.x(of: rows[drop].node!))
        #expect(buffer[x, 2 + drop].scalar == Glyphs.unicode.dropped)
        #expect(buffer[x, 2 + drop].style == .dropped)
    }

    @Test func theLegendExplainsTheDiagramWhileItIsShown() throws {
        let session = Self.shown(until: 0.5)
        session.update(.toggleHelp)
        session.update(.toggleHelp)
        var buffer = CellBuffer(width: 120, height: 40)
        FrameRenderer.render(session.snapshot(), into: &buffer)
        #expect(GoldenScreen.find("lifeline", in: buffer) != nil)
        #expect(GoldenScreen.find("dropped message", in: buffer) != nil)
    }

    @Test func aHiddenColumnIsCountedAndTheSelectionFollowed() throws {
        let session = Self.shown(until: 0.5, nodes: 12)
        session.update(.select(NodeID(11)))
        var buffer = CellBuffer(width: 80, height: 24)
        FrameRenderer.render(session.snapshot(), into: &buffer)
        #expect(GoldenScreen.find("hidden (Tab)", in: buffer) != nil)
        #expect(GoldenScreen.find("n12", in: buffer) != nil, "the selected node's column is shown")
    }

    static let lesson = """
        title "Diagram"
        run raft --clients 0
        at 0s chapter "Plain"
        at 1s chapter "Diagram"
        at 1s show diagram
        at 2s chapter "Events again"
        at 2s show events
        """

    @Test func aLessonsShowDiagramTurnsItOnAndShowEventsOff() throws {
        let session = try LessonSessionFixture.session(Self.lesson)
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        func run(to seconds: Double) { LessonSessionFixture.run(session, to: seconds, wall: &wall) }
        func diagramOnScreen() -> Bool {
            var buffer = CellBuffer(width: 80, height: 24)
            FrameRenderer.render(session.snapshot(), into: &buffer)
            return GoldenScreen.find("Space-time diagram", in: buffer) != nil
        }
        run(to: 0.9)
        #expect(!diagramOnScreen())
        run(to: 1.2)
        #expect(diagramOnScreen(), "show diagram")
        #expect(session.handle(.character("d")))
        #expect(!diagramOnScreen(), "the key takes it away live")
        #expect(session.handle(.character("d")))
        run(to: 2.2)
        #expect(!diagramOnScreen(), "show events gives the event log back")
        session.handle(.character("N"))
        #expect(session.lesson?.chapterIndex == 1)
        #expect(!diagramOnScreen(), "the chapter starts as the cues before it left the panels")
        run(to: 1.1)
        #expect(diagramOnScreen(), "the chapter's own show diagram")
        session.handle(.character("N"))
        #expect(!diagramOnScreen())
    }
}
