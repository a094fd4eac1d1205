import QuorumCore

/// The proposer (Paxos Made Simple §2.2, "Phase 1" and "Phase 2"; §3 for the leader of
/// Multi-Paxos).
extension PaxosNode {
    /// Phase 1(a): a ballot higher than any this node has seen, unique because it carries the
    /// node's id (§2.2: "different proposals have different numbers"). The node's own acceptor
    /// promises first (written to disk before the prepare goes out).
    mutating func startPhase1(_ effects: inout Effects) {
        if role != .follower || consecutiveFailures > 0 { duels += 1 }  // a retry, not a first try
        let round = max(promised.round, ballot.round, highestRoundSeen) + 1
        highestRoundSeen = round
        ballot = Ballot(round: round, node: id)
        role = .candidate
        leaderBelief = nil
        fromSlot = isSingleDecree ? 1 : executed + 1
        promisesFrom = 0
        reportedVotes = [:]
        proposals = [:]
        proposedRequests = [:]
        effects.append(.cancelTimer(.heartbeat))
        effects.append(.annotate(.role(roleName, term: round)))
        promised = ballot
        effects.append(.persist(.promise(ballot)))
        recordPromise(from: id, votes: votesFrom(fromSlot))
        for peer in others { effects.append(.send(to: peer, .prepare(ballot: ballot, fromSlot: fromSlot))) }
        // A stalled ballot (messages lost, acceptors down) is retried when this fires.
        if config.backoff { setElectionTimer(&effects) } else { effects.append(.setTimer(.election, afterMicros: config.electionTimeoutMicros)) }
        if promiseCount >= majority { phase1Complete(&effects) }  // a cluster of one
    }

    var promiseCount: Int { promisesFrom.nonzeroBitCount }

    /// The acceptor's accepted proposals from `slot` on (what a promise carries).
    func votesFrom(_ slot: Int) -> [SlotVote] {
        guard slot <= accepted.count else { return [] }
        return accepted[(slot - 1)...].compactMap { $0 }
    }

    mutating func recordPromise(from node: NodeID, votes: [SlotVote]) {
        promisesFrom |= 1 << UInt64(node.index)
        for vote in votes where vote.slot >= fromSlot {
            if let known = reportedVotes[vote.slot], known.ballot >= vote.ballot { continue }
            reportedVotes[vote.slot] = vote
        }
    }

    /// Phase 1(b) answers.
    mutating func receivePromise(from: NodeID, ballot promisedBallot: Ballot, votes: [SlotVote], _ effects: inout Effects) {
        guard role == .candidate, promisedBallot == ballot, promisesFrom & (1 << UInt64(from.index)) == 0 else { return }
        recordPromise(from: from, votes: votes)
        if promiseCount >= majority { phase1Complete(&effects) }
    }

    /// A majority promised: Phase 2(a) for every slot the promises reported (§2.2 P2c), gaps filled
    /// with no-ops (§3), then new commands in the slots after them.
    mutating func phase1Complete(_ effects: inout Effects) {
        role = .leader
        consecutiveFailures = 0
        if isSingleDecree {
            effects.append(.annotate(.role(roleName, term: ballot.round)))
            propose(valueFor(slot: 1, otherwise: ownValue ?? .own(id)), in: 1, &effects)
            return
        }
        leaderBelief = id
        effects.append(.annotate(.role(roleName, term: ballot.round, leads: true)))
        effects.append(.cancelTimer(.election))
        let lastReported = max(reportedVotes.keys.max() ?? 0, learned.count)
        nextSlot = max(fromSlot, lastReported + 1)
        if fromSlot <= lastReported {
            for slot in fromSlot...lastReported {
                if let known = learnedValue(slot) {
                    propose(known, in: slot, &effects)  // chosen already: P2c gives this value too
                } else {
                    propose(valueFor(slot: slot, otherwise: .noop), in: slot, &effects)
                }
            }
        }
        sendHeartbeats(resendingAccepts: false, &effects)
        proposeWaitingClients(&effects)
    }

    /// Paxos Made Simple §2.2 P2c: the value of the highest-numbered proposal among those the
    /// majority of acceptors reported, or, when none of them accepted one, any value (`free`).
    /// This is what makes P2b (every higher-numbered proposal issued has the chosen value) and so
    /// P2a and P2 hold.
    func valueFor(slot: Int, otherwise free: PaxosValue) -> PaxosValue {
        if config.ignoresPromisedValues { return free }  // the mutation: breaks P2c on purpose
        return reportedVotes[slot]?.value ?? free
    }

    /// Requests that reached this node while it ran Phase 1.
    mutating func proposeWaitingClients(_ effects: inout Effects) {
        for request in waitingClients where stateMachine.cachedOutput(for: request) == nil && proposedRequests[request] == nil {
            let slot = nextSlot
            nextSlot += 1
            propose(.request(request), in: slot, &effects)
        }
    }

    /// Phase 2(a): one value per slot at this ballot (§2.2: a proposal is a number and one value,
    /// and numbers are unique, so two values never share a ballot). The node's own acceptor
    /// accepts first.
    mutating func propose(_ value: PaxosValue, in slot: Int, _ effects: inout Effects) {
        precondition(role == .leader && proposals[slot] == nil, "one proposal per slot and ballot")
        proposals[slot] = Proposal(value: value)
        if case .request(let request) = value { proposedRequests[request] = slot }
        acceptLocally(SlotVote(slot: slot, ballot: ballot, value: value), &effects)
        for peer in others { effects.append(.send(to: peer, .accept(ballot: ballot, slot: slot, value: value))) }
        countVote(from: id, slot: slot, &effects)
    }

    /// The leader's own acceptor accepts its proposal (it promised this ballot, nothing higher).
    mutating func acceptLocally(_ vote: SlotVote, _ effects: inout Effects) {
        precondition(vote.ballot == promised, "a leader's own acceptor promised nothing higher")
        writeVote(vote, &effects)
    }

    /// Phase 2(b) answers reach the distinguished learner (§2.3).
    mutating func receiveAccepted(from: NodeID, ballot acceptedBallot: Ballot, slot: Int, _ effects: inout Effects) {
        guard role == .leader, acceptedBallot == ballot, proposals[slot] != nil else { return }
        countVote(from: from, slot: slot, &effects)
    }

    /// §2.3: a value is chosen when a majority of acceptors accepted it; the distinguished learner
    /// learns it and tells the others.
    mutating func countVote(from node: NodeID, slot: Int, _ effects: inout Effects) {
        guard var proposal = proposals[slot] else { return }
        proposal.votes |= 1 << UInt64(node.index)
        proposals[slot] = proposal
        guard proposal.votes.nonzeroBitCount >= majority else { return }
        proposals[slot] = nil
        learn(slot: slot, value: proposal.value, &effects)
        for peer in others { effects.append(.send(to: peer, .chosen(slot: slot, value: proposal.value))) }
        if isSingleDecree {
            role = .follower
            effects.append(.cancelTimer(.election))
            effects.append(.annotate(.role(roleName, term: ballot.round)))
        }
    }

    /// A rejection: an acceptor promised a higher ballot, so this one cannot succeed (§2.2's
    /// suggested optimisation: abandon the proposal).
    mutating func receiveNack(ballot rejected: Ballot, promised higher: Ballot, _ effects: inout Effects) {
        highestRoundSeen = max(highestRoundSeen, higher.round)
        guard role != .follower, rejected == ballot, higher > ballot else { return }
        preempted(by: higher, &effects)
    }

    /// Another proposer's higher ballot won the acceptors over. With back-off, step aside and wait
    /// a random, growing time; without, try a higher ballot at once (the duel of §2.4).
    mutating func preempted(by higher: Ballot, _ effects: inout Effects) {
        highestRoundSeen = max(highestRoundSeen, higher.round)
        let wasLeader = role == .leader
        role = .follower
        consecutiveFailures += 1
        leaderBelief = isSingleDecree || higher.node == id ? nil : higher.node
        proposals = [:]
        proposedRequests = [:]
        effects.append(.cancelTimer(.heartbeat))
        effects.append(.annotate(.role(roleName, term: higher.round)))
        if wasLeader && !isSingleDecree {
            // Clients wait on another leader now; this node can no longer promise their answers.
            waitingClients.removeAll()
        }
        if isSingleDecree, learned.first.flatMap({ $0 }) != nil { return }
        if config.backoff {
            setBackoffTimer(&effects)
        } else {
            if isSingleDecree, ownValue == nil { ownValue = .own(id) }
            startPhase1(&effects)
        }
    }

    /// The leader's heartbeat, and the accepts still unanswered sent again (messages get lost).
    mutating func sendHeartbeats(resendingAccepts: Bool = true, _ effects: inout Effects) {
        for peer in others {
            effects.append(.send(to: peer, .heartbeat(ballot: ballot, chosenThrough: executed)))
        }
        var resent = 0
        for slot in proposals.keys.sorted() where resendingAccepts && resent < 32 {
            let proposal = proposals[slot]!
            for peer in others where proposal.votes & (1 << UInt64(peer.index)) == 0 {
                effects.append(.send(to: peer, .accept(ballot: ballot, slot: slot, value: proposal.value)))
            }
            resent += 1
        }
        effects.append(.setTimer(.heartbeat, afterMicros: config.heartbeatIntervalMicros))
    }
}
