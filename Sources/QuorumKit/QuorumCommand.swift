import ArgumentParser

/// `quorum`: the root command.
public struct QuorumCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quorum",
        abstract: "Watch consensus and consistency protocols run, fail and recover.",
        discussion: """
            Quorum runs a deterministic simulation of a distributed protocol: the same seed and inputs \
            always give the same run. Exit codes: 0 success, 1 an invariant violation, failing seed or \
            non-linearizable history, 2 bad usage or bad input, 3 a check that ran out of time.
            """,
        version: QuorumVersion.current,
        subcommands: [RunCommand.self, SweepCommand.self, CheckCommand.self, ReplayCommand.self, BenchCommand.self]
    )

    public init() {}

    /// With no subcommand: the live UI on a five-node Raft cluster with the default workload.
    public func run() throws {
        let command = try RunCommand.parse(["raft"])
        try command.run()
    }
}

public enum QuorumVersion {
    public static let current = "0.1.0"
}

/// Protocols that `run`, `sweep` and `bench` accept.
enum ProtocolChoice: String, ExpressibleByArgument, CaseIterable {
    case raft
    case gossip

    /// Nodes when `--nodes` is not given: five Raft servers, three store replicas.
    var defaultNodeCount: Int { self == .gossip ? 3 : 5 }
}
