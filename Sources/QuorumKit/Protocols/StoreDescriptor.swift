import ArgumentParser
import QuorumCore
import QuorumStore

/// The Dynamo-style store with Cassandra's consistency levels as the command line knows it.
public enum StoreDescriptor: ProtocolDescriptor {
    public typealias Node = StoreNode
    public static let summary = "A Dynamo-style store with tunable consistency levels over datacenters (default 5 nodes, RF 3)."
    public static let defaultNodeCount = 5

    /// `quorum run store` options.
    public struct RunOptions: ProtocolOptions {
        @OptionGroup var store: StoreOptions

        public init() {}

        public func nodeConfig() throws(InputError) -> StoreConfig { try store.nodeConfig() }
        public var commandLineWords: [String] { store.commandLineWords }
        public var datacenterCount: Int? { store.datacenterCount }
        public var impliedNodeCount: Int? { store.impliedNodeCount }
        public func validate(nodeCount: Int) throws(InputError) { try store.validate(nodeCount: nodeCount) }
    }

    /// `quorum sweep store`: the run's options, and the pairs of levels to sweep, each seed run
    /// with each pair and the checkers' results summarised per pair.
    public struct SweepOptions: ProtocolOptions {
        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp(
            "Pairs of read/write levels to run every seed with, e.g. ONE/ONE,QUORUM/ALL (default: the pair --read-level and --write-level give if either is given, else "
                + SweepOptions.defaultPairs(datacenters: 1).joined(separator: ",") + ", and over several datacenters also "
                + SweepOptions.defaultPairs(datacenters: 2).suffix(2).joined(separator: ",") + ").",
            valueName: "read/write,..."))
        var levels: String?

        public init() {}

        /// The pairs swept when none is named: a weak pair, overlapping ones (R + W > N, Dynamo
        /// §4.5) and, over datacenters, the local and per-datacenter quorums.
        static func defaultPairs(datacenters: Int) -> [String] {
            ["ONE/ONE", "QUORUM/QUORUM", "ALL/ONE", "ONE/ALL"] + (datacenters > 1 ? ["LOCAL_QUORUM/LOCAL_QUORUM", "EACH_QUORUM/EACH_QUORUM"] : [])
        }

        public func nodeConfig() throws(InputError) -> StoreConfig { try store.nodeConfig() }
        public var commandLineWords: [String] { store.commandLineWords + (levels.map { ["--levels", $0] } ?? []) }
        public var datacenterCount: Int? { store.datacenterCount }
        public var impliedNodeCount: Int? { store.impliedNodeCount }
        public var sweepVariantHeading: String { "read/write levels" }

        public func validate(nodeCount: Int) throws(InputError) {
            for variant in try sweepVariants() ?? [] { try store.validate(nodeCount: nodeCount, config: variant.config) }
        }

        public func sweepVariants() throws(InputError) -> [SweepVariant<StoreConfig>]? {
            let namesLevels = store.readLevel != nil || store.writeLevel != nil
            if levels != nil, namesLevels {
                throw InputError(source: "--levels", message: "names the read and write levels; leave out --read-level and --write-level")
            }
            if levels == nil, namesLevels {
                let config = try store.nodeConfig()
                return [SweepVariant(label: "\(config.readLevel)/\(config.writeLevel)", config: config, words: store.commandLineWords)]
            }
            let datacenters = try store.replicationFactors().count
            let text = levels ?? Self.defaultPairs(datacenters: datacenters).joined(separator: ",")
            let pairs = text.split(separator: ",", omittingEmptySubsequences: false)
            return try pairs.map { pair throws(InputError) in try variant(pair) }
        }

        private func variant(_ pair: Substring) throws(InputError) -> SweepVariant<StoreConfig> {
            let parts = pair.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw InputError(source: "--levels", message: "'\(SafeText.oneLine(String(pair)))' is not a read/write pair of levels (e.g. QUORUM/ONE)")
            }
            let read = try store.level("--levels", String(parts[0]), reads: true)
            let write = try store.level("--levels", String(parts[1]), reads: false)
            let config = try store.nodeConfig(read: (read, "--levels"), write: (write, "--levels"))
            return SweepVariant(label: "\(read)/\(write)", config: config,
                                words: store.commandLineWords + ["--read-level", read.rawValue, "--write-level", write.rawValue])
        }
    }

    /// A sweep's random faults, but no Byzantine modes (the store has none of its own).
    public static func sweepFaults(_ faults: FaultSettings, options: SweepOptions) -> FaultSettings { faults }
}
