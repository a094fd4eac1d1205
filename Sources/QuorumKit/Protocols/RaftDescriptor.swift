import ArgumentParser
import QuorumCore
import QuorumRaft

/// Raft (Ongaro & Ousterhout 2014) as the command line knows it.
public enum RaftDescriptor: ProtocolDescriptor {
    public typealias Node = RaftNode
    public static let summary = "Raft consensus: leader election, log replication, commitment (default 5 nodes)."
    public static let defaultNodeCount = 5

    /// `quorum run raft` options.
    public struct RunOptions: ProtocolOptions {
        @Flag(help: "Check Raft's five safety properties after every event; exit 1 on a violation.")
        public var checkInvariants = false

        @Flag(help: "Unsafe on purpose: every node answers reads from its local state (watch stale reads happen).")
        var staleReads = false

        @Flag(help: "Pre-vote (dissertation §9.6), so that a node cut off from the majority does not raise its term.")
        var preVote = false

        public init() {}

        public func nodeConfig() throws(InputError) -> RaftConfig { RaftConfig(staleReads: staleReads, preVote: preVote) }

        public var commandLineWords: [String] {
            (staleReads ? ["--stale-reads"] : []) + (preVote ? ["--pre-vote"] : []) + (checkInvariants ? ["--check-invariants"] : [])
        }

        public var reproduceWords: [String] {
            (staleReads ? ["--stale-reads"] : []) + (preVote ? ["--pre-vote"] : []) + ["--check-invariants"]
        }
    }

    /// `quorum sweep raft` options (invariants are always checked in a sweep).
    public struct SweepOptions: ProtocolOptions {
        @Flag(help: "Pre-vote (dissertation §9.6).")
        var preVote = false

        public init() {}

        public func nodeConfig() throws(InputError) -> RaftConfig { RaftConfig(preVote: preVote) }
        public var commandLineWords: [String] { preVote ? ["--pre-vote"] : [] }
        public var checkInvariants: Bool { true }
    }
}
