/// What the views show of one node at an instant, with no reference to the protocol's code: the
/// recording keeps these so that a replay can draw the run even when this Quorum's protocol code
/// no longer simulates it the same way.
public struct NodeState: Sendable, Equatable {
    public var status: NodeStatus
    public var description: NodeDescription
    /// The primary timer (e.g. the election timeout), when it is pending.
    public var timerSetAtMicros: Int64?
    public var timerFireAtMicros: Int64?
    public var clock: VectorClock
    public var lamport: UInt64

    public init(status: NodeStatus, description: NodeDescription, timerSetAtMicros: Int64?, timerFireAtMicros: Int64?,
                clock: VectorClock, lamport: UInt64) {
        self.status = status
        self.description = description
        self.timerSetAtMicros = timerSetAtMicros
        self.timerFireAtMicros = timerFireAtMicros
        self.clock = clock
        self.lamport = lamport
    }
}

extension NodeSlot where Node: NodeDescribing {
    /// This node as views see it, with the newest `logTail` log entries.
    public func state(logTail: Int) -> NodeState {
        state(description: state.describe(logTail: logTail))
    }

    /// This node's state with a description already in hand (the node did not change visibly).
    public func state(description: NodeDescription) -> NodeState {
        let timer = status == .crashed ? nil : self.timer(Node.primaryTimer)
        return NodeState(status: status, description: description, timerSetAtMicros: timer?.setAt.micros,
                         timerFireAtMicros: timer?.fireAt.micros, clock: clock, lamport: lamport)
    }
}
