/// How a Paxos cluster runs.
public struct PaxosConfig: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable {
        /// Multi-Paxos: a log of slots and a distinguished proposer (Paxos Made Simple §3).
        case multi
        /// One decree, several proposers (§2).
        case single
    }

    public var mode: Mode
    /// Randomized back-off: election timeouts are drawn at random and a pre-empted proposer
    /// waits a random, growing time before its next ballot. Without it timeouts are fixed and a
    /// pre-empted proposer tries again at once, so two proposers can duel forever (§2.4's
    /// livelock).
    public var backoff: Bool
    /// A follower that hears nothing from the leader this long starts Phase 1 (with back-off, a
    /// random time between this and twice this).
    public var electionTimeoutMicros: Int64
    /// How often a leader sends heartbeats (and sends again the accepts still unanswered).
    public var heartbeatIntervalMicros: Int64
    /// A mutation for tests: the proposer ignores the accepted values that promises carry and
    /// proposes its own (breaking §2.2 P2c). The sweep must catch it.
    public var ignoresPromisedValues: Bool

    public init(mode: Mode = .multi, backoff: Bool = true, electionTimeoutMicros: Int64 = 300_000, heartbeatIntervalMicros: Int64 = 60_000,
                ignoresPromisedValues: Bool = false) {
        precondition(electionTimeoutMicros > 0 && heartbeatIntervalMicros > 0, "timeouts are positive")
        self.mode = mode
        self.backoff = backoff
        self.electionTimeoutMicros = electionTimeoutMicros
        self.heartbeatIntervalMicros = heartbeatIntervalMicros
        self.ignoresPromisedValues = ignoresPromisedValues
    }
}
