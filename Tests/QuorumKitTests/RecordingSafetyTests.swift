import Foundation
import Testing

/// A recording is never lost or overwritten in silence: a write error ends the run with a message,
/// a stopped headless run finishes its file as the live UI does, and `--record` cannot name the
/// script being read.
@Suite("Recording safety")
struct RecordingSafetyTests {
    /// /dev/full fails every write with ENOSPC, as a full disk does.
    @Test func aFullDiskEndsAHeadlessRunWithAMessage() throws {
        let output = try QuorumBinary.run(["run", "raft", "--headless", "--duration", "5s", "--record", "/dev/full"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains("cannot write the recording /dev/full: No space left on device"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    func aStoppedHeadlessRunFinishesItsRecording(signal: Int32) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("stopped.jsonl").path
        let process = Process()
        process.executableURL = QuorumBinary.url
        process.arguments = ["run", "raft", "--headless", "--duration", "100000s", "--record", path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the run is well under way (past the header and the first batches).
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0) < 100_000 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, signal)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal, "\(message)")
        #expect(message.contains("ends there"), "\(message)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").last?.contains("\"type\":\"end\"") == true, "the footer is the last line")
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test(arguments: [false, true])
    func recordingOverTheScriptIsRefused(throughALink: Bool) throws {
        let script = try QuorumBinary.temporaryFile("lesson.txt", "at 1s kill n1\n")
        var target = script
        if throughALink {
            target = URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent("link.jsonl").path
            try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: script)
        }
        let output = try QuorumBinary.run(["run", "raft", "--headless", "--duration", "2s", "--script", script, "--record", target])
        #expect(output.status == 2)
        #expect(output.stderr.contains("is the file given to --script"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: script, encoding: .utf8) == "at 1s kill n1\n", "the script is untouched")
    }
}

/// The live UI says at once that its recording failed, and again on exit.
@Suite("Recording safety in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct LiveRecordingFailureTests {
    @Test func aFullDiskShowsInTheHeaderAndOnExit() throws {
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--record", "/dev/full"])
        let screen = try session.waitFor(timeout: 20) { $0.contains("REC FAILED") }
        #expect(screen.split(separator: "\n").first?.contains("REC FAILED") == true, "in the header: \(screen)")
        try session.send("q")
        let after = try session.waitFor { $0.contains("EXIT=") }
        #expect(after.contains("cannot write the recording /dev/full: No space left on device"))
        #expect(after.contains("EXIT=1"))
    }
}

/// Options that do not apply are refused, not ignored; the bare command takes the live options.
@Suite("Live and headless options")
struct LiveOptionTests {
    @Test(arguments: [["--theme", "light"], ["--theme", "/no/such/theme.toml"], ["--paused"], ["--speed", "2"], ["--ascii"]])
    func headlessRefusesLiveOptions(options: [String]) throws {
        let output = try QuorumBinary.run(["run", "raft", "--headless", "--duration", "1s"] + options)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("quorum: \(options[0]): applies to the live UI only"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(output.stdout.isEmpty)
    }

    /// A replay that only verifies or summarises refuses them as `run --headless` does.
    @Test(arguments: [["--verify", "--theme", "light"], ["--headless", "--ascii"]])
    func replayWithoutUIRefusesLookOptions(options: [String]) throws {
        let output = try QuorumBinary.run(["replay", "never-read.jsonl"] + options)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("quorum: \(options[1]): applies to the live UI only; \(options[0]) draws nothing"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1 && output.stdout.isEmpty)
    }

    /// Without a terminal the live UI says it needs one: the options were accepted.
    @Test(arguments: [["--theme", "light"], ["--ascii"], ["--paused"], ["--speed", "2"]])
    func bareCommandTakesLiveOptions(options: [String]) throws {
        let output = try QuorumBinary.run(options)
        #expect(output.status == 2)
        #expect(output.stderr.contains("use --headless"), "\(output.stderr)")
    }
}

/// `--duration` in the live UI stops the run there and says so.
@Suite("Live duration in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct LiveDurationTests {
    @Test func liveRunStopsAtItsDuration() throws {
        let session = try TmuxSession(["run", "raft", "--speed", "1", "--duration", "1s"])
        let screen = try session.waitFor(timeout: 20) { $0.contains("ENDED") }
        let header = String(screen.split(separator: "\n").first ?? "")
        #expect(header.contains("t 1.000s") && header.contains("ENDED"), "\(header)")
        try session.send("q")
        #expect(try session.waitFor { $0.contains("EXIT=") }.contains("EXIT=0"))
    }
}
