/// What a misbehaving node knows when it rewrites its effects: which node it is and which nodes
/// are faulty with it. Byzantine fault models assume one adversary that coordinates every faulty
/// node (e.g. PBFT §2), so faulty nodes may act together; they still cannot speak for the honest
/// ones (messages are authenticated).
public struct Adversary: Sendable, Equatable {
    public let node: NodeID
    /// Every node misbehaving now, in index order (`node` among them).
    public let faulty: [NodeID]
    public let clusterSize: Int

    public init(node: NodeID, faulty: [NodeID], clusterSize: Int) {
        precondition(faulty.contains(node), "a misbehaving node is faulty")
        self.node = node
        self.faulty = faulty
        self.clusterSize = clusterSize
    }

    /// The honest nodes, in index order.
    public var honest: [NodeID] { NodeID.all(count: clusterSize).filter { !faulty.contains($0) } }
}
