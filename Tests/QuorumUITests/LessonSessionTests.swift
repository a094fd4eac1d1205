import QuorumCore
import QuorumRaft
@testable import QuorumUI
import Testing

/// A lesson played on the live session: questions wait for a key and reveal, pauses wait for
/// space, captions stay up for their reading time, and n/N move between chapters by running the
/// same seed again.
@Suite("Lesson in the live UI")
struct LessonSessionTests {
    static let lesson = """
        title "Test lesson"
        run raft --clients 0
        at 0s chapter "Start"
        at 0.01s say "Five followers wait for their timers to fire"
        at 0.01s predict "Who leads first?" choices n1 n2 n3 answer n2 reveal at 0.3s "n2 timed out first" expect leader ?
        at 0.5s chapter "A write"
        at 0.5s request set x 1
        at 0.6s pause
        at 0.7s say "first"
        at 0.701s say "second, one millisecond later"
        at 1s chapter "The end"
        at 1s expect key x = 1 on all
        """

    static func session() throws -> LiveSession<RaftNode> { try LessonSessionFixture.session(lesson) }

    /// Advances in 33 ms frames until `condition` holds (at most `frames`); returns the wall clock.
    @discardableResult
    static func run(_ session: LiveSession<RaftNode>, from wall: inout Int64, frames: Int = 3_000, until condition: () -> Bool) -> Bool {
        for _ in 0..<frames {
            if condition() { return true }
            wall += 33_000
            session.advance(wallMicros: wall)
        }
        return condition()
    }

    /// From the start to the reveal after the question, answered rightly (2: n2): paused there.
    static func answerTheQuestion(_ session: LiveSession<RaftNode>, wall: inout Int64) {
        session.advance(wallMicros: wall)
        run(session, from: &wall) { session.lesson?.question != nil }
        session.handle(.character("2"))
        run(session, from: &wall) { session.state.paused }
    }

    @Test func aQuestionWaitsForItsAnswerThenReveals() throws {
        let session = try Self.session()
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        #expect(Self.run(session, from: &wall) { session.lesson?.question != nil })
        #expect(session.state.paused)
        let asked = session.simulator.now
        #expect(asked == SimTime(micros: 10_000), "the question comes at its moment")
        var band = try #require(session.snapshot().lesson)
        #expect(band.isQuestion && band.text?.contains("Who leads first?") == true)
        #expect(band.choices?.hasPrefix("1 n1   2 n2   3 n3") == true)
        // Nothing but an answer moves it on.
        session.handle(.character(" "))
        session.handle(.character("k"))
        Self.run(session, from: &wall, frames: 30) { false }
        #expect(session.simulator.now == asked && session.state.paused)
        #expect(session.simulator.nodes.allSatisfy { $0.status == .up }, "k did not kill a node")
        session.handle(.character("2"))
        #expect(!session.state.paused)
        #expect(Self.run(session, from: &wall) { session.state.paused })
        #expect(session.simulator.now == SimTime(micros: 300_000), "the reveal comes at its moment")
        band = try #require(session.snapshot().lesson)
        #expect(band.text == "Right: n2. n2 timed out first", "\(band)")
    }

    @Test func aWrongAnswerIsToldTheRightOne() throws {
        let session = try Self.session()
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        Self.run(session, from: &wall) { session.lesson?.question != nil }
        session.handle(.character("3"))
        Self.run(session, from: &wall) { session.state.paused }
        #expect(session.snapshot().lesson?.text == "Not this time: n2. n2 timed out first")
    }

    @Test func aPauseWaitsForSpace() throws {
        let session = try Self.session()
        var wall: Int64 = 0
        Self.answerTheQuestion(session, wall: &wall)  // the reveal
        session.handle(.character(" "))
        #expect(Self.run(session, from: &wall) { session.state.paused })
        #expect(session.simulator.now == SimTime(micros: 600_000))
        Self.run(session, from: &wall, frames: 60) { false }
        #expect(session.simulator.now == SimTime(micros: 600_000), "paused until space")
        session.handle(.character(" "))
        #expect(Self.run(session, from: &wall) { session.simulator.now > SimTime(micros: 600_000) })
    }

    /// The second caption waits until the first has been up for its reading time.
    @Test func aCaptionStaysUpForItsReadingTime() throws {
        let session = try Self.session()
        var wall: Int64 = 0
        Self.answerTheQuestion(session, wall: &wall)
        session.handle(.character(" "))
        Self.run(session, from: &wall) { session.state.paused }
        session.handle(.character(" "))
        #expect(Self.run(session, from: &wall) { session.lesson?.caption == "first" })
        let shown = wall
        #expect(Self.run(session, from: &wall) { session.lesson?.caption == "second, one millisecond later" })
        #expect(wall - shown >= LessonPlayer.readingMicros("first"), "held \(wall - shown) µs")
        #expect(session.simulator.now >= SimTime(micros: 701_000))
    }

    /// The program's own feedback goes beside the chapter; it never replaces the lesson's caption.
    @Test func automaticCaptionsNeverHideTheLessonCaption() throws {
        let session = try Self.session()
        var wall: Int64 = 0
        Self.answerTheQuestion(session, wall: &wall)
        session.handle(.character("k"))  // feedback: "kill n1"
        let band = try #require(session.snapshot().lesson)
        #expect(band.status == "kill n1")
        #expect(band.text == "Right: n2. n2 timed out first")
    }

    /// n and N start the run over from the seed at a chapter: the same run as without jumping.
    @Test func chaptersReSimulateFromTheSeed() throws {
        let jumped = try Self.session()
        var wall: Int64 = 0
        jumped.advance(wallMicros: wall)
        jumped.handle(.character("n"))
        #expect(jumped.lesson?.chapterIndex == 1)
        #expect(Self.run(jumped, from: &wall) { jumped.state.paused }, "the pause of chapter 2")
        #expect(jumped.simulator.now == SimTime(micros: 600_000))
        // Straight through, answering the question, to the same moment.
        let straight = try Self.session()
        var wall2: Int64 = 0
        Self.answerTheQuestion(straight, wall: &wall2)
        straight.handle(.character(" "))
        Self.run(straight, from: &wall2) { straight.state.paused }
        #expect(straight.simulator.now == jumped.simulator.now)
        #expect(straight.simulator.eventCount == jumped.simulator.eventCount)
        for index in 0..<5 {
            #expect(straight.simulator.nodes[index].state.describe(logTail: 10) == jumped.simulator.nodes[index].state.describe(logTail: 10))
        }
        jumped.handle(.character("N"))
        #expect(jumped.lesson?.chapterIndex == 0)
        #expect(jumped.simulator.now == .zero)
        jumped.handle(.character("n"))
        jumped.handle(.character("n"))
        #expect(jumped.lesson?.chapterIndex == 2)
        jumped.handle(.character("n"))
        #expect(jumped.state.status == "this is the last chapter")
    }

    @Test func theBandWrapsAndEndsWithAnEllipsis() {
        let long = String(repeating: "Every follower resets its election timer on each heartbeat. ", count: 8)
        let lines = LessonBandView.wrap(long, width: 78)
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 78 })
        #expect(lines.joined(separator: " ") == long.trimmingCharacters(in: .whitespaces))
        #expect(LessonBandView.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    /// The band, drawn at 80 and 160 columns (re-record with QUORUM_RECORD_GOLDEN=1).
    @Test(arguments: [(80, 24), (160, 45)])
    func goldenBands(width: Int, height: Int) throws {
        let rows = LessonBandView.rows(height: height)
        let caption = LessonBand(title: "Leader election, and a split vote", chapter: "Chapter 2/4 · The leader crashes",
                                 text: String(repeating: "The leader crashes: its heartbeats stop, and the followers' timers run out, one first. ", count: 3),
                                 choices: nil, note: LessonNote("✓ leader term 2", good: true), status: "n5 became leader in term 2", isQuestion: false)
        let question = LessonBand(title: "Leader election, and a split vote", chapter: "Chapter 1/4 · Followers and timers",
                                  text: "PREDICT  Which node will be the first leader?", choices: "1 n1   2 n2   3 n3   4 n4   5 n5   · press 1-5",
                                  note: nil, status: nil, isQuestion: true)
        for (name, band) in [("caption", caption), ("predict", question)] {
            var buffer = CellBuffer(width: width, height: rows)
            LessonBandView(band: band).render(into: &buffer, area: buffer.bounds)
            try GoldenScreen.check(buffer, "lesson-\(name)-\(width)x\(height)")
        }
    }

    /// With a lesson's band, every panel still fits 80x24 below it; the projector layout gives the
    /// cluster more room.
    @Test func theLayoutMakesRoomForTheBand() {
        let plain = Layout(width: 80, height: 24, nodeCount: 5)
        let lesson = Layout(width: 80, height: 24, nodeCount: 5, captionRows: LessonBandView.rows(height: 24))
        #expect(lesson.caption.height == 4)
        #expect(lesson.cluster.y == 5)
        #expect(lesson.cluster.height >= 8)
        #expect(lesson.events.y + lesson.events.height == 23)
        #expect(plain.cluster.y == 2)
        let room = Layout(width: 160, height: 45, nodeCount: 5, captionRows: LessonBandView.rows(height: 45), projector: true)
        let normal = Layout(width: 160, height: 45, nodeCount: 5, captionRows: LessonBandView.rows(height: 45))
        #expect(room.cluster.width * room.cluster.height > normal.cluster.width * normal.cluster.height)
        let noClocks = Layout(width: 160, height: 45, nodeCount: 5, captionRows: 7, projector: true, showsClocks: false)
        #expect(noClocks.clocks.width == 0 && noClocks.events.width == 160)
    }

    /// The projector theme has its own background under every role, so a dark terminal shows the
    /// same light screen (whiter than the light theme's own).
    @Test func theProjectorThemeHasItsOwnBackground() throws {
        let projector = try ThemeLoader.load("projector")
        for role in StyleRole.allCases {
            #expect(projector[role].background != .terminalDefault, "\(role) has a background")
        }
        let light = try ThemeLoader.load("light")
        #expect(light[.normal].background != projector[.normal].background)
    }
}
