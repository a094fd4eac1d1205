import ArgumentParser
import QuorumCore

/// Everything the command line needs to know about one protocol. `run`, `sweep`, `replay`,
/// `bench sim` and the bare `quorum` iterate the registered descriptors, so a new protocol is one
/// target plus one descriptor registered in `ProtocolRegistry`: no command, theme or view is edited.
/// What the simulation itself needs (monitor, workload, recording header values) the node's
/// `RunnableNode` conformance gives.
public protocol ProtocolDescriptor: SendableMetatype {
    associatedtype Node: RunnableNode
    /// The protocol's own options for `run` (`quorum run <name> --help` lists them beside the common ones).
    associatedtype RunOptions: ProtocolOptions where RunOptions.Config == Node.Config
    /// The protocol's own options for `sweep`.
    associatedtype SweepOptions: ProtocolOptions where SweepOptions.Config == Node.Config

    /// One line for `quorum run --help`.
    static var summary: String { get }
    /// Nodes when `--nodes` is not given.
    static var defaultNodeCount: Int { get }
    /// Refuses cluster sizes the protocol cannot run (e.g. PBFT needs 3f+1). Default: 1 to 64.
    static func validate(nodeCount: Int) throws(InputError)
    /// Which random faults a sweep injects (the common switches already applied).
    static func sweepFaults(_ faults: FaultSettings, options: SweepOptions) -> FaultSettings
}

extension ProtocolDescriptor {
    public static var name: String { Node.protocolName }

    public static func validate(nodeCount: Int) throws(InputError) {
        try validateNodeCount(nodeCount)
    }

    public static func sweepFaults(_ faults: FaultSettings, options: SweepOptions) -> FaultSettings { faults }
}

/// A protocol's own option group: parsed by ArgumentParser, turned into the node configuration.
public protocol ProtocolOptions: ParsableArguments {
    associatedtype Config: Sendable
    /// The node configuration these options describe, or an error naming the option.
    func nodeConfig() throws(InputError) -> Config
    /// The options given, as they would be typed again.
    var commandLineWords: [String] { get }
    /// What a reproduce command adds to see a failure in detail (e.g. `--check-invariants`).
    var reproduceWords: [String] { get }
    /// Whether the protocol's invariants are checked after every event (protocols with an
    /// invariant checker offer `--check-invariants` among their own options).
    var checkInvariants: Bool { get }
    /// How many datacenters the options ask for (a store replicating per datacenter), or nil. The
    /// run splits the nodes into that many (`--datacenters`, if given too, must agree).
    var datacenterCount: Int? { get }
    /// Nodes when `--nodes` is not given, if the options imply a number (nil: the descriptor's).
    var impliedNodeCount: Int? { get }
    /// Checks the options against the cluster they will run on (e.g. replicas per datacenter).
    func validate(nodeCount: Int) throws(InputError)
    /// The configurations a sweep runs every seed with, each summarised on its own (a store's
    /// consistency levels); nil: the one `nodeConfig()` gives, with no summary table.
    func sweepVariants() throws(InputError) -> [SweepVariant<Config>]?
    /// What the summary's columns are (`read/write levels`).
    var sweepVariantHeading: String { get }
}

extension ProtocolOptions {
    public var reproduceWords: [String] { commandLineWords }
    public var checkInvariants: Bool { false }
    public var datacenterCount: Int? { nil }
    public var impliedNodeCount: Int? { nil }
    public func validate(nodeCount: Int) throws(InputError) {}
    public func sweepVariants() throws(InputError) -> [SweepVariant<Config>]? { nil }
    public var sweepVariantHeading: String { "options" }
}
