import QuorumCore

/// What the simulation hands the recording writer in one go: events in order, and the inputs that
/// came between them. The simulation's thread only collects these; the writer's thread turns them
/// into lines.
struct RecordBatch<Node: SimulatedNode>: Sendable {
    struct Input: Sendable {
        /// How many of the batch's events came before it.
        var position: Int
        var step: UInt64
        var time: SimTime
        var action: ClusterAction
    }

    /// A node's new state, and what the recording last noted of it (the line holds the difference).
    struct State: Sendable {
        var position: Int
        /// Events in the whole run before it.
        var eventIndex: UInt64
        var node: NodeID
        var previous: NodeState?
        var current: NodeState
        /// Log entries from this index on are written (they replace what was recorded from there).
        var logFrom: Int
    }

    var events: [SimEvent<Node>]
    var inputs: [Input]
    var states: [State]
    /// Where the emptied events array goes back to.
    var spares: SpareBatches<Node>?
}

/// Hands a batch to the writer's thread whole, so that it owns the only reference to its events
/// and can empty and recycle the array without a copy.
final class BatchHandOff<Node: SimulatedNode>: @unchecked Sendable {
    private var batch: RecordBatch<Node>?

    init(_ batch: consuming RecordBatch<Node>) { self.batch = batch }

    func take() -> RecordBatch<Node> {
        defer { batch = nil }
        return batch!
    }
}
