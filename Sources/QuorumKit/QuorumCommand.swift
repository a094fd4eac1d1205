import ArgumentParser

/// `quorum`: the root command. With no subcommand, `run` with its first protocol (Raft): `quorum`,
/// `quorum --theme light` and `quorum --paused` open the live UI on a five-node Raft cluster.
public struct QuorumCommand: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "quorum",
            abstract: "Watch consensus and consistency protocols run, fail and recover.",
            discussion: """
                Quorum runs a deterministic simulation of a distributed protocol (\(ProtocolRegistry.names)): the same \
                seed and inputs always give the same run. Exit codes: 0 success, 1 an invariant violation, failing \
                seed or non-linearizable history, 2 bad usage or bad input, 3 a check that ran out of time.
                """,
            version: QuorumVersion.current,
            subcommands: [RunCommand.self, SweepCommand.self, CheckCommand.self, ReplayCommand.self, BenchCommand.self, LessonCommand.self, PBSCommand.self],
            defaultSubcommand: RunCommand.self)
    }

    public init() {}
}

public enum QuorumVersion {
    public static let current = "0.1.0"
}
