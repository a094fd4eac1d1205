import Foundation
import Testing

/// Every signal that ends the live UI restores the terminal first; Ctrl-\ (SIGQUIT) ends it like
/// SIGTERM, and a signal sent with `kill` ends the program instead of letting it run on.
@Suite("Live UI and signals", .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct FatalSignalTests {
    private func started() throws -> TmuxSession {
        let session = try TmuxSession(["run", "raft", "--speed", "1"])
        try session.waitFor(timeout: 20) { TmuxSession.leader(in: $0) != nil }
        return session
    }

    @Test func ctrlBackslashEndsLikeSigterm() throws {
        let session = try started()
        try session.send("C-\\")
        let screen = try session.waitFor(timeout: 20) { $0.contains("EXIT=") }
        #expect(screen.contains("EXIT=131"), "128 + SIGQUIT: \(screen)")
        #expect(!screen.contains("Program crashed"), "no backtrace for a request to stop")
        #expect(try session.modes() == "0 1 0 0", "normal screen, cursor shown, keypad and mouse off")
    }

    /// SIGSEGV and SIGABRT as `kill` sends them (no fault to recur), and a signal no one handles.
    @Test(arguments: [("SEGV", 139), ("ABRT", 134), ("USR1", 138)])
    func fatalSignalRestoresTheTerminalAndEnds(signal: String, status: Int) throws {
        let session = try started()
        let pid = try #require(try session.programPID())
        _ = system("kill -\(signal) \(pid)")
        let screen = try session.waitFor(timeout: 30) { $0.contains("EXIT=") }
        #expect(screen.contains("EXIT=\(status)"), "\(screen)")
        #expect(!screen.contains("Press space to interact"), "the backtracer does not wait for a key")
        #expect(try session.modes() == "0 1 0 0")
    }
}

extension TmuxSession {
    /// The quorum process in the pane (the pane's shell runs it as its child).
    func programPID() throws -> Int32? {
        let shell = try tmux(["display", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        for child in children.split(separator: " ") {
            let command = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? ""
            if command.hasPrefix("quorum") { return Int32(child) }
        }
        return nil
    }
}
