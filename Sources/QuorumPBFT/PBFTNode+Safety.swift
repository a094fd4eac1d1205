import QuorumCore

/// PBFT's safety as seen from outside the replicas (§4.5.1): no two honest replicas execute
/// different requests at one sequence number, in any view.
extension PBFTNode {
    /// The first sequence number, from `from` on, where two replicas that never misbehaved
    /// executed different requests, with the two replicas (the one that executed most second);
    /// else nil and how many requests every honest replica has executed (all of them agreed).
    public static func divergence<Nodes: Collection<PBFTNode>>(_ nodes: Nodes, faulty: [NodeID], from: Int = 0)
        -> (found: (NodeID, NodeID, sequence: Int)?, agreedThrough: Int) {
        let honest = nodes.filter { !faulty.contains($0.id) }
        guard let longest = honest.max(by: { $0.executedDigests.count < $1.executedDigests.count }) else { return (nil, 0) }
        let reference = longest.executedDigests
        for node in honest where node.id != longest.id {
            let digests = node.executedDigests
            guard from < digests.count else { continue }
            if let index = (from..<digests.count).first(where: { digests[$0] != reference[$0] }) {
                return ((node.id, longest.id, index + 1), 0)
            }
        }
        return (nil, honest.map(\.executedDigests.count).min() ?? 0)
    }

    /// For the live view: the replicas' logs from the lowest stable checkpoint among the honest
    /// ones (a divergence keeps the diverged replicas from agreeing on a checkpoint past it).
    public static func safetyViolation<Nodes: Collection<PBFTNode>>(_ nodes: Nodes, faulty: [NodeID]) -> String? {
        let from = nodes.filter { !faulty.contains($0.id) }.map(\.lowWatermark).min() ?? 0
        guard let (a, b, sequence) = divergence(nodes, faulty: faulty, from: from).found else { return nil }
        return "\(a) and \(b) executed different requests at sequence number \(sequence) (PBFT §4.5.1)"
    }
}
