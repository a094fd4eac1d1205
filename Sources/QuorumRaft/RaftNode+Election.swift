import QuorumCore

/// Leader election (§5.2) with the voting restriction of §5.4.1.
extension RaftNode {
    /// §5.2: on election timeout a follower becomes a candidate: new term, vote for itself, reset
    /// the election timer, ask every other server for its vote.
    mutating func startElection(_ effects: inout Effects) {
        currentTerm += 1
        role = .candidate
        leaderID = nil
        votedFor = id
        persistHardState(&effects)
        effects.append(.annotate(.role("candidate", term: currentTerm)))
        for index in 0..<clusterSize { votes[index] = nil }
        votes[id.index] = true
        resetElectionTimer(&effects)
        if grantedVotes >= majority {  // a cluster of one
            becomeLeader(&effects)
            return
        }
        for peer in 0..<clusterSize where peer != id.index {
            effects.append(.send(to: NodeID(peer), .requestVote(term: currentTerm, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm)))
        }
    }

    /// §9.6: before a real election, ask whether a majority would vote for us in the next term,
    /// without changing our term or vote.
    mutating func startPreVote(_ effects: inout Effects) {
        role = .preCandidate
        leaderID = nil
        effects.append(.annotate(.role("pre-candidate", term: currentTerm)))
        for index in 0..<clusterSize { votes[index] = nil }
        votes[id.index] = true
        resetElectionTimer(&effects)
        if grantedVotes >= majority {
            startElection(&effects)
            return
        }
        for peer in 0..<clusterSize where peer != id.index {
            effects.append(.send(to: NodeID(peer), .requestPreVote(term: currentTerm + 1, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm)))
        }
    }

    /// A pre-vote is granted for a term above ours to a candidate whose log is at least as
    /// up-to-date (§5.4.1's rule), and only by a voter that has not heard from a current leader
    /// within the minimum election timeout (dissertation §9.6: "the voters have not received
    /// heartbeats from a valid leader for at least a baseline election timeout"); a leader never
    /// grants one. Nothing is recorded.
    mutating func handleRequestPreVote(from candidate: NodeID, term: Int, lastLogIndex: Int, lastLogTerm: Int, _ effects: inout Effects) {
        let upToDate = lastLogTerm > log.lastTerm || (lastLogTerm == log.lastTerm && lastLogIndex >= log.lastIndex)
        let granted = term > currentTerm && upToDate && !hearsFromLeader
        effects.append(.send(to: candidate, .requestPreVoteResponse(term: granted ? term : currentTerm, granted: granted)))
    }

    mutating func handlePreVoteResponse(from voter: NodeID, term: Int, granted: Bool, _ effects: inout Effects) {
        if !granted, term > currentTerm {
            becomeFollower(term: term, leader: nil, &effects)
            return
        }
        guard role == .preCandidate, term == currentTerm + 1 else { return }  // stale
        votes[voter.index] = granted
        if grantedVotes >= majority { startElection(&effects) }
    }

    var grantedVotes: Int { votes.reduce(0) { $0 + ($1 == true ? 1 : 0) } }

    /// Figure 2, RequestVote receiver. Terms above ours were handled in `step`.
    mutating func handleRequestVote(from candidate: NodeID, term: Int, lastLogIndex: Int, lastLogTerm: Int, _ effects: inout Effects) {
        // 1. Reply false if term < currentTerm (§5.1).
        guard term == currentTerm else {
            effects.append(.send(to: candidate, .requestVoteResponse(term: currentTerm, granted: false)))
            return
        }
        // 2. At most one vote per term (§5.2) ...
        let canVote = votedFor == nil || votedFor == candidate
        // ... and only for a candidate whose log is at least as up-to-date as ours (§5.4.1): the
        // later last term wins; with equal last terms, the longer log.
        let upToDate = lastLogTerm > log.lastTerm || (lastLogTerm == log.lastTerm && lastLogIndex >= log.lastIndex)
        let granted = canVote && upToDate
        if granted {
            votedFor = candidate
            persistHardState(&effects)  // the vote must survive a crash before it is sent
            resetElectionTimer(&effects)  // Figure 2: granting a vote resets the election timer
        }
        effects.append(.send(to: candidate, .requestVoteResponse(term: currentTerm, granted: granted)))
    }

    mutating func handleVoteResponse(from voter: NodeID, term: Int, granted: Bool, _ effects: inout Effects) {
        guard role == .candidate, term == currentTerm else { return }  // stale answer
        votes[voter.index] = granted
        // §5.2: votes from a majority of servers make the candidate leader.
        if grantedVotes >= majority { becomeLeader(&effects) }
    }

    /// Check-quorum (dissertation §6.2): a leader that has not heard from a majority during an
    /// election timeout steps down, since a newer leader may already exist elsewhere.
    mutating func checkQuorum(_ effects: inout Effects) {
        recentlyActive[id.index] = true
        let active = recentlyActive.reduce(0) { $0 + ($1 ? 1 : 0) }
        for index in 0..<clusterSize { recentlyActive[index] = false }
        if config.checkQuorum && active < majority {
            effects.append(.annotate(.note("stepped down: no quorum heard in term \(currentTerm)")))
            becomeFollower(term: currentTerm, leader: nil, &effects)
            return
        }
        effects.append(.setTimer(.checkQuorum, afterMicros: config.electionTimeoutMinMicros))
    }
}
