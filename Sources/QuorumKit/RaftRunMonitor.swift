import QuorumCore
import QuorumRaft

/// Checks Raft's safety properties after every step (when asked) and reports the commit index.
public final class RaftRunMonitor: RunMonitor {
    private var checker: RaftInvariantChecker
    private let checkInvariants: Bool
    private let staleReads: Bool

    init(nodeCount: Int, checkInvariants: Bool, staleReads: Bool) {
        checker = RaftInvariantChecker(nodeCount: nodeCount)
        self.checkInvariants = checkInvariants
        self.staleReads = staleReads
    }

    public func attach(to simulator: Simulator<RaftNode>) {}

    public func afterStep(_ simulator: Simulator<RaftNode>) {
        if checkInvariants { checker.check(simulator) }
    }

    public func finish(_ simulator: Simulator<RaftNode>, report: inout RunReport) {
        report.violations += checker.violations
        report.committedEntries = max(simulator.nodes.map { $0.state.commitIndex }.max() ?? 0, simulator.stats.highestCommitIndex)
        report.expectsLinearizable = !staleReads
    }
}

extension RaftNode: RunnableNode {
    public static func makeMonitor(_ plan: RunPlan<RaftNode>) -> RaftRunMonitor {
        RaftRunMonitor(nodeCount: plan.config.nodeCount, checkInvariants: plan.checkInvariants, staleReads: plan.config.node.staleReads)
    }

    public static func workload(clients: Int) -> WorkloadSettings {
        clients == 0 ? .none : WorkloadSettings(clientCount: clients)
    }

    public static func recordingValues(_ raft: RaftConfig) -> [String: String] {
        [
            "electionTimeoutMinMicros": String(raft.electionTimeoutMinMicros), "electionTimeoutMaxMicros": String(raft.electionTimeoutMaxMicros),
            "heartbeatIntervalMicros": String(raft.heartbeatIntervalMicros), "maxEntriesPerAppend": String(raft.maxEntriesPerAppend),
            "checkQuorum": String(raft.checkQuorum), "staleReads": String(raft.staleReads), "preVote": String(raft.preVote),
        ]
    }

    public static func config(fromRecording values: RecordingValues) throws(InputError) -> RaftConfig {
        let electionMin = try values.micros("electionTimeoutMinMicros")
        let electionMax = try values.micros("electionTimeoutMaxMicros")
        guard electionMin <= electionMax else { throw values.invalid("electionTimeoutMaxMicros", "\(electionMax) is below the minimum \(electionMin)") }
        return RaftConfig(electionTimeoutMinMicros: electionMin, electionTimeoutMaxMicros: electionMax,
                          heartbeatIntervalMicros: try values.micros("heartbeatIntervalMicros"),
                          maxEntriesPerAppend: Int(try values.int("maxEntriesPerAppend", in: 1...1_000_000)),
                          checkQuorum: try values.flag("checkQuorum"), staleReads: try values.flag("staleReads"), preVote: try values.flag("preVote"))
    }
}
