import Glibc
import Synchronization

/// The signals that ask Quorum to stop (Ctrl-C, Ctrl-\, `kill`, a closed terminal): a handler
/// notes the signal, and the loop that is running (the live UI's frame loop, a headless run)
/// stops at its next check, finishes its recording and exits with 128 + the signal, as a shell
/// expects. No work is done in the handler itself.
public enum StopSignal {
    /// SIGQUIT too: Swift's backtracer would otherwise catch it, print a backtrace over the
    /// screen, wait for a key and let the program run on.
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    private static let received = Atomic<Int32>(0)

    /// The signal that asked us to stop, or 0.
    public static var current: Int32 { received.load(ordering: .relaxed) }

    /// Installs the handlers (again installing is harmless), and unblocks the signals on this
    /// thread: a process inherits its parent's blocked set (a test runner's worker thread, say),
    /// and a blocked SIGTERM would wait forever.
    public static func install() {
        unblock(handled)
        for signal in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in StopSignal.received.store(number, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: the signal interrupts the input wait
            sigaction(signal, &action, nil)
        }
    }

    /// `SIGINT` for 2, for messages.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        case SIGQUIT: return "SIGQUIT"
        default: return "signal \(signal)"
        }
    }

    /// Removes the signals from the calling thread's blocked set.
    static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
