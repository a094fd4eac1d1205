import QuorumCore

/// Settings of the eventually consistent store.
public struct GossipConfig: Hashable, Sendable {
    /// What a replica does with two concurrent versions of a key.
    public enum Resolution: String, Hashable, Sendable, CaseIterable {
        /// Last writer wins: the version with the later writer's local timestamp survives, the replica
        /// id breaking ties. The other is dropped silently.
        case lww
        /// Keep every concurrent version (Dynamo, Riak) until a client writes with a context that
        /// saw them.
        case siblings
    }

    public var resolution: Resolution
    /// How far apart the replicas' wall clocks are: n1 runs this far ahead of true time, the last
    /// replica on true time, the others evenly in between.
    public var clockSkewMicros: Int64
    /// Every replica starts an anti-entropy exchange with one random peer this often (with ±20%
    /// jitter, so that rounds do not synchronise).
    public var antiEntropyIntervalMicros: Int64
    /// Push every write to all peers at once (best effort; anti-entropy repairs what is lost).
    public var pushWrites: Bool
    /// Every write is blind: replicas hand out no contexts and ignore any a client sends, so each
    /// write stands beside what is there (the sibling explosion of Riak clients that never read).
    public var blindWrites: Bool

    public init(resolution: Resolution = .siblings, clockSkewMicros: Int64 = 0, antiEntropyIntervalMicros: Int64 = 500_000,
                pushWrites: Bool = true, blindWrites: Bool = false) {
        self.resolution = resolution
        self.clockSkewMicros = clockSkewMicros
        self.antiEntropyIntervalMicros = antiEntropyIntervalMicros
        self.pushWrites = pushWrites
        self.blindWrites = blindWrites
    }

    /// How far replica `index`'s clock runs ahead of true time.
    public func clockOffsetMicros(of index: Int, clusterSize: Int) -> Int64 {
        guard clusterSize > 1 else { return clockSkewMicros }
        return clockSkewMicros * Int64(clusterSize - 1 - index) / Int64(clusterSize - 1)
    }
}
