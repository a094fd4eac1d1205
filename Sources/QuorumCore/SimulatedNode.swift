/// A protocol node as a pure state machine: one input at a time, effects out.
///
/// A node has no clock, no randomness but the stream it was given, no I/O and no concurrency. It
/// asks for time by setting timers, talks only by sending messages, and makes state durable only by
/// emitting `persist` effects, which the simulator applies to the node's `Storage`. On a crash the
/// node value is discarded; on restart a new one is built from that storage alone.
public protocol SimulatedNode: Sendable {
    associatedtype Message: ProtocolMessage
    associatedtype Timer: Hashable, Sendable, CustomStringConvertible
    /// What survives a crash.
    associatedtype Storage: Sendable
    /// One durable write, applied to `Storage` by `apply(_:to:)`.
    associatedtype StorageWrite: Sendable
    associatedtype Config: Sendable
    /// How this protocol's clients send requests and which replies complete them.
    associatedtype Client: ClientStrategy = LeaderFollowingClient

    /// The protocol's name on the command line and in recordings, e.g. "gossip".
    static var protocolName: String { get }

    static func emptyStorage(config: Config, clusterSize: Int) -> Storage
    static func apply(_ write: StorageWrite, to storage: inout Storage)

    /// Boots a node (first start or restart) from its durable storage.
    init(id: NodeID, clusterSize: Int, config: Config, storage: Storage, random: RandomStream)

    /// Handles one input, appending its effects to `effects` (a buffer the caller reuses).
    mutating func handle(_ input: NodeInput<Message, Timer>, into effects: inout [NodeEffect<Message, Timer, StorageWrite>])

    /// The timer a person means by "fire this node's timeout now" (e.g. an election timer).
    static var primaryTimer: Timer { get }

    /// True when this node currently believes it leads (a leader or primary); false in leaderless
    /// protocols.
    var isLeader: Bool { get }

    /// The term (or view) in which this node believes it leads; nil when it does not lead.
    /// `LeaderRule` picks the highest among up nodes for `kill leader`, `K` and the views, so a
    /// stale leader of an older term is never taken for the current one. The default, for
    /// protocols without terms: 0 while `isLeader`.
    var leaderTerm: Int? { get }

    /// True when the node reads a local wall clock (e.g. last-writer-wins timestamps). Such a node
    /// gets `readLocalClock(trueTime:)` before every input; the node applies its own skew.
    static var readsLocalClock: Bool { get }

    /// This protocol's own Byzantine modes (besides `silent` and `delay`, which every protocol has).
    static var byzantineModes: [NodeBehaviour] { get }

    /// Rewrites the effects of one input handled by a node in one of `byzantineModes`: drop,
    /// rewrite, or send different messages to different peers. It may draw from `random` only.
    static func misbehave(_ behaviour: NodeBehaviour, node: NodeID, clusterSize: Int,
                          effects: inout [NodeEffect<Message, Timer, StorageWrite>], random: inout RandomStream)

    /// The same, for a mode that needs the node's own state (what it received) or the other faulty
    /// nodes to coordinate with. The default calls the static `misbehave`.
    func misbehave(_ behaviour: NodeBehaviour, adversary: Adversary,
                   effects: inout [NodeEffect<Message, Timer, StorageWrite>], random: inout RandomStream)

    /// A breach of a safety property that spans nodes, judged from their states (for example, two
    /// honest replicas that executed different requests at one sequence number), or nil. `faulty`
    /// are the nodes that misbehaved at some time in the run: what they did proves nothing. The
    /// live view asks every frame, so an implementation looks at the recent part of the run only;
    /// callers pass the nodes lazily, so a protocol without such a check costs nothing.
    static func safetyViolation<Nodes: Collection<Self>>(_ nodes: Nodes, faulty: [NodeID]) -> String?

    /// A storage fault: what of `write` reached the disk when the process died while writing it, or
    /// nil when the write is atomic (it fits one sector). It may draw from `random` only.
    static func torn(_ write: StorageWrite, random: inout RandomStream) -> StorageWrite?

    /// The simulator's true time, given just before an input. A real node's clock drifts from true
    /// time; the node models that itself, so the simulator stays the only owner of time.
    mutating func readLocalClock(trueTime: SimTime)

    /// The option sets the `L` key steps through for the workload (`workload ...` lines), in
    /// order; empty where the workload takes no options.
    static var workloadOptionCycle: [[RequestOption]] { get }

    /// Why a `workload` option is not one this protocol knows, or nil when it is.
    static func workloadOptionProblem(_ option: RequestOption) -> String?

    /// What the workload's requests ask for under `options` (the configured values where they name
    /// none), short enough for the header; nil where there is nothing to show.
    static func workloadLabel(_ options: [RequestOption], config: Config) -> String?
}

extension SimulatedNode {
    public static var byzantineModes: [NodeBehaviour] { [] }
    public static func misbehave(_ behaviour: NodeBehaviour, node: NodeID, clusterSize: Int,
                                 effects: inout [NodeEffect<Message, Timer, StorageWrite>], random: inout RandomStream) {}
    public func misbehave(_ behaviour: NodeBehaviour, adversary: Adversary,
                          effects: inout [NodeEffect<Message, Timer, StorageWrite>], random: inout RandomStream) {
        Self.misbehave(behaviour, node: adversary.node, clusterSize: adversary.clusterSize, effects: &effects, random: &random)
    }
    public var leaderTerm: Int? { isLeader ? 0 : nil }
    public static func safetyViolation<Nodes: Collection<Self>>(_ nodes: Nodes, faulty: [NodeID]) -> String? { nil }
    public static var readsLocalClock: Bool { false }
    public static func torn(_ write: StorageWrite, random: inout RandomStream) -> StorageWrite? { nil }
    public mutating func readLocalClock(trueTime: SimTime) {}
    public static var workloadOptionCycle: [[RequestOption]] { [] }
    public static func workloadOptionProblem(_ option: RequestOption) -> String? {
        "'\(option.name)': the \(protocolName) workload takes no options"
    }
    public static func workloadLabel(_ options: [RequestOption], config: Config) -> String? { nil }
}

extension SimulatedNode {
    /// Convenience for tests: one input, its effects as an array.
    public mutating func handle(_ input: NodeInput<Message, Timer>) -> [NodeEffect<Message, Timer, StorageWrite>] {
        var effects: [NodeEffect<Message, Timer, StorageWrite>] = []
        handle(input, into: &effects)
        return effects
    }
}

/// Everything that can happen to a node, delivered through its single entry point.
public enum NodeInput<Message: Sendable, Timer: Sendable>: Sendable {
    /// The process has (re)started; set initial timers.
    case start
    case message(from: NodeID, Message)
    case timer(Timer)
    case client(ClientRequest)
}

/// What a handler asks the world to do. The simulator applies effects in order, atomically with the
/// handler (the model has instant CPU and disk).
public enum NodeEffect<Message: Sendable, Timer: Sendable, StorageWrite: Sendable>: Sendable {
    case send(to: NodeID, Message)
    /// Sets (or resets) a timer to fire after the given duration.
    case setTimer(Timer, afterMicros: Int64)
    case cancelTimer(Timer)
    case persist(StorageWrite)
    case reply(ClientReply)
    case annotate(Annotation)
}
