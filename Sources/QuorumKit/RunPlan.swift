import QuorumCore

/// Everything a headless run needs: the simulation config, the script, how long, what to check.
public struct RunPlan<Node: RunnableNode>: Sendable {
    public var config: SimulationConfig<Node.Config>
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

    public init(config: SimulationConfig<Node.Config>, scenario: Scenario = .empty, duration: SimTime,
                checkInvariants: Bool, faults: FaultSettings? = nil, livenessBound: SimTime? = nil) {
        self.config = config
        self.scenario = scenario
        self.duration = duration
        self.checkInvariants = checkInvariants
        self.faults = faults
        self.livenessBound = livenessBound
    }

    /// A simulator for this plan with the script scheduled up to `horizon`.
    func makeSimulator(scriptUntil horizon: SimTime) -> Simulator<Node> {
        let simulator = Simulator<Node>(config: config)
        scenario.schedule(on: simulator, until: horizon)
        return simulator
    }
}
