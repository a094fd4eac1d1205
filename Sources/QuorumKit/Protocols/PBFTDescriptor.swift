import ArgumentParser
import QuorumCore
import QuorumPBFT

/// PBFT (Castro & Liskov, OSDI 1999) as the command line knows it.
public enum PBFTDescriptor: ProtocolDescriptor {
    public typealias Node = PBFTNode
    public static let summary = "PBFT: Byzantine fault tolerance with 3f+1 replicas (default 4)."
    public static let defaultNodeCount = 4

    /// n = 3f+1 (§2): 4, 7, 10, ... replicas tolerate f = 1, 2, 3 faulty ones.
    public static func validate(nodeCount: Int) throws(InputError) {
        guard (4...64).contains(nodeCount), (nodeCount - 1) % 3 == 0 else {
            throw InputError(source: "--nodes", message: "\(nodeCount) replicas: PBFT runs on n = 3f+1 (4, 7, 10, ... 64)")
        }
    }

    /// The options `run` and `sweep` share.
    public struct CheckpointOptions: ParsableArguments {
        @Option(help: ArgumentHelp("A checkpoint every K requests (§4.3).", valueName: "k"))
        var checkpointEvery: Int = 16

        public init() {}

        func nodeConfig() throws(InputError) -> PBFTConfig {
            guard (1...1_000).contains(checkpointEvery) else {
                throw InputError(source: "--checkpoint-every", message: "\(checkpointEvery) is not a checkpoint interval; use 1 to 1000")
            }
            return PBFTConfig(checkpointEvery: checkpointEvery)
        }

        var commandLineWords: [String] { checkpointEvery != 16 ? ["--checkpoint-every", String(checkpointEvery)] : [] }
    }

    /// `quorum run pbft` options.
    public struct RunOptions: ProtocolOptions {
        @OptionGroup var checkpoints: CheckpointOptions

        @Flag(help: "Check after every event that no two honest replicas executed different requests at one sequence number; exit 1 on a violation.")
        public var checkInvariants = false

        public init() {}

        public func nodeConfig() throws(InputError) -> PBFTConfig { try checkpoints.nodeConfig() }
        public var commandLineWords: [String] { checkpoints.commandLineWords + (checkInvariants ? ["--check-invariants"] : []) }
        public var reproduceWords: [String] { checkpoints.commandLineWords + ["--check-invariants"] }
    }

    /// `quorum sweep pbft` options (safety is always checked in a sweep).
    public struct SweepOptions: ProtocolOptions {
        @OptionGroup var checkpoints: CheckpointOptions

        public init() {}

        public func nodeConfig() throws(InputError) -> PBFTConfig { try checkpoints.nodeConfig() }
        public var commandLineWords: [String] { checkpoints.commandLineWords }
        public var checkInvariants: Bool { true }
    }
}
