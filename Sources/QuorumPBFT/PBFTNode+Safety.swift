import QuorumCore

/// PBFT's safety as seen from outside the replicas (§4.5.1): no two honest replicas execute
/// different requests at one sequence number, in any view.
extension PBFTNode {
    /// The first sequence number, from `from` on, where two replicas that never misbehaved
    /// executed different requests, with the two replicas (the one that executed most first).
    public static func divergence(_ nodes: [PBFTNode], faulty: [NodeID], from: Int = 0) -> (NodeID, NodeID, sequence: Int)? {
        let honest = nodes.filter { !faulty.contains($0.id) }
        guard let longest = honest.max(by: { $0.executedDigests.count < $1.executedDigests.count }) else { return nil }
        let reference = longest.executedDigests
        for node in honest where node.id != longest.id {
            let digests = node.executedDigests
            guard from < digests.count else { continue }
            if let index = (from..<digests.count).first(where: { digests[$0] != reference[$0] }) {
                return (node.id, longest.id, index + 1)
            }
        }
        return nil
    }

    /// For the live view: the replicas' logs from the lowest stable checkpoint among the honest
    /// ones (a divergence keeps the diverged replicas from agreeing on a checkpoint past it).
    public static func safetyViolation(_ nodes: [PBFTNode], faulty: [NodeID]) -> String? {
        let from = nodes.filter { !faulty.contains($0.id) }.map(\.lowWatermark).min() ?? 0
        guard let (a, b, sequence) = divergence(nodes, faulty: faulty, from: from) else { return nil }
        return "\(a) and \(b) executed different requests at sequence number \(sequence) (PBFT §4.5.1)"
    }
}
