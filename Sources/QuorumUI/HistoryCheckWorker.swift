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
    }

    private struct State {
        var running = false
        var latest: Verdicts?
        var checkedCount = -1
    }

    private let state = Mutex(State())
    private let budgetSeconds: Double

    public init(budgetSeconds: Double = 0.5) {
        self.budgetSeconds = budgetSeconds
    }

    public var latest: Verdicts? { state.withLock { $0.latest } }

    /// Starts a check of `history` unless one is running or this history was already checked.
    public func submit(_ history: [HistoryEntry]) {
        let start = state.withLock { state -> Bool in
            guard !state.running, state.checkedCount != history.count else { return false }
            state.running = true
            return true
        }
        guard start else { return }
        let budget = budgetSeconds
        DispatchQueue.global(qos: .utility).async { [self] in
            let verdicts = HistoryCheckWorker.check(history, budgetSeconds: budget)
            state.withLock {
                $0.latest = verdicts
                $0.checkedCount = history.count
                $0.running = false
            }
        }
    }

    /// The same check, on the calling thread (tests and headless use).
    public static func check(_ history: [HistoryEntry], budgetSeconds: Double) -> Verdicts {
        let operations = HistoryAdapter.operations(from: history)
        let linearizability = LinearizabilityChecker(model: .register, timeoutSeconds: budgetSeconds).check(operations)
        let sequential = SequentialConsistencyChecker(model: .register, timeoutSeconds: budgetSeconds)
            .check(operations, knownLinearizable: linearizability.verdict == .linearizable)
        return Verdicts(operations: operations.count, linearizability: linearizability, sequentialConsistency: sequential)
    }
}
