import QuorumCore

/// The acceptor (Paxos Made Simple §2.2). P1: an acceptor must accept the first proposal it
/// receives; P1a: it accepts a proposal numbered n unless it has responded to a prepare request
/// numbered above n. Promises and votes are written to disk before the answer is sent.
extension PaxosNode {
    /// Phase 1(b): a prepare numbered above every one answered gets a promise carrying the
    /// highest-numbered proposal accepted in each slot; one numbered below gets a nack.
    mutating func receivePrepare(from: NodeID, ballot offered: Ballot, fromSlot: Int, _ effects: inout Effects) {
        highestRoundSeen = max(highestRoundSeen, offered.round)
        guard offered >= promised else {
            effects.append(.send(to: from, .nack(ballot: offered, promised: promised)))
            return
        }
        if offered > promised {
            promised = offered
            effects.append(.persist(.promise(offered)))  // before the promise leaves (§2.2)
        }
        effects.append(.send(to: from, .promise(ballot: offered, fromSlot: fromSlot, accepted: votesFrom(max(fromSlot, 1)))))
        // This node's own proposal at a lower ballot can no longer be accepted here.
        if role != .follower, offered > ballot {
            preempted(by: offered, &effects)
        } else if role == .follower, !isSingleDecree {
            // A proposer is taking over; give it time before competing.
            leaderBelief = offered.node
            setElectionTimer(&effects)
        }
    }

    /// Phase 2(b): accept unless a higher-numbered prepare was promised (§2.2 P1a).
    mutating func receiveAccept(from: NodeID, ballot offered: Ballot, slot: Int, value: PaxosValue, _ effects: inout Effects) {
        guard slot >= 1 else { return }
        highestRoundSeen = max(highestRoundSeen, offered.round)
        guard offered >= promised else {
            effects.append(.send(to: from, .nack(ballot: offered, promised: promised)))
            return
        }
        let vote = SlotVote(slot: slot, ballot: offered, value: value)
        if slot > accepted.count || accepted[slot - 1] != vote {
            promised = offered  // accepting n answers no prepare below n any more
            writeVote(vote, &effects)
        }
        effects.append(.send(to: from, .accepted(ballot: offered, slot: slot)))
        // Voted first: a proposer without back-off raises its own promise at once when pre-empted.
        if role != .follower, offered > ballot { preempted(by: offered, &effects) }
        heardFromLeader(offered.node, &effects)
    }

    /// The vote goes to disk first; the caller sends the answer after it.
    mutating func writeVote(_ vote: SlotVote, _ effects: inout Effects) {
        PaxosStorage.grow(&accepted, to: vote.slot)
        accepted[vote.slot - 1] = vote
        votesCast += 1
        effects.append(.persist(.accept(vote, startsInput: !wroteVoteThisInput)))
        wroteVoteThisInput = true
    }

    /// The leader is alive: a follower does not compete while it hears from it.
    mutating func heardFromLeader(_ leader: NodeID, _ effects: inout Effects) {
        guard !isSingleDecree, role == .follower, leader != id else { return }
        leaderBelief = leader
        setElectionTimer(&effects)
    }

    mutating func receiveHeartbeat(from: NodeID, ballot offered: Ballot, chosenThrough: Int, _ effects: inout Effects) {
        guard offered >= promised else {
            effects.append(.send(to: from, .nack(ballot: offered, promised: promised)))
            return
        }
        if role != .follower, offered > ballot { preempted(by: offered, &effects) }
        heardFromLeader(offered.node, &effects)
        if chosenThrough > executed { effects.append(.send(to: from, .catchUp(fromSlot: executed + 1))) }
    }
}
