/// Random faults for sweeps, in the manner of TigerBeetle's VOPR: every so often one fault is
/// injected or undone, drawn from the run's own "faults" random stream.
public struct FaultSettings: Hashable, Sendable {
    public var intervalMinMicros: Int64
    public var intervalMaxMicros: Int64
    public var partitions: Bool
    public var crashes: Bool
    public var freezes: Bool
    public var cuts: Bool
    /// Storage faults: a node is armed to crash in the middle of a later handler that both persists
    /// and sends, after a random prefix of its effects (in the order the node listed them): what it
    /// persisted before the cut is on disk, the sends and replies after it never happen. A protocol
    /// that persists before it sends is safe from it; one that sends first is not.
    public var crashesMidHandler: Bool
    /// At most this many nodes misbehave at once (`silent`, `delay` or a protocol's own Byzantine
    /// mode, drawn at random); they stay so through the liveness phase, as faulty replicas would.
    public var byzantine: Int = 0
    /// Faults stop being injected at this time (the liveness phase begins).
    public var until: SimTime
    /// What the liveness phase keeps of the faults.
    public var livenessFaults: LivenessFaults

    /// What stays broken while a sweep checks that the cluster still makes progress.
    public enum LivenessFaults: String, Hashable, Sendable, CaseIterable {
        /// Everything is healed, restarted and unfrozen.
        case none
        /// As TigerBeetle's VOPR does: up to a minority of the nodes (at least one) stays crashed or
        /// cut off from the rest; the majority must still make progress.
        case minority
    }

    public init(intervalMinMicros: Int64 = 200_000, intervalMaxMicros: Int64 = 1_500_000,
                partitions: Bool = true, crashes: Bool = true, freezes: Bool = true, cuts: Bool = true,
                crashesMidHandler: Bool = true, until: SimTime, livenessFaults: LivenessFaults = .none) {
        self.intervalMinMicros = intervalMinMicros
        self.intervalMaxMicros = intervalMaxMicros
        self.partitions = partitions
        self.crashes = crashes
        self.freezes = freezes
        self.cuts = cuts
        self.crashesMidHandler = crashesMidHandler
        self.until = until
        self.livenessFaults = livenessFaults
    }
}
