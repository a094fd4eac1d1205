/// Everything that, with the seed and the inputs, determines a run.
public struct SimulationConfig<NodeConfig: Sendable>: Sendable {
    public var nodeCount: Int
    public var seed: UInt64
    public var network: NetworkSettings
    public var clients: ClientSettings
    public var workload: WorkloadSettings
    public var node: NodeConfig
    /// Datacenters and the latency between them; nil: one flat network.
    public var datacenters: Datacenters?

    public init(
        nodeCount: Int, seed: UInt64, network: NetworkSettings = NetworkSettings(),
        clients: ClientSettings = ClientSettings(), workload: WorkloadSettings = .none, node: NodeConfig,
        datacenters: Datacenters? = nil
    ) {
        precondition(datacenters.map { $0.groupOf.count == nodeCount } ?? true, "datacenters cover the cluster")
        self.datacenters = datacenters
        self.nodeCount = nodeCount
        self.seed = seed
        self.network = network
        self.clients = clients
        self.workload = workload
        self.node = node
    }
}

/// How simulated clients wait and retry.
public struct ClientSettings: Hashable, Sendable {
    /// How long one attempt waits for a reply before trying another node.
    public var attemptTimeoutMicros: Int64
    /// After this long since invocation, the client gives up (outcome unknown or failed).
    public var giveUpAfterMicros: Int64
    /// Pause before retrying when no leader is known.
    public var retryBackoffMicros: Int64

    public init(attemptTimeoutMicros: Int64 = 400_000, giveUpAfterMicros: Int64 = 4_000_000, retryBackoffMicros: Int64 = 60_000) {
        self.attemptTimeoutMicros = attemptTimeoutMicros
        self.giveUpAfterMicros = giveUpAfterMicros
        self.retryBackoffMicros = retryBackoffMicros
    }
}

/// The default client load: a few clients issuing a mix of operations on a few keys.
public struct WorkloadSettings: Hashable, Sendable {
    public var clientCount: Int
    public var thinkMinMicros: Int64
    public var thinkMaxMicros: Int64
    /// Keys for get/set/cas; `incr` uses `counterKey`.
    public var keys: [String]
    public var counterKey: String
    /// False for stores without compare-and-swap: the workload writes instead.
    public var includesCas: Bool
    /// False for stores without counters: the workload writes instead of `incr`.
    public var includesIncr: Bool = true
    /// Every client (workload, script and keyboard) reads a key before it writes it, at the same
    /// node, and sends the context that read returned (Dynamo's and Riak's read-modify-write), so a
    /// write supersedes what its client saw, its own earlier writes included.
    public var readsBeforeWrites: Bool

    public init(clientCount: Int, thinkMinMicros: Int64 = 50_000, thinkMaxMicros: Int64 = 400_000,
                keys: [String] = ["x", "y", "z"], counterKey: String = "counter", includesCas: Bool = true,
                readsBeforeWrites: Bool = false) {
        self.clientCount = clientCount
        self.readsBeforeWrites = readsBeforeWrites
        self.includesCas = includesCas
        self.thinkMinMicros = thinkMinMicros
        self.thinkMaxMicros = thinkMaxMicros
        self.keys = keys
        self.counterKey = counterKey
    }

    public static let none = WorkloadSettings(clientCount: 0)
    public static let standard = WorkloadSettings(clientCount: 3)
}
