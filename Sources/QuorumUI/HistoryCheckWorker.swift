import Dispatch
import QuorumCheckers
import QuorumCore
import Synchronization

/// Re-checks the client history off the UI thread, so the UI never stutters: one check at a time,
/// each within a budget of search steps (`budgetSeconds` nominal seconds, so the verdict is the same
/// on every machine); the latest verdict is read by the frame loop. Operations in a counterexample
/// print as the event log names them (`c1 op12 get x -> value 1`, see `CheckedOperation.Dialect`).
public final class HistoryCheckWorker: Sendable {
    public struct Verdicts: Sendable {
        public var operations: Int
        public var linearizability: LinearizabilityResult
        public var sequentialConsistency: Verdict
        /// Checked over a window of the most recent operations (`CheckWindow`), not the whole history.
        public var isWindow = false
    }

    private struct State {
        var running = false
        var latest: Verdicts?
        var checkedCount = -1
    }

    private let state = Mutex(State())
    private let budgetSeconds: Double

    public init(budgetSeconds: Double = 0.5, windowLimit: Int = CheckWindow.defaultLimit) {
        self.budgetSeconds = budgetSeconds
        self.windowLimit = windowLimit
    }

    public var latest: Verdicts? { state.withLock { $0.latest } }

    /// Starts a check of `history` unless one is running or this history was already checked. A
    /// long history is checked over a window of its most recent operations (`CheckWindow`), so a
    /// check costs about the same at any length; a violation once found stays shown.
    public func submit(_ history: [HistoryEntry]) {
        let start = state.withLock { state -> Bool in
            guard !state.running, state.checkedCount != history.count else { return false }
            state.running = true
            return true
        }
        guard start else { return }
        let budget = budgetSeconds
        let window = CheckWindow.of(history, limit: windowLimit)  // bounded work, on the caller's thread
        let count = history.count
        DispatchQueue.global(qos: .utility).async { [self] in
            var verdicts = HistoryCheckWorker.check(window.operations, budgetSeconds: budget)
            verdicts.operations = window.windowCount
            verdicts.isWindow = window.isWindow
            state.withLock {
                if $0.latest?.linearizability.verdict != .notLinearizable { $0.latest = verdicts }
                $0.checkedCount = count
                $0.running = false
            }
        }
    }

    /// Operations beyond which the panel checks a window of the most recent ones.
    public let windowLimit: Int

    /// The same check, on the calling thread (tests and headless use).
    public static func check(_ history: [HistoryEntry], budgetSeconds: Double) -> Verdicts {
        check(HistoryAdapter.operations(from: history), budgetSeconds: budgetSeconds)
    }

    public static func check(_ operations: [CheckedOperation], budgetSeconds: Double) -> Verdicts {
        let linearizability = LinearizabilityChecker(model: .register, timeoutSeconds: budgetSeconds).check(operations)
        let sequential = SequentialConsistencyChecker(model: .register, timeoutSeconds: budgetSeconds)
            .check(operations, knownLinearizable: linearizability.verdict == .linearizable)
        return Verdicts(operations: operations.count, linearizability: linearizability, sequentialConsistency: sequential)
    }
}
