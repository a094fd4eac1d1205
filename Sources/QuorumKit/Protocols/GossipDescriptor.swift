import ArgumentParser
import QuorumCore
import QuorumGossip

/// The eventually consistent store (after Dynamo and Riak) as the command line knows it.
public enum GossipDescriptor: ProtocolDescriptor {
    public typealias Node = GossipNode
    public static let summary = "An eventually consistent store with version vectors and anti-entropy (default 3 replicas)."
    public static let defaultNodeCount = 3

    /// `quorum run gossip` options.
    public struct RunOptions: ProtocolOptions {
        @Option(help: ArgumentHelp("What to do with concurrent writes: siblings (keep them all) or lww (last writer wins).", valueName: "mode"))
        var resolve: GossipConfig.Resolution?

        @Option(help: ArgumentHelp("n1's clock runs this far ahead, the last replica's on time, the others in between.", valueName: "time"))
        var clockSkew: String?

        @Option(help: ArgumentHelp("How often each replica runs anti-entropy with a random peer (default 500ms).", valueName: "time"))
        var antiEntropy: String?

        @Flag(help: "Every write is blind: replicas hand out no contexts and ignore any sent (siblings pile up).")
        var blindWrites = false

        public init() {}

        public func nodeConfig() throws(InputError) -> GossipConfig {
            let skew = try clockSkew.map { text throws(InputError) in try parseDuration("--clock-skew", text, allowZero: true) } ?? .zero
            let interval = try antiEntropy.map { text throws(InputError) in try parseDuration("--anti-entropy", text) } ?? SimTime(micros: 500_000)
            return GossipConfig(resolution: resolve ?? .siblings, clockSkewMicros: skew.micros, antiEntropyIntervalMicros: interval.micros,
                                blindWrites: blindWrites)
        }

        public var commandLineWords: [String] {
            var words: [String] = []
            if let resolve { words += ["--resolve", resolve.rawValue] }
            if let clockSkew { words += ["--clock-skew", clockSkew] }
            if let antiEntropy { words += ["--anti-entropy", antiEntropy] }
            if blindWrites { words.append("--blind-writes") }
            return words
        }
    }

    /// `quorum sweep gossip` options.
    public struct SweepOptions: ProtocolOptions {
        @Option(help: ArgumentHelp("siblings or lww.", valueName: "mode"))
        var resolve: GossipConfig.Resolution = .siblings

        public init() {}

        public func nodeConfig() throws(InputError) -> GossipConfig { GossipConfig(resolution: resolve) }
        public var commandLineWords: [String] { ["--resolve", resolve.rawValue] }
    }
}

extension GossipConfig.Resolution: ExpressibleByArgument {}
