/// Whether a node's process runs.
public enum NodeStatus: String, Sendable {
    case up, crashed, frozen
}

/// The simulator's record of one node: the running process, its durable storage, and what the core
/// tracks around it (lifecycle, causality, timers).
public struct NodeSlot<Node: SimulatedNode>: Sendable {
    public typealias Status = NodeStatus

    public struct TimerSlot: Sendable {
        public let generation: UInt64
        public let setAt: SimTime
        public let fireAt: SimTime
    }

    public let id: NodeID
    /// The running process; after a crash, its last state (shown greyed out; never run again).
    public internal(set) var state: Node
    public internal(set) var storage: Node.Storage
    public internal(set) var status: Status
    /// Honest, or a fault applied to what the node sends.
    public internal(set) var behaviour: NodeBehaviour = .honest
    public internal(set) var clock: VectorClock
    public internal(set) var lamport: UInt64
    /// Counts restarts; seeds the new process's random stream.
    public internal(set) var incarnation: UInt64
    var timers: [Node.Timer: TimerSlot]
    /// Inputs that arrived while frozen, in arrival order.
    var frozenBacklog: [SimulatorAction<Node>]

    /// When a timer was set and when it will fire, if it is pending.
    public func timer(_ timer: Node.Timer) -> TimerSlot? { timers[timer] }

    /// Pending timers sorted by name (never in Dictionary order).
    public var pendingTimers: [(timer: Node.Timer, slot: TimerSlot)] {
        timers.map { ($0.key, $0.value) }.sorted { $0.timer.description < $1.timer.description }
    }
}

/// What the simulator's queue holds. Kept free of references (external actions wait in a side
/// table) so that moving queue entries costs no reference counting.
public enum SimulatorAction<Node: SimulatedNode>: Sendable {
    case deliver(messageID: UInt64)
    case timer(NodeID, Node.Timer, generation: UInt64)
    case clientWake(ClientID, generation: UInt64)
    case external(id: UInt64)
    case faultTick
}
