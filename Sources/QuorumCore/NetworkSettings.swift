/// How the simulated network treats each message between nodes.
public struct NetworkSettings: Hashable, Sendable, CustomStringConvertible {
    /// One-way latency is drawn uniformly from this range for every message.
    public var latencyMinMicros: Int64
    public var latencyMaxMicros: Int64
    public var loss: Probability
    public var duplication: Probability
    /// Chance that a message is held back by up to twice the maximum latency, so that it overtakes
    /// (or is overtaken by) later ones.
    public var reordering: Probability

    public init(
        latencyMinMicros: Int64 = 5_000, latencyMaxMicros: Int64 = 25_000,
        loss: Probability = .zero, duplication: Probability = .zero, reordering: Probability = .zero
    ) {
        self.latencyMinMicros = latencyMinMicros
        self.latencyMaxMicros = latencyMaxMicros
        self.loss = loss
        self.duplication = duplication
        self.reordering = reordering
    }

    public var latencyDescription: String {
        DurationParsing.describe(micros: latencyMinMicros) + ".." + DurationParsing.describe(micros: latencyMaxMicros)
    }

    public var description: String {
        "latency:\(latencyDescription) loss:\(loss) dup:\(duplication) reorder:\(reordering)"
    }
}
