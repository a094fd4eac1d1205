import Foundation
import Testing

/// The live UI end to end: the real binary in tmux, keys sent, screens read.
@Suite("Live UI in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct LiveUITests {
    /// Starts the UI and waits for a leader; `firstScreen` is the screen that showed it (a later
    /// capture may catch a frame half-drawn).
    private func started(_ extra: [String] = [], width: Int = 80, height: Int = 24) throws -> TmuxSession {
        let session = try TmuxSession(["run", "raft", "--speed", "1"] + extra, width: width, height: height)
        session.firstScreen = try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil }
        return session
    }

    @Test func startupShowsFiveNodesAndALeader() throws {
        let session = try started()
        let screen = session.firstScreen
        for node in 1...5 { #expect(screen.contains("n\(node) t"), "n\(node) on screen") }
        #expect(TmuxSession.leader(in: screen) != nil)
        #expect(screen.contains("Quorum · raft · 5 nodes · seed 1"))
        #expect(screen.contains("? help"))
    }

    @Test func killLeaderLeadsToANewLeader() throws {
        let session = try started()
        let old = try #require(TmuxSession.leader(in: session.firstScreen))
        try session.send("K")
        let screen = try session.waitFor(timeout: 20) { screen in
            guard let leader = TmuxSession.leader(in: screen) else { return false }
            return leader != old
        }
        let new = try #require(TmuxSession.leader(in: screen))
        #expect(new != old)
        #expect(screen.contains("✗L \(old)") || screen.contains("✗"))
    }

    @Test func partitionAndHeal() throws {
        let session = try started()
        try session.send("p")
        let split = try session.waitFor { $0.contains("side B") }
        #expect(split.contains("side A") && split.contains("┊"))
        try session.send("h")
        try session.waitFor { !$0.contains("side B") }
        // The next frames, whole: the first capture without "side B" can catch the terminal part-way
        // through repainting (seen once under load, the old wall still on the rows not yet redrawn).
        Thread.sleep(forTimeInterval: 0.3)
        let healed = try session.screen()
        #expect(!healed.contains("side B") && !healed.contains("┊"))
        #expect(healed.contains("heal"))
    }

    @Test func helpOverlayOpensAndCloses() throws {
        let session = try started()
        try session.send("?")
        let help = try session.waitFor { $0.contains("any key closes this help") }
        #expect(help.contains("kill the current leader"))
        #expect(help.contains("cycle message loss 0% / 10% / 30%"))
        try session.send("Escape")
        let closed = try session.waitFor { !$0.contains("any key closes this help") }
        #expect(!closed.contains("kill the current leader"))
    }

    @Test func resizeReLaysOutAndTooSmallShowsAMessage() throws {
        let session = try started()
        try session.resize(width: 160, height: 48)
        let large = try session.waitFor { $0.split(separator: "\n").first.map { $0.count > 100 } ?? false }
        #expect(large.contains("term per entry"), "the wide layout shows the log legend")
        try session.resize(width: 60, height: 20)
        let small = try session.waitFor { $0.contains("terminal too small") }
        #expect(small.contains("need 80x24"))
        try session.resize(width: 80, height: 24)
        let back = try session.waitFor { $0.contains("? help") }
        #expect(!back.contains("terminal too small"))
    }

    /// While the terminal is too small nothing a key changes can be seen: keys are ignored, but
    /// for q.
    @Test func keysAreIgnoredWhileTheTerminalIsTooSmall() throws {
        let session = try started()
        try session.resize(width: 60, height: 20)
        try session.waitFor { $0.contains("terminal too small") }
        try session.send("Space")
        try session.send("P")
        Thread.sleep(forTimeInterval: 0.3)
        try session.resize(width: 80, height: 24)
        let back = try session.waitFor { $0.contains("? help") }
        #expect(back.contains("running") && !back.contains("PAUSED"), "space did not pause")
        #expect(!back.contains("PARTITION"), "P did not open the editor")
        try session.resize(width: 60, height: 20)
        try session.waitFor { $0.contains("terminal too small") }
        try session.send("q")
        #expect(try session.waitFor { $0.contains("EXIT=") }.contains("EXIT=0"))
    }

    @Test func quitRestoresTheTerminal() throws {
        let session = try started()
        #expect(try session.modes().hasPrefix("1 0"), "alternate screen on, cursor hidden while running")
        try session.send("q")
        let screen = try session.waitFor { $0.contains("EXIT=") }
        #expect(screen.contains("EXIT=0"))
        #expect(try session.modes() == "0 1 0 0", "normal screen, cursor shown, keypad and mouse off")
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let session = try started()
        try session.send("C-c")
        let screen = try session.waitFor { $0.contains("EXIT=") }
        #expect(screen.contains("EXIT=130"))
        #expect(try session.modes() == "0 1 0 0")
    }

    @Test(arguments: ["default", "light", "high-contrast", "mono", "colorblind"])
    func everyThemeRuns(theme: String) throws {
        let session = try started(["--theme", theme])
        #expect(try session.screen().contains("Quorum"))
        try session.send("q")
        #expect(try session.waitFor { $0.contains("EXIT=") }.contains("EXIT=0"))
    }

    @Test func asciiModeDrawsNoUnicode() throws {
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--ascii"])
        let screen = try session.waitFor { $0.contains("*L n") }
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func pipedStdoutExitsTwoWithAMessage() throws {
        let output = try QuorumBinary.run(["run", "raft"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("use --headless"))
    }
}

/// A live run with keys pressed, recorded, replays exactly.
@Suite("Live recording", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct LiveRecordingTests {
    @Test func keysPressedLiveReplayExactly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString).jsonl").path
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--record", path])
        try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil && $0.contains("REC") }
        for key in ["K", "p", "c", "s", "Enter", "Enter", "h", "3", "z", "l"] {
            try session.send(key)
            Thread.sleep(forTimeInterval: 0.15)
        }
        try session.send("q")
        try session.waitFor { $0.contains("EXIT=") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"type\":\"input\""))
        #expect(text.contains("\"type\":\"end\""))
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}

/// The `R` key records a run already under way; the file holds the whole run and replays exactly.
@Suite("Recording key", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct RecordingKeyTests {
    @Test func recordKeyStartsAndStopsAWholeRunRecording() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rkey-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--seed", "4"], directory: directory)
        try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil }
        try session.send("K")  // before recording starts: must still be in the file
        Thread.sleep(forTimeInterval: 0.3)
        try session.send("R")
        let recording = try session.waitFor { $0.contains("recording to recordings/raft-4-") }
        #expect(recording.contains("REC"))
        try session.send("h")
        Thread.sleep(forTimeInterval: 0.3)
        try session.send("R")
        let stopped = try session.waitFor { $0.contains("recording stopped") }
        #expect(!stopped.split(separator: "\n")[0].contains("REC"))
        try session.send("q")
        try session.waitFor { $0.contains("EXIT=") }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/recordings")
        #expect(files.count == 1)
        let path = directory + "/recordings/" + (files.first ?? "")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"action\":\"kill leader\""), "the input before R is in the file")
        #expect(text.contains("\"type\":\"end\""))
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}

extension RecordingKeyTests {
    /// SIGKILL cannot be caught, so what reaches the file is what was handed over before it: a run
    /// paused for more than a second must have all its events in the file.
    @Test func sigkillLosesAtMostTheLastSecond() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rkill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/killed.jsonl"
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--seed", "4", "--record", path])
        try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil }
        try session.send("Space")
        let paused = try session.waitFor { $0.contains("PAUSED") }
        let header = String(paused.split(separator: "\n")[0])
        let pausedAt = try #require(header.firstMatch(of: /· t ([0-9.]+)s/).flatMap { Double($0.1) })
        Thread.sleep(forTimeInterval: 1.6)
        // The quorum process only, not the shell around it whose command line names the file too.
        _ = system("for pid in $(pgrep -f \(TmuxSession.quote(path))); do [ \"$(cat /proc/$pid/comm)\" = quorum ] && kill -KILL $pid; done")
        try session.waitFor { $0.contains("EXIT=") }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let lastTime = try #require(lines.last { $0.contains("\"type\":\"event\"") }?.firstMatch(of: /"t":([0-9]+)/).flatMap { Double($0.1) })
        // The header shows milliseconds; at speed 1 the cluster sends something every few tens of ms.
        #expect(lastTime / 1e6 > pausedAt - 0.3, "last recorded event at \(lastTime / 1e6)s, paused at \(pausedAt)s")
        #expect(lastTime / 1e6 <= pausedAt + 0.001)
        let replay = try QuorumBinary.run(["replay", path, "--headless"])
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stderr.contains("warning"), "a file without its footer replays with a warning: \(replay.stderr)")
    }
}

/// The replay UI in tmux.
@Suite("Replay UI in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ReplayUITests {
    static let lesson = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recordings/leader-crash.jsonl").path

    @Test func timelineJumpsStepBackGoToAndFork() throws {
        let session = try TmuxSession(["replay", ReplayUITests.lesson])
        let start = try session.waitFor(timeout: 20) { $0.contains("(replay)") && $0.contains("/8.999s") }
        #expect(start.contains("0.000s/8.999s"))
        try session.send("]")
        #expect(try session.waitFor { $0.contains("0.899s/8.999s") }.contains("0.899s/8.999s"))
        try session.send("}")
        let atMark = try session.waitFor { $0.contains("n2 crashed") }
        #expect(atMark.contains("2.000s"))
        try session.send("g", "1", ".", "5", "Enter")
        #expect(try session.waitFor { $0.contains("t 1.500s") }.contains("t 1.500s"))
        try session.send(",")
        let back = try session.waitFor { !$0.contains("t 1.500s") }
        #expect(back.contains("(replay)"))
        try session.send("f")
        let forked = try session.waitFor { $0.contains("forked") }
        #expect(!forked.contains("(replay)"))
        try session.send("q")
        #expect(try session.waitFor { $0.contains("EXIT=") }.contains("EXIT=0"))
    }

    /// The shipped stale read: `v` goes to the read that cannot be linearized.
    @Test func violationKeyGoesToTheStaleRead() throws {
        let path = URL(fileURLWithPath: ReplayUITests.lesson).deletingLastPathComponent().appendingPathComponent("stale-read.jsonl").path
        let session = try TmuxSession(["replay", path])
        try session.waitFor(timeout: 20) { $0.contains("(replay)") }
        try session.send("v")
        let screen = try session.waitFor { $0.contains("cannot be linearized") }
        #expect(screen.contains("c1 op2 get x"))
        #expect(screen.contains("PAUSED"))
        try session.send("q")
        #expect(try session.waitFor { $0.contains("EXIT=") }.contains("EXIT=0"))
    }
}

/// Message mode and going back, in the real binary: the recordings of what was done verify.
@Suite("Taking a run apart in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct TakingARunApartUITests {
    @Test func messageModeDropsAndDeliversAndTheRecordingVerifies() throws {
        // Messages stay in flight long enough that, paused at any moment, there is more than one
        // to select (after one is dropped, Tab must find another, whatever the machine's load).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("steer-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--seed", "4", "--latency", "40ms..60ms", "--record", path], width: 120, height: 35)
        try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil && $0.contains("REC") }
        try session.send("M")
        let mode = try session.waitFor { $0.contains("MESSAGES m") }
        #expect(mode.contains("PAUSED"), "message mode pauses")
        #expect(mode.contains("MESSAGE m"), "the detail panel describes the message")
        try session.send("x")
        try session.waitFor { $0.contains("dropped m") }
        try session.send("Tab")
        try session.send("Enter")
        try session.waitFor { $0.contains("delivered m") || $0.contains("waits at its frozen") }
        try session.send("M")
        try session.waitFor { !$0.contains("MESSAGES m") }
        try session.send("q")
        try session.waitFor { $0.contains("EXIT=") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"action\":\"drop m"))
        #expect(text.contains("\"action\":\"deliver m"))
        #expect(text.contains("(by hand)"))
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// `L` in a store run: the header shows the new levels, the recording holds the input, and
    /// the recording verifies.
    @Test func levelKeyIsRecordedAndTheRecordingVerifies() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("levels-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try TmuxSession(["run", "store", "--speed", "1", "--seed", "4", "--record", path], width: 120, height: 35)
        try session.waitFor(timeout: 20) { $0.contains("R QUORUM W QUORUM") && $0.contains("REC") }
        try session.send("L")
        try session.waitFor { $0.contains("R ONE W ONE") }
        Thread.sleep(forTimeInterval: 0.3)
        try session.send("L")
        try session.waitFor { $0.contains("R QUORUM W QUORUM") }
        try session.send("q")
        try session.waitFor { $0.contains("EXIT=") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"action\":\"workload read-level=ONE write-level=ONE\""))
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func goingBackThenKillForksAndRecordKeyRecordsTheFork() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("past-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--seed", "4"], width: 120, height: 35, directory: directory)
        try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil && $0.contains(" t 1.") }
        try session.send("[")
        let past = try session.waitFor { $0.contains("past t") }
        #expect(past.split(separator: "\n")[0].contains("PAUSED"))
        try session.send("k")
        let forked = try session.waitFor { $0.contains("forked at t") }
        #expect(!forked.split(separator: "\n")[0].contains("past t"))
        try session.send("R")
        try session.waitFor { $0.contains("recording to recordings/") }
        try session.send("Space")
        Thread.sleep(forTimeInterval: 0.5)
        try session.send("R")
        try session.waitFor { $0.contains("recording stopped") }
        try session.send("q")
        try session.waitFor { $0.contains("EXIT=") }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/recordings")
        #expect(files.count == 1)
        let path = directory + "/recordings/" + (files.first ?? "")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"action\":\"kill n1\""), "the fork's kill is in the file")
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
