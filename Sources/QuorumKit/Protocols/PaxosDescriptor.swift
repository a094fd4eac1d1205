import ArgumentParser
import QuorumCore
import QuorumPaxos

/// Paxos (Lamport, "Paxos Made Simple", 2001) as the command line knows it: Multi-Paxos by
/// default, single-decree with `--single`.
public enum PaxosDescriptor: ProtocolDescriptor {
    public typealias Node = PaxosNode
    public static let summary = "Paxos: Multi-Paxos with a distinguished proposer, or single-decree with --single (default 5 nodes)."
    public static let defaultNodeCount = 5

    /// The options `run`, `sweep` and `bench sim` share.
    struct Settings: ParsableArguments {
        @Flag(help: "No randomized back-off: fixed timeouts, and a pre-empted proposer tries a higher ballot at once (proposers can duel forever).")
        var noBackoff = false

        @Option(help: ArgumentHelp("How long a follower waits to hear from the leader before Phase 1 (10ms to 60s; default 300ms; heartbeats every fifth of it).",
                                   valueName: "time"))
        var electionTimeout: String?

        /// The mutation the sweep must catch: proposers ignore the accepted values promises carry.
        @Flag(help: .hidden)
        var mutantIgnorePromises = false

        func nodeConfig(single: Bool = false) throws(InputError) -> PaxosConfig {
            let timeout = try electionTimeout.map { text throws(InputError) in try parseDuration("--election-timeout", text) } ?? SimTime(micros: 300_000)
            guard (10_000...60_000_000).contains(timeout.micros) else {
                throw InputError(source: "--election-timeout", message: "'\(electionTimeout ?? "")' is outside 10ms..60s")
            }
            return PaxosConfig(mode: single ? .single : .multi, backoff: !noBackoff, electionTimeoutMicros: timeout.micros,
                               heartbeatIntervalMicros: timeout.micros / 5, ignoresPromisedValues: mutantIgnorePromises)
        }

        var words: [String] {
            (noBackoff ? ["--no-backoff"] : []) + (electionTimeout.map { ["--election-timeout", $0] } ?? [])
                + (mutantIgnorePromises ? ["--mutant-ignore-promises"] : [])
        }
    }

    /// `quorum run paxos` options.
    public struct RunOptions: ProtocolOptions {
        @Flag(help: "Single-decree Paxos (one slot; any node that gets a request or a timeout proposes) instead of Multi-Paxos.")
        var single = false

        @OptionGroup var settings: Settings

        public init() {}

        public func nodeConfig() throws(InputError) -> PaxosConfig { try settings.nodeConfig(single: single) }
        public var commandLineWords: [String] { (single ? ["--single"] : []) + settings.words }
    }

    /// `quorum sweep paxos` options (safety is always checked). Multi-Paxos only: one decree,
    /// once decided, can take no new command, so the liveness phase would have nothing to check.
    public struct SweepOptions: ProtocolOptions {
        @OptionGroup var settings: Settings

        public init() {}

        public func nodeConfig() throws(InputError) -> PaxosConfig { try settings.nodeConfig() }
        public var commandLineWords: [String] { settings.words }
    }
}
