/// The deterministic simulation: it alone owns virtual time, randomness and delivery.
///
/// Work waits in one queue ordered by (time, sequence number). Each `step()` takes the next item,
/// advances time to it and runs it, which may run one node handler and emit events. Nothing else in
/// the program changes the run: views and checkers only read, and send `ClusterAction`s to change it.
public final class Simulator<Node: SimulatedNode> {
    public typealias Effect = NodeEffect<Node.Message, Node.Timer, Node.StorageWrite>
    public typealias Event = SimEvent<Node>

    public let config: SimulationConfig<Node.Config>
    public var nodeCount: Int { config.nodeCount }
    public internal(set) var now: SimTime = .zero
    public internal(set) var nodes: [NodeSlot<Node>] = []
    public internal(set) var network: NetworkSettings
    public internal(set) var topology: NetworkTopology
    /// Messages sent and not yet delivered or dropped, by id.
    public internal(set) var inFlight: [UInt64: Envelope<Node.Message>] = [:]
    public internal(set) var history: [HistoryEntry] = []
    public internal(set) var stats = RunStats()
    /// Called with every event, in order. Observers must not change the simulation.
    public var observers: [(Event) -> Void] = []
    /// Called with every interactive input (a key in the UI), with the number of steps run before
    /// it: replaying the same inputs after the same steps reproduces the run exactly.
    public var inputObservers: [(UInt64, SimTime, ClusterAction) -> Void] = []
    /// Takes every event, after the observers have seen it (a recording writer). Not copied by
    /// `checkpoint()`.
    public var eventTap: EventTap<Node>?
    /// Whether the simulator notes which nodes' state may have changed (a recorder notes their new
    /// descriptions): after every step through `changeObservers`, or whenever asked through
    /// `takeChangedNodes()`.
    public var tracksChanges = false
    /// Called after every step (and after an input applied between steps) with the nodes whose
    /// state may have changed since the last call, each once, in the order they first changed.
    public var changeObservers: [([NodeID]) -> Void] = []
    /// Each node at most once, in the order it first changed; `isChanged` marks who is in it.
    var changedNodes: [NodeID] = []
    var isChanged: [Bool] = []

    /// The nodes whose state may have changed since the last call, each once.
    public func takeChangedNodes() -> [NodeID] {
        defer { clearChanges() }
        return changedNodes
    }

    func clearChanges() {
        for node in changedNodes { isChanged[node.index] = false }
        changedNodes.removeAll(keepingCapacity: true)
    }
    /// Queue items run so far.
    public private(set) var stepCount: UInt64 = 0

    var queue = EventQueue<SimulatorAction<Node>>()
    var clients: [ClientSession<Node.Client>] = []
    var nextMessageID: UInt64 = 0
    var scheduledExternal: [UInt64: ClusterAction] = [:]
    /// Script steps queued one occurrence at a time (`every` lines), see Simulator+Script.
    var scriptFeed = ScriptFeed()
    var nextExternalID: UInt64 = 0
    var nextTimerGeneration: UInt64 = 0
    var effectBuffer: [Effect] = []
    var networkRandom: RandomStream
    var clientRandom: RandomStream
    var faultRandom: RandomStream
    /// What misbehaving nodes draw from (its own stream, so that a fault changes nothing else's draws).
    var behaviourRandom: RandomStream
    /// Each node's behaviour, honest or a fault applied to what it sends. Kept beside the slots,
    /// not in them: reading a slot's field from the hot path copied the whole slot.
    public internal(set) var behaviours: [NodeBehaviour]
    /// Whether any node misbehaves (the hot path checks this flag alone).
    var anyMisbehaving = false
    /// The nodes that misbehaved at some time in the run, in the order they first did.
    public internal(set) var everMisbehaved: [NodeID] = []
    /// The run's datacenters, held apart from `config` so that sending a message reads them in place.
    let datacenters: Datacenters?
    var faults: FaultSettings?
    /// Per node, armed to crash part-way through its next handler that persists and sends (a
    /// storage fault); empty until a node is armed.
    var midHandlerCrashArmed: [Bool] = []
    /// Set by `stopWorkload()`: workload clients finish what they are doing and start nothing new.
    var workloadStopped = false
    /// What every client request carries before its own options (`workload` lines, the `L` key).
    public internal(set) var workloadOptions: [RequestOption] = []
    /// Every option set the workload was given during the run, in order (what a run's analysis
    /// must allow for besides the configuration).
    public internal(set) var workloadChanges: [[RequestOption]] = []
    let rootRandom: RandomStream

    public init(config: SimulationConfig<Node.Config>) {
        precondition(config.nodeCount >= 1, "a cluster has at least one node")
        self.config = config
        self.network = config.network
        self.topology = NetworkTopology(nodeCount: config.nodeCount)
        rootRandom = RandomStream(seed: config.seed)
        networkRandom = rootRandom.derived("network")
        clientRandom = rootRandom.derived("clients")
        faultRandom = rootRandom.derived("faults")
        behaviourRandom = rootRandom.derived("behaviour")
        behaviours = Array(repeating: .honest, count: config.nodeCount)
        datacenters = config.datacenters
        bootNodes()
        startWorkload()
    }

    /// An independent copy of the whole run at this instant (observers not included): stepping the
    /// copy gives exactly what stepping this simulator would. All state is made of values, so a
    /// copy is cheap until either side changes. Replays keep these as checkpoints to seek fast.
    public func checkpoint() -> Simulator<Node> { Simulator(copying: self) }

    private init(copying other: Simulator<Node>) {
        config = other.config
        now = other.now
        nodes = other.nodes
        network = other.network
        topology = other.topology
        inFlight = other.inFlight
        history = other.history
        stats = other.stats
        stepCount = other.stepCount
        queue = other.queue
        clients = other.clients
        nextMessageID = other.nextMessageID
        scheduledExternal = other.scheduledExternal
        scriptFeed = other.scriptFeed
        nextExternalID = other.nextExternalID
        nextTimerGeneration = other.nextTimerGeneration
        networkRandom = other.networkRandom
        clientRandom = other.clientRandom
        faultRandom = other.faultRandom
        behaviourRandom = other.behaviourRandom
        behaviours = other.behaviours
        datacenters = other.datacenters
        anyMisbehaving = other.anyMisbehaving
        everMisbehaved = other.everMisbehaved
        faults = other.faults
        midHandlerCrashArmed = other.midHandlerCrashArmed
        workloadStopped = other.workloadStopped
        rootRandom = other.rootRandom
    }

    /// A node's status, read in place (no copy of its slot).
    public func status(of node: NodeID) -> NodeStatus {
        // Through the buffer: reading `nodes[i].status` copied the whole slot (node state included)
        // in release builds, a cost paid on every delivery.
        nodes.withUnsafeBufferPointer { $0[node.index].status }
    }

    /// The id of the next event to be emitted; equal to the number emitted so far.
    public var eventCount: UInt64 { stats.events }

    /// True while anything is scheduled.
    public var hasPendingWork: Bool { !queue.isEmpty }

    public var nextEventTime: SimTime? { queue.nextTime }

    /// Runs the next scheduled item. Returns false when nothing is scheduled.
    @discardableResult
    public func step() -> Bool {
        guard let entry = queue.popNext() else { return false }
        stepCount += 1
        now = entry.time
        run(entry.action)
        if !changeObservers.isEmpty { reportChanges() }
        return true
    }

    /// Runs every item due at or before `limit`, then sets the clock to `limit`.
    /// `afterStep` runs after each item (invariant checkers hook in here).
    public func run(until limit: SimTime, afterStep: () -> Void = {}) {
        while let next = queue.nextTime, next <= limit {
            step()
            afterStep()
        }
        if now < limit { now = limit }
    }

    /// Queues an external action for a later instant (scenario scripts do this).
    public func schedule(_ action: ClusterAction, at time: SimTime) {
        nextExternalID += 1
        scheduledExternal[nextExternalID] = action
        queue.schedule(.external(id: nextExternalID), at: max(time, now))
    }

    func run(_ action: SimulatorAction<Node>) {
        switch action {
        case .deliver(let messageID): deliver(messageID: messageID)
        case .timer(let node, let timer, let generation): fireTimer(timer, of: node, generation: generation)
        case .clientWake(let client, let generation): wakeClient(client, generation: generation)
        case .external(let id):
            if let clusterAction = scheduledExternal.removeValue(forKey: id) { perform(clusterAction) } else { runScriptOccurrence(id) }
        case .faultTick: injectFault()
        }
    }

    func noteChanged(_ id: NodeID) {
        guard tracksChanges else { return }
        if isChanged.count != nodes.count { isChanged = Array(repeating: false, count: nodes.count) }
        guard !isChanged[id.index] else { return }
        isChanged[id.index] = true
        changedNodes.append(id)
    }

    /// Tells the change observers which nodes changed.
    func reportChanges() {
        guard !changedNodes.isEmpty else { return }
        for observer in changeObservers { observer(changedNodes) }
        clearChanges()
    }

    func emit(_ kind: consuming SimEventKind<Node>) {
        stats.record(kind)
        guard !observers.isEmpty || eventTap != nil else { return }
        let event = Event(index: stats.events - 1, time: now, kind: consume kind)
        for observer in observers { observer(event) }
        if let eventTap { eventTap.append(consume event) }
    }

    /// The node that currently leads, by `LeaderRule`: the up node leading in the highest term.
    public var leader: NodeID? {
        LeaderRule.leader(nodes.lazy.map { LeaderRule.Claim(status: $0.status, leaderTerm: $0.state.leaderTerm) })
    }
}

extension RunStats {
    mutating func record<Node: SimulatedNode>(_ kind: SimEventKind<Node>) {
        events += 1
        switch kind {
        case .sent: messagesSent += 1
        case .delivered: messagesDelivered += 1
        case .dropped: messagesDropped += 1
        case .timerFired: timersFired += 1
        case .crashed: crashes += 1
        case .annotated(_, let annotation):
            switch annotation.kind {
            case .role(_, _, let leads) where leads: leaderElections += 1
            case .commit(let index): highestCommitIndex = max(highestCommitIndex, index)
            default: break
            }
        default: break
        }
    }
}
