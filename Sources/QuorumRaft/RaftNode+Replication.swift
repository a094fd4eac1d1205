import QuorumCore

/// Log replication (§5.3) and the commitment rule (§5.4.2).
extension RaftNode {
    /// Sends AppendEntries to followers. A heartbeat (§5.2) goes to every follower and re-arms the
    /// heartbeat timer; otherwise only followers being streamed to get the new entries.
    mutating func broadcastAppend(_ effects: inout Effects, heartbeat: Bool) {
        for peer in 0..<clusterSize where peer != id.index { sendAppend(to: NodeID(peer), &effects, force: heartbeat) }
        if heartbeat {
            effects.append(.setTimer(.heartbeat, afterMicros: config.heartbeatIntervalMicros))
        }
    }

    /// Sends the follower the entries from its nextIndex. A follower in probe state (after a
    /// rejection or at a new term) gets one message per heartbeat or answer; one whose last answer
    /// was a success gets entries streamed, nextIndex advancing optimistically (etcd raft's
    /// probe and replicate states). `force` sends even with no entries.
    mutating func sendAppend(to peer: NodeID, _ effects: inout Effects, force: Bool) {
        let next = nextIndex[peer.index]
        let entries = log.entries(from: next, maxCount: config.maxEntriesPerAppend)
        if !force {
            guard replicating[peer.index], !entries.isEmpty else { return }
        }
        let prevIndex = next - 1
        effects.append(.send(to: peer, .appendEntries(
            term: currentTerm, prevLogIndex: prevIndex, prevLogTerm: log.term(at: prevIndex) ?? 0,
            entries: entries, leaderCommit: commitIndex)))
        if replicating[peer.index] { nextIndex[peer.index] = next + entries.count }
    }

    /// Figure 2, AppendEntries receiver. Terms above ours were handled in `step`.
    mutating func handleAppendEntries(from leader: NodeID, term: Int, prevLogIndex: Int, prevLogTerm: Int,
                                      entries: [LogEntry], leaderCommit: Int, _ effects: inout Effects) {
        // 1. Reply false if term < currentTerm (§5.1).
        guard term == currentTerm else {
            effects.append(.send(to: leader, .appendEntriesResponse(term: currentTerm, success: false, matchIndex: 0, rejectedIndex: prevLogIndex, hintIndex: 0)))
            return
        }
        // §5.2 (Election Safety): at most one leader per term, so a leader never hears from another
        // leader of its own term. If it does, the cluster is already broken: raise the alarm loudly
        // and refuse, rather than step down quietly and hide it.
        if role == .leader {
            raiseSafetyAlarm("leader \(id) got AppendEntries from \(leader) in its own term \(term): two leaders in one term",
                             property: "Election Safety", &effects)
            effects.append(.send(to: leader, .appendEntriesResponse(term: currentTerm, success: false, matchIndex: 0, rejectedIndex: prevLogIndex, hintIndex: 0)))
            return
        }
        // §5.2: a candidate that hears from the leader of its term returns to follower.
        if role != .follower { becomeFollower(term: term, leader: leader, &effects) }
        leaderID = leader
        leaderHeardAtMicros = localClockMicros  // §9.6: the leader lease runs from here
        resetElectionTimer(&effects)
        // 2. Reply false if the log has no entry at prevLogIndex whose term matches (§5.3).
        guard let localTerm = log.term(at: prevLogIndex), localTerm == prevLogTerm else {
            effects.append(.send(to: leader, .appendEntriesResponse(
                term: currentTerm, success: false, matchIndex: 0, rejectedIndex: prevLogIndex,
                hintIndex: rejectionHint(prevLogIndex: prevLogIndex))))
            return
        }
        guard mergeEntries(entries, after: prevLogIndex, &effects) else { return }
        let lastNewIndex = prevLogIndex + entries.count
        // 5. If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
        if leaderCommit > commitIndex {
            let newCommit = min(leaderCommit, lastNewIndex)
            if newCommit > commitIndex {
                commitIndex = newCommit
                applyCommitted(&effects)
            }
        }
        effects.append(.send(to: leader, .appendEntriesResponse(term: currentTerm, success: true, matchIndex: lastNewIndex, rejectedIndex: 0, hintIndex: 0)))
    }

    /// §5.3's optimisation: a follower missing entries points past its last entry; one with a
    /// conflicting entry points at the first entry of that conflicting term.
    func rejectionHint(prevLogIndex: Int) -> Int {
        if prevLogIndex > log.lastIndex { return log.lastIndex + 1 }
        return log.firstIndex(ofTermAt: prevLogIndex)
    }

    /// Figure 2, AppendEntries receiver steps 3 and 4. Returns false if the entries were refused.
    mutating func mergeEntries(_ entries: [LogEntry], after prevLogIndex: Int, _ effects: inout Effects) -> Bool {
        for (offset, entry) in entries.enumerated() {
            let index = prevLogIndex + 1 + offset
            if let existing = log.term(at: index), existing == entry.term { continue }
            // 3. An existing entry that conflicts (same index, different term): delete it and all
            //    that follow. 4. Append any new entries not already in the log.
            guard index > commitIndex else {
                // Impossible in a correct Raft (Leader Completeness). Refuse, and raise the alarm
                // so that the run reports a violation instead of crashing.
                raiseSafetyAlarm("asked to overwrite committed entry \(index)", &effects)
                return false
            }
            let newEntries = Array(entries[offset...])
            log.truncate(from: index)
            for newEntry in newEntries { log.append(newEntry) }
            effects.append(.persist(.entries(from: index, newEntries)))
            return true
        }
        return true
    }

    mutating func handleAppendResponse(from follower: NodeID, term: Int, success: Bool, matchIndex match: Int,
                                       rejectedIndex: Int, hintIndex: Int, _ effects: inout Effects) {
        guard role == .leader, term == currentTerm else { return }  // stale answer
        let peer = follower.index
        recentlyActive[peer] = true
        if success {
            matchIndex[peer] = max(matchIndex[peer], match)
            nextIndex[peer] = max(nextIndex[peer], match + 1)
            replicating[peer] = true
            advanceCommit(&effects)
            sendAppend(to: follower, &effects, force: false)
            return
        }
        // A rejection of an older probe is stale: ignore it (etcd raft's maybeDecrTo rule).
        guard rejectedIndex == nextIndex[peer] - 1 || replicating[peer] else { return }
        // §5.3: on a consistency-check failure, back nextIndex off (here by the follower's hint).
        nextIndex[peer] = max(matchIndex[peer] + 1, min(hintIndex, rejectedIndex))
        replicating[peer] = false
        sendAppend(to: follower, &effects, force: true)
    }

    /// §5.3 and §5.4.2 (Figure 8): commit the highest index stored on a majority, but only when
    /// its entry is from the current term; earlier entries are then committed indirectly.
    mutating func advanceCommit(_ effects: inout Effects) {
        matchIndex[id.index] = log.lastIndex
        let candidate = majorityMatchIndex()
        guard candidate > commitIndex, log.term(at: candidate) == currentTerm else { return }
        commitIndex = candidate
        effects.append(.annotate(.commit(candidate)))
        applyCommitted(&effects)
        // Tell followers at once, so they apply without waiting for the next heartbeat.
        for peer in 0..<clusterSize where peer != id.index && replicating[peer] {
            sendAppend(to: NodeID(peer), &effects, force: true)
        }
    }

    /// The largest index that a majority of servers (the leader included) store.
    func majorityMatchIndex() -> Int {
        // The largest value v such that at least a majority of matchIndex values are >= v.
        var best = 0
        for value in matchIndex where value > best {
            var atLeast = 0
            for other in matchIndex where other >= value { atLeast += 1 }
            if atLeast >= majority { best = value }
        }
        return best
    }
}
