/// Random faults for sweeps, in the manner of TigerBeetle's VOPR: every so often one fault is
/// injected or undone, drawn from the run's own "faults" random stream.
public struct FaultSettings: Hashable, Sendable {
    public var intervalMinMicros: Int64
    public var intervalMaxMicros: Int64
    public var partitions: Bool
    public var crashes: Bool
    public var freezes: Bool
    public var cuts: Bool
    /// Faults stop being injected at this time (the liveness phase begins).
    public var until: SimTime

    public init(intervalMinMicros: Int64 = 200_000, intervalMaxMicros: Int64 = 1_500_000,
                partitions: Bool = true, crashes: Bool = true, freezes: Bool = true, cuts: Bool = true,
                until: SimTime) {
        self.intervalMinMicros = intervalMinMicros
        self.intervalMaxMicros = intervalMaxMicros
        self.partitions = partitions
        self.crashes = crashes
        self.freezes = freezes
        self.cuts = cuts
        self.until = until
    }
}
