import QuorumCore

/// The workload's consistency levels, changed during a run by `workload read-level=... write-level=...`
/// lines and the `L` key; the coordinator reads them from each request (`level(of:)`).
extension StoreNode {
    /// The (read, write) pairs `L` steps through: the two weakest, the quorums, the two ways of
    /// making one side do all the work (R + W > N with one side at ALL), one side at QUORUM, then
    /// the per-datacenter levels (with one datacenter they count as QUORUM does).
    public static let levelCycle: [(read: ConsistencyLevel, write: ConsistencyLevel)] = [
        (.one, .one), (.quorum, .quorum), (.all, .one), (.one, .all), (.one, .quorum), (.quorum, .one),
        (.localQuorum, .localQuorum), (.eachQuorum, .eachQuorum),
    ]

    public static var workloadOptionCycle: [[RequestOption]] {
        levelCycle.map { [RequestOption("read-level", $0.read.rawValue), RequestOption("write-level", $0.write.rawValue)] }
    }

    public static func workloadOptionProblem(_ option: RequestOption) -> String? {
        guard ["level", "read-level", "write-level"].contains(option.name) else {
            return "unknown workload option '\(option.name)' (the store takes read-level, write-level and level)"
        }
        guard let level = ConsistencyLevel(parsing: option.value) else {
            return "'\(option.value)' is not a consistency level (expected "
                + ConsistencyLevel.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        }
        if option.name != "write-level", !level.readable { return "\(level) is a write level only (write write-level=\(level))" }
        return nil
    }

    /// `R QUORUM W ONE`: the levels the workload's requests carry now.
    public static func workloadLabel(_ options: [RequestOption], config: StoreConfig) -> String? {
        let levels = config.applying(options)
        return "R \(levels.readLevel.rawValue) W \(levels.writeLevel.rawValue)"
    }
}
