import QuorumCore
import QuorumRaft
import QuorumCheckers

/// Everything a headless run needs: the simulation config, the script, how long, what to check.
public struct RunPlan: Sendable {
    public var config: SimulationConfig<RaftConfig>
    public var scenario: Scenario
    public var duration: SimTime
    public var checkInvariants: Bool
    /// Random faults until this time, then a liveness phase (sweeps).
    public var faults: FaultSettings?
    public var livenessBound: SimTime?
    /// How far ahead script `every` lines are scheduled (live runs go on past `duration`).
    public var scriptHorizon: SimTime?
    /// Check the client history for linearizability at the end (seconds of budget; nil: don't).
    public var linearizabilityBudgetSeconds: Double?

    public init(config: SimulationConfig<RaftConfig>, scenario: Scenario = .empty, duration: SimTime,
                checkInvariants: Bool, faults: FaultSettings? = nil, livenessBound: SimTime? = nil) {
        self.config = config
        self.scenario = scenario
        self.duration = duration
        self.checkInvariants = checkInvariants
        self.faults = faults
        self.livenessBound = livenessBound
    }
}

/// What a run produced, for the summary.
public struct RunReport: Sendable {
    public var protocolName: String
    public var seed: UInt64
    public var nodeCount: Int
    public var simulatedTime: SimTime
    public var stats: RunStats
    public var committedEntries: Int
    public var clientOpsOk = 0
    public var clientOpsFailed = 0
    public var clientOpsUnknown = 0
    public var violations: [String]
    public var livenessFailure: String?
    public var wallSeconds: Double
    /// FNV-1a over every event's description, when asked for.
    public var eventDigest: UInt64?
    public var linearizability: LinearizabilityResult?
    public var sequentialConsistency: Verdict?

    public var eventsPerSecond: Double { wallSeconds > 0 ? Double(stats.events) / wallSeconds : 0 }

    /// A run fails on an invariant violation, a liveness failure, or a history that is not
    /// linearizable although the protocol promises it (not in the unsafe stale-reads mode).
    public var failed: Bool { !violations.isEmpty || livenessFailure != nil || linearizabilityFailure != nil }

    public var linearizabilityFailure: String? {
        guard expectsLinearizable, let linearizability, linearizability.verdict == .notLinearizable else { return nil }
        return "linearizability: the client history is not linearizable\n" + (linearizability.counterexample?.description ?? "")
    }

    /// False in modes that knowingly give up linearizability (stale reads).
    public var expectsLinearizable = true
}
