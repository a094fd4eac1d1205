import Foundation

/// The real binary in a private tmux server: send keys, read the screen. Polls for what it waits
/// for instead of sleeping a fixed time.
final class TmuxSession {
    let socket = "quorum-test-\(UUID().uuidString.prefix(8))"
    let name = "app"
    /// What `waitFor` saw when the session was ready (set by the tests).
    var firstScreen = ""

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux") }

    /// Starts `quorum <arguments>` in a width x height pane. The pane stays after exit and prints
    /// the exit status, so tests can read both.
    /// `directory`: where the program runs (its relative paths, e.g. `recordings/`, land there).
    init(_ arguments: [String], width: Int = 80, height: Int = 24, directory: String? = nil) throws {
        let command = ([QuorumBinary.url.path] + arguments).map(TmuxSession.quote).joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height)] + (directory.map { ["-c", $0] } ?? []) + [
                  "env LANG=C.UTF-8 TERM=tmux-256color \(command); echo EXIT=$?; sleep 60"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux command through the shell, its output through a file. (Foundation's Process
    /// left the tmux client unreaped here, and a pipe would be held open by the tmux server.)
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let words = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        let command = words.map(TmuxSession.quote).joined(separator: " ") + " </dev/null >\(TmuxSession.quote(outputPath)) 2>/dev/null"
        _ = system(command)
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The pane's terminal modes: alternate screen, cursor visible, keypad, mouse.
    func modes() throws -> String {
        try tmux(["display", "-p", "-t", name, "#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{mouse_any_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the screen satisfies `condition`; returns the last screen seen.
    @discardableResult
    func waitFor(timeout: TimeInterval = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return last
    }

    /// The node whose card shows the leader glyph ("★L n3").
    static func leader(in screen: String) -> String? {
        guard let range = screen.range(of: #"★L n[0-9]"#, options: .regularExpression) else { return nil }
        return String(screen[range].suffix(2))
    }
}
