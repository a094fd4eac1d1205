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

    /// `quorum sweep store` takes the same options: a sweep runs one choice of levels.
    public typealias SweepOptions = RunOptions

    /// A sweep's random faults, but no Byzantine modes (the store has none of its own).
    public static func sweepFaults(_ faults: FaultSettings, options: SweepOptions) -> FaultSettings { faults }
}
