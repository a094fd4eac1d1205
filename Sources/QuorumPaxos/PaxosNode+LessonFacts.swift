import QuorumCore

/// The facts a lesson's `expect` reads off a Paxos node, beyond those of its panels: per slot what
/// this acceptor accepted (ballot and value) and what this learner learned, and its ballot's round
/// as a number, so a lesson can claim that ballots climb or that a proposer adopted a value (P2c).
extension PaxosNode {
    /// The panel's facts, then `ballot-round`, and for every slot up to the newest this node knows
    /// (at least the first `tableRows`): `accepted-S` (the value, or `none`), `accepted-ballot-S`
    /// (`2.n1`, or `none`) and `learned-S` (the value, or `none`).
    public func lessonFacts() -> [NodePanel.Fact] {
        var facts = describe(logTail: Int.max / 2).lessonFacts
        facts.append(NodePanel.Fact("ballot-round", String(ballot.round)))
        let lastSlot = max(accepted.count, learned.count, Self.tableRows)
        for slot in 1...lastSlot {
            let vote = acceptedVote(slot)
            facts.append(NodePanel.Fact("accepted-\(slot)", vote?.value.label ?? "none"))
            facts.append(NodePanel.Fact("accepted-ballot-\(slot)", vote?.ballot.description ?? "none"))
            facts.append(NodePanel.Fact("learned-\(slot)", learnedValue(slot)?.label ?? "none"))
        }
        return facts
    }
}
