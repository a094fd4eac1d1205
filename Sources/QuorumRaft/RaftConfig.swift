/// Raft's timing and options. Defaults follow the paper's suggested ranges (§9.3: 150-300 ms
/// election timeouts, heartbeats well below them).
public struct RaftConfig: Sendable, Hashable {
    public var electionTimeoutMinMicros: Int64
    public var electionTimeoutMaxMicros: Int64
    public var heartbeatIntervalMicros: Int64
    /// Most entries carried by one AppendEntries.
    public var maxEntriesPerAppend: Int
    /// A leader that has not heard from a majority within an election timeout steps down
    /// (dissertation §6.2), so a leader cut off in a minority stops claiming leadership.
    public var checkQuorum: Bool
    /// Unsafe on purpose: any node answers `get` from its local state at once, without going
    /// through the log, so a class can watch a stale read happen. Off by default.
    public var staleReads: Bool
    /// Pre-vote (dissertation §9.6): a would-be candidate first asks whether it could win, without
    /// raising its term, so a node cut off from the majority does not inflate terms and depose the
    /// leader when it returns.
    public var preVote: Bool

    public init(electionTimeoutMinMicros: Int64 = 150_000, electionTimeoutMaxMicros: Int64 = 300_000,
                heartbeatIntervalMicros: Int64 = 50_000, maxEntriesPerAppend: Int = 64, checkQuorum: Bool = true,
                staleReads: Bool = false, preVote: Bool = false) {
        self.electionTimeoutMinMicros = electionTimeoutMinMicros
        self.electionTimeoutMaxMicros = electionTimeoutMaxMicros
        self.heartbeatIntervalMicros = heartbeatIntervalMicros
        self.maxEntriesPerAppend = maxEntriesPerAppend
        self.checkQuorum = checkQuorum
        self.staleReads = staleReads
        self.preVote = preVote
    }
}

/// A Raft server's role (§5.1).
public enum RaftRole: String, Sendable, Hashable {
    case follower
    /// Asking for pre-votes (§9.6), term unchanged.
    case preCandidate = "pre-candidate"
    case candidate, leader
}
