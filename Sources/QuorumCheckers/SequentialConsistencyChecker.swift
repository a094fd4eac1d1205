/// Sequential consistency (Lamport 1979): is there one total order of all operations, respecting
/// each client's own order (but not real time), in which every operation answers what it answered?
///
/// An operation whose outcome is unknown (the client gave up) follows Jepsen's convention: it is
/// concurrent with the rest of its client's later operations, so it may take effect at any point
/// after the client's earlier operations, or never. A read with an unknown outcome constrains nothing.
///
/// A linearizable history is sequentially consistent, so that is tried first. Otherwise
/// `InterleavingSearch` searches the interleavings of the clients' sequences, with the reductions
/// described there. Its budget is a count of search steps, so verdicts are the same on every machine.
public struct SequentialConsistencyChecker: Sendable {
    public var model: KeyValueModel
    public var budget: SearchBudget

    /// Search steps (interleaving nodes expanded) per nominal second: what a release build does per
    /// second on this project's 2-core machine on the costliest corpus histories (kv/c50-bad, about
    /// 4 to 7 µs a step; etcd histories are cheaper). Converts durations people give to step budgets,
    /// so that the default gives up in about 100 ms of wall time even there.
    public static let stepsPerNominalSecond = 250_000
    /// About 100 ms: decides all but a few histories of the Porcupine corpus (see README).
    public static let defaultBudget = SearchBudget(steps: stepsPerNominalSecond / 10)

    public init(model: KeyValueModel = .register, budget: SearchBudget = SequentialConsistencyChecker.defaultBudget) {
        self.model = model
        self.budget = budget
    }

    /// A budget of `timeoutSeconds` nominal seconds, as a step count (deterministic).
    public init(model: KeyValueModel = .register, timeoutSeconds: Double) {
        self.init(model: model, budget: SearchBudget(steps: SearchBudget.steps(seconds: timeoutSeconds, rate: SequentialConsistencyChecker.stepsPerNominalSecond)))
    }

    /// `knownLinearizable` saves the linearizability search when the caller already knows.
    public func check(_ operations: [CheckedOperation], knownLinearizable: Bool? = nil) -> Verdict {
        if knownLinearizable == true { return .linearizable }
        if knownLinearizable == nil, LinearizabilityChecker(model: model, budget: SearchBudget(steps: budget.steps, deadlineNanos: budget.deadlineNanos))
            .check(operations).verdict == .linearizable {
            return .linearizable
        }
        var search = InterleavingSearch(operations: operations, model: model, budget: budget)
        return search.run()
    }

    /// The search alone, without trying linearizability first (tests compare it with an oracle).
    public func searchInterleavings(_ operations: [CheckedOperation]) -> Verdict {
        searchInterleavingsCountingSteps(operations).verdict
    }

    /// The same, with the search steps it took (deterministic; `quorum bench check` reports them).
    public func searchInterleavingsCountingSteps(_ operations: [CheckedOperation]) -> (verdict: Verdict, steps: Int) {
        var search = InterleavingSearch(operations: operations, model: model, budget: budget)
        let verdict = search.run()
        return (verdict, search.steps)
    }
}
