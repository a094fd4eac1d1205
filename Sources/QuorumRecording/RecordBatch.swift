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

    var events: [SimEvent<Node>]
    var inputs: [Input]
}
