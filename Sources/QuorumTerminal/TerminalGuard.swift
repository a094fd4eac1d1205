@preconcurrency import CNcurses
import Glibc

/// Restores the terminal whatever happens: on quit, on Ctrl-C, Ctrl-\\, SIGTERM and SIGHUP (which
/// set a flag the loop checks, `StopSignal`), and on every other signal that ends the program (the
/// handler restores the screen and the saved terminal modes, replays what was written to standard
/// error while curses owned the screen, then lets the signal proceed, so a crash report is
/// readable and the exit status is the signal's).
enum TerminalGuard {

    nonisolated(unsafe) static var savedTermios = termios()
    nonisolated(unsafe) static var hasSavedTermios = false
    nonisolated(unsafe) static var cursesActive = false
    nonisolated(unsafe) static var savedStderr: Int32 = -1
    nonisolated(unsafe) static var capturedStderr: Int32 = -1
    nonisolated(unsafe) static var previousFatalActions: [Int32: sigaction] = [:]
    /// Signals whose default action ends the process, other than the stop signals: crashes (which
    /// Swift's backtracer reports) and the rest (a stray `kill -USR1` must not leave the terminal
    /// in raw mode either).
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS, SIGXCPU, SIGXFSZ,
                                        SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGPIPE]

    /// Call before curses starts: the modes saved here are the ones restored.
    static func install() {
        if tcgetattr(0, &savedTermios) == 0 { hasSavedTermios = true }
        StopSignal.install()
        StopSignal.unblock(fatalSignals)
        for signal in fatalSignals {
            var previous = sigaction()
            sigaction(signal, nil, &previous)
            // An ignored signal stays ignored (a parent may have asked for that, e.g. for SIGPIPE).
            if let handler = previous.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) == 1 { continue }  // SIG_IGN
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, info, context in TerminalGuard.fatal(number, info, context) }
            sigemptyset(&action.sa_mask)
            // On the alternate stack the runtime set up, as the backtracer's own handler is: a stack
            // overflow must reach it too.
            action.sa_flags = Int32(SA_SIGINFO) | Int32(truncatingIfNeeded: SA_RESETHAND) | Int32(SA_ONSTACK)
            sigaction(signal, &action, nil)
            previousFatalActions[signal] = previous
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

    /// A fatal signal: restore the terminal, let the previous handler (Swift's backtracer, for a
    /// crash) report it, then end the process with the signal. The previous handler is called
    /// here rather than re-raised into: for a signal sent with `kill` (not a fault), the
    /// backtracer reports and returns, and the program would run on with the terminal restored
    /// under it. Standard input becomes /dev/null first, so the backtracer does not wait for a key
    /// ("Press space to interact"). Not async-signal-safe in the strict sense; acceptable for a
    /// process that is dying anyway.
    private static func fatal(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        restore()
        let empty = open("/dev/null", O_RDONLY)
        if empty >= 0 { dup2(empty, 0) }
        if let previous = previousFatalActions[signal] {
            if previous.sa_flags & Int32(truncatingIfNeeded: SA_SIGINFO) != 0 {
                previous.__sigaction_handler.sa_sigaction?(signal, info, context)
            } else if let handler = previous.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) != 1 {
                handler(signal)
            }
        }
        // Blocked while this handler runs: delivered, with the default action, when it returns
        // (a fault would also recur at once and meet the default action).
        var defaultAction = sigaction()
        sigemptyset(&defaultAction.sa_mask)
        sigaction(signal, &defaultAction, nil)
        raise(signal)
    }
}
