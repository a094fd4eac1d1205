import Foundation
import Testing

/// A lesson in the real binary, in tmux at 80x24 and 160x45: captions read whole, a question waits
/// for its answer and reveals, a pause waits for space, n and N move between chapters.
@Suite("Lesson live in tmux", .enabled(if: TmuxSession.isAvailable), .serialized)
struct LessonLiveTests {
    static let lesson = """
        title "A live test lesson"
        run raft --clients 0 --duration 20s
        at 0s chapter "Opening"
        at 0s speed 1x
        at 0.01s say "This caption is long enough to need more than one line at eighty columns, and it must be read whole, up to its very last word: omega"
        at 0.02s predict "Who leads first?" choices n1 n2 n3 answer n2 reveal at 0.5s "n2 timed out first" expect leader ?
        at 1s chapter "Middle"
        at 1s say "The middle chapter"
        at 1.2s pause
        at 3s chapter "Last"
        at 3s say "The last chapter"
        """

    @Test(arguments: [(80, 24), (160, 45)])
    func aLessonPlaysLive(width: Int, height: Int) throws {
        let path = try QuorumBinary.temporaryFile("live.txt", Self.lesson)
        let session = try TmuxSession(["lesson", path], width: width, height: height)
        var screen = try session.waitFor(timeout: 20) { $0.contains("PREDICT") }
        let band = screen.split(separator: "\n").prefix(6).joined(separator: " ")
        #expect(band.contains("Who leads first?") && band.contains("1 n1   2 n2   3 n3"))
        #expect(screen.contains("PAUSED"))
        // The long caption came first, whole: the question waited for its reading time.
        session.firstScreen = screen
        try session.send("2")
        screen = try session.waitFor(timeout: 20) { $0.contains("Right: n2.") }
        #expect(screen.contains("press space to continue"))
        try session.send("Space")
        screen = try session.waitFor(timeout: 20) { $0.contains("The middle chapter") && $0.contains("PAUSED") }
        #expect(screen.contains("Chapter 2/3 · Middle"))
        try session.send("Space")
        screen = try session.waitFor(timeout: 20) { $0.contains("running") }
        try session.send("n")
        screen = try session.waitFor(timeout: 20) { $0.contains("The last chapter") }
        #expect(screen.contains("Chapter 3/3 · Last"))
        try session.send("N")
        screen = try session.waitFor(timeout: 20) { $0.contains("Chapter 2/3 · Middle") }
        try session.send("q")
        try session.waitFor(timeout: 10) { $0.contains("EXIT=0") }
    }

    /// The caption band shows a long caption whole at 80 columns.
    @Test func aLongCaptionIsReadWhole() throws {
        let path = try QuorumBinary.temporaryFile("long.txt", Self.lesson)
        let session = try TmuxSession(["lesson", path], width: 80, height: 24)
        let screen = try session.waitFor(timeout: 20) { $0.contains("omega") }
        let band = screen.split(separator: "\n").prefix(5).joined(separator: " ")
        #expect(band.contains("This caption is long enough"))
        #expect(band.contains("to its very last word: omega"))
        try session.send("q")
    }
}
