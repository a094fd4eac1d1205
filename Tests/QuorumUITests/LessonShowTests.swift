import QuorumCore
import QuorumRaft
@testable import QuorumUI
import Testing

/// A lesson's `show`: `show keys` gives the logs area to each node's keys until `show logs`;
/// `show events` keeps the event log at full height in the projector layout; a chapter jump
/// shows what the cues before the chapter asked for.
@Suite("Lesson show")
struct LessonShowTests {
    static let lesson = """
        title "Show"
        run raft --clients 0
        at 0s chapter "Logs"
        at 0.5s request set x 1
        at 1s chapter "Keys"
        at 1s show keys
        at 1.5s show events
        at 2s chapter "Logs again"
        at 2s show logs
        """

    static func session() throws -> LiveSession<RaftNode> { try LessonSessionFixture.session(lesson) }

    /// The logs area's rows of a frame at 80x24.
    static func logsArea(_ session: LiveSession<RaftNode>) -> [String] {
        var buffer = CellBuffer(width: 80, height: 24)
        let layout = FrameRenderer.render(session.snapshot(), into: &buffer)
        return (layout.logs.y..<(layout.logs.y + layout.logs.height)).map { buffer.rowText($0) }
    }

    static func run(_ session: LiveSession<RaftNode>, to seconds: Double, wall: inout Int64) {
        LessonSessionFixture.run(session, to: seconds, wall: &wall)
    }

    @Test func showKeysThenShowLogs() throws {
        let session = try Self.session()
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        Self.run(session, to: 0.9, wall: &wall)
        #expect(Self.logsArea(session)[0].hasPrefix("Logs"), "\(Self.logsArea(session))")
        Self.run(session, to: 1.2, wall: &wall)
        let keys = Self.logsArea(session)
        #expect(keys[0].hasPrefix("Keys") && keys[0].contains(" x "), "\(keys)")
        #expect(keys[1].hasPrefix("n1") && keys[1].contains(" 1"), "each node's value of x: \(keys)")
        #expect(!keys.joined().contains("version vector"), "a state machine's keys have no vectors")
        Self.run(session, to: 2.2, wall: &wall)
        #expect(Self.logsArea(session)[0].hasPrefix("Logs"), "\(Self.logsArea(session))")
    }

    @Test func showEventsGivesTheProjectorItsEventLog() throws {
        let reduced = Layout(width: 160, height: 45, nodeCount: 5, captionRows: 7, projector: true)
        let full = Layout(width: 160, height: 45, nodeCount: 5, captionRows: 7, projector: true, fullEvents: true)
        let normal = Layout(width: 160, height: 45, nodeCount: 5, captionRows: 7)
        #expect(full.events.height > reduced.events.height)
        #expect(full.events.height == normal.events.height)
        let session = try Self.session()
        session.projector = true
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        Self.run(session, to: 1.7, wall: &wall)
        var buffer = CellBuffer(width: 160, height: 45)
        #expect(FrameRenderer.render(session.snapshot(), into: &buffer).events.height == full.events.height)
    }

    @Test func aChapterJumpShowsWhatTheCuesBeforeItAskedFor() throws {
        let session = try Self.session()
        session.advance(wallMicros: 0)
        session.handle(.character("n"))
        session.handle(.character("n"))
        #expect(session.lesson?.chapterIndex == 2)
        #expect(session.lesson?.shown == ["keys", "events"], "the chapter's own show logs fires when the run reaches it")
        #expect(session.snapshot().lesson?.showsKeys == true)
        session.handle(.character("N"))
        session.handle(.character("N"))
        #expect(session.lesson?.chapterIndex == 0)
        #expect(session.lesson?.shown == [])
        #expect(session.snapshot().lesson?.showsKeys == false)
    }
}
