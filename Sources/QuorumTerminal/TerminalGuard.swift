@preconcurrency import CNcurses
import Glibc
import Synchronization

/// Restores the terminal whatever happens: on quit, on Ctrl-C, SIGTERM and SIGHUP (which set a flag
/// the loop checks), and on a crash (the handler restores the screen and the saved terminal modes,
/// replays what was written to standard error while curses owned the screen, then lets the crash
/// proceed so its report is readable).
enum TerminalGuard {
    /// The signal that asked us to stop, or 0.
    static let stopSignal = Atomic<Int32>(0)

    nonisolated(unsafe) static var savedTermios = termios()
    nonisolated(unsafe) static var hasSavedTermios = false
    nonisolated(unsafe) static var cursesActive = false
    nonisolated(unsafe) static var savedStderr: Int32 = -1
    nonisolated(unsafe) static var capturedStderr: Int32 = -1
    nonisolated(unsafe) static var previousCrashActions: [Int32: sigaction] = [:]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Call before curses starts: the modes saved here are the ones restored.
    static func install() {
        if tcgetattr(0, &savedTermios) == 0 { hasSavedTermios = true }
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in TerminalGuard.stopSignal.store(number, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: the signal interrupts the input wait
            sigaction(signal, &action, nil)
        }
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in TerminalGuard.crashed(number) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            previousCrashActions[signal] = previous
        }
        captureStandardError()
    }

    /// While curses owns the screen, standard error goes to a temporary file (text written to the
    /// terminal now would be lost when the alternate screen closes).
    private static func captureStandardError() {
        var template = Array("/tmp/quorum-stderr-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        savedStderr = dup(2)
        capturedStderr = descriptor
        dup2(descriptor, 2)
    }

    /// Ends curses, restores modes and standard error, and replays what was captured.
    static func restore() {
        if cursesActive, isendwin() == false { endwin() }
        cursesActive = false
        if hasSavedTermios { tcsetattr(0, TCSANOW, &savedTermios) }
        guard savedStderr >= 0 else { return }
        dup2(savedStderr, 2)
        close(savedStderr)
        savedStderr = -1
        if capturedStderr >= 0 {
            lseek(capturedStderr, 0, SEEK_SET)
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(capturedStderr, $0.baseAddress, 4096) }
                if count <= 0 { break }
                _ = chunk.withUnsafeBytes { write(2, $0.baseAddress, count) }
            }
            close(capturedStderr)
            capturedStderr = -1
        }
    }

    /// A crash: restore the terminal, then re-raise with the previous (Swift backtracer's) action.
    /// Not async-signal-safe in the strict sense; acceptable for a process that is dying anyway.
    private static func crashed(_ signal: Int32) {
        restore()
        if var previous = previousCrashActions[signal] { sigaction(signal, &previous, nil) }
        raise(signal)
    }
}
