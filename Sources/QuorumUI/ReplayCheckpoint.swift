import QuorumCore

/// A copy of a replayed run at some instant, so that seeking re-simulates from the nearest one
/// instead of from the start.
struct ReplayCheckpoint<Node: SimulatedNode & NodeDescribing> {
    let events: UInt64
    let time: SimTime
    /// Recorded inputs applied before it.
    let nextInput: Int
    /// The caption on screen at that instant.
    let caption: String?
    let simulator: Simulator<Node>
}
