import QuorumCore

/// What the simulation hands the recording, in order: an event or an input. The simulation's
/// thread only collects these; the writer's thread turns them into lines.
enum RecordItem<Node: SimulatedNode>: Sendable {
    case event(SimEvent<Node>)
    case input(step: UInt64, time: SimTime, action: ClusterAction)
}
