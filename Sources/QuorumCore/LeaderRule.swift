/// Which node leads the cluster: the one rule behind `kill leader`, the `K` key and the leader a
/// view highlights, for a live run (`Simulator.leader`) and a replay drawn from a recording
/// (`RecordedWorld.leader`) alike.
///
/// The leader is the up node that believes it leads in the highest term. Terms (or views) order
/// leaderships: a leader of an older term is stale, it has not yet heard of the newer one, so after
/// a partition the node cut off with an old term loses to the one elected since, whatever their
/// ids. Crashed and frozen nodes never lead. Two up nodes leading the same term would break
/// election safety (at most one leader per term); should it happen, the lowest id wins, so the
/// choice stays deterministic. Nil when no up node leads (a leaderless protocol, or between
/// elections).
public enum LeaderRule {
    /// One node as the rule sees it.
    public struct Claim: Sendable, Equatable {
        public var status: NodeStatus
        /// The term (or view) in which the node believes it leads; nil when it does not.
        public var leaderTerm: Int?

        public init(status: NodeStatus, leaderTerm: Int?) {
            self.status = status
            self.leaderTerm = leaderTerm
        }
    }

    /// The leader among `claims`, one per node in id order.
    public static func leader(_ claims: some Sequence<Claim>) -> NodeID? {
        var best: (node: NodeID, term: Int)?
        for (index, claim) in claims.enumerated() where claim.status == .up {
            guard let term = claim.leaderTerm, best.map({ term > $0.term }) ?? true else { continue }
            best = (NodeID(index), term)
        }
        return best?.node
    }
}
